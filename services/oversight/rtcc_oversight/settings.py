from __future__ import annotations

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings

DEV_SECRETS_KEY = "development-only-oversight-secrets-key"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_OVERSIGHT_", extra="ignore")
    service_name = "oversight"

    grpc_port: int = 50065
    # Five failed logins lock an account for ten minutes (security rules in DESIGN.md).
    max_failed_logins: int = 5
    lockout_s: float = 600.0
    # A session unused this long is over; the user signs in again.
    session_idle_s: float = 15 * 60.0
    session_max_s: float = 12 * 3600.0
    totp_issuer: str = "Open RTCC"
    # Encrypts TOTP secrets at rest; production must set its own.
    secrets_key: SecretStr = SecretStr(DEV_SECRETS_KEY)
    # The report gathers figures from the other services; each call carries this deadline.
    camera_registry_addr: str = "127.0.0.1:50061"
    recorder_addr: str = "127.0.0.1:50062"
    lpr_addr: str = "127.0.0.1:50063"
    cases_addr: str = "127.0.0.1:50064"
    report_call_deadline_s: float = 10.0

    @model_validator(mode="after")
    def _refuse_dev_key(self) -> Settings:
        self.refuse_default_secret("RTCC_OVERSIGHT_SECRETS_KEY", self.secrets_key, DEV_SECRETS_KEY)
        return self


def build_settings() -> Settings:
    return Settings()
