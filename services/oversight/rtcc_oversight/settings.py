from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings

DEV_SECRETS_KEY = "development-only-oversight-secrets-key"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_OVERSIGHT_", extra="ignore")
    service_name = "oversight"

    grpc_port: int = 50065
    metrics_port: int | None = 9465
    # CJIS: five failed logins lock an account for ten minutes (DESIGN.md). Here they lock it at
    # the source address they came from; `account_max_failed_logins` from all addresses together
    # lock it everywhere (login.py explains why).
    max_failed_logins: int = 5
    account_max_failed_logins: int = 25
    login_failure_window_s: float = 600.0
    lockout_s: float = 600.0
    # Per source address: this many failed attempts at once, then one more every refill period.
    login_throttle_burst: int = 20
    login_throttle_refill_s: float = 10.0
    # Threads that run scrypt beside the event loop (each hash takes ~16 MiB while it runs).
    login_hash_workers: int = 2
    # A session unused this long is over; the user signs in again.
    session_idle_s: float = 15 * 60.0
    session_max_s: float = 12 * 3600.0
    totp_issuer: str = "Open RTCC"
    # Encrypts TOTP secrets at rest; production must set its own.
    secrets_key: SecretStr = SecretStr(DEV_SECRETS_KEY)
    # The audit chain's anchor outside the database (audit_anchor.py): the MAC key, from this
    # setting or else from the key file (made at first start in development only), and the
    # append-only file of signed checkpoints. Neither belongs on the database's volume.
    audit_key: SecretStr | None = None
    audit_key_file: Path | None = None  # default: <data_dir>/secrets/oversight_audit.key
    audit_checkpoint_file: Path | None = (
        None  # default: <data_dir>/oversight/audit-checkpoints.jsonl
    )
    # Records newer than the newest checkpoint can be cut undetected: checkpoint often.
    audit_checkpoint_interval_s: float = 5.0
    audit_checkpoint_every: int = 1000
    # The whole chain is verified this often; a broken chain is logged and shown in health.
    audit_verify_interval_s: float = 900.0
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

    @model_validator(mode="after")
    def _anchor_paths(self) -> Settings:
        if self.audit_key_file is None:
            self.audit_key_file = self.data_dir / "secrets" / "oversight_audit.key"
        if self.audit_checkpoint_file is None:
            self.audit_checkpoint_file = self.data_dir / "oversight" / "audit-checkpoints.jsonl"
        if self.audit_key is not None and len(self.audit_key.get_secret_value()) < 32:
            raise ValueError("RTCC_OVERSIGHT_AUDIT_KEY must have at least 32 characters")
        return self


def build_settings() -> Settings:
    return Settings()
