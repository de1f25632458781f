"""Settings shared by every process; each process subclasses one of these classes.

A subclass sets `env_prefix="RTCC_<SERVICE>_"`. Suite-wide variables (`RTCC_DATABASE_URL`,
`RTCC_DATA_DIR`, `RTCC_ENVIRONMENT`, ...) apply to every process unless the prefixed one is set.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

Environment = Literal["development", "production"]
LogFormat = Literal["console", "json"]


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    environment: Environment = "development"
    log_format: LogFormat = "console"
    log_level: str = "INFO"
    data_dir: Path = Path("~/.rtcc")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        suite_env = EnvSettingsSource(settings_cls, env_prefix="RTCC_")
        return (init_settings, env_settings, suite_env, dotenv_settings, file_secret_settings)

    @model_validator(mode="after")
    def _expand_data_dir(self) -> CommonSettings:
        self.data_dir = self.data_dir.expanduser()
        return self

    def refuse_default_secret(self, name: str, value: SecretStr, default: str) -> None:
        """A secret left at its development default must never reach production."""
        if self.environment != "development" and value.get_secret_value() == default:
            raise ValueError(f"{name} must be set outside development (it is still the default)")


class ServiceSettings(CommonSettings):
    """A gRPC service: where it listens and which database it owns."""

    service_name: ClassVar[str]

    grpc_host: str = "127.0.0.1"
    grpc_port: int = 50051
    database_url: str = ""
    # Prometheus metrics at http://metrics_host:metrics_port/metrics; each service sets its
    # own default port; 0 takes any free port, None (in code) turns them off.
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None

    @model_validator(mode="after")
    def _default_database(self) -> ServiceSettings:
        if not self.database_url:
            path = self.data_dir / "db" / f"{self.service_name}.sqlite"
            self.database_url = f"sqlite+aiosqlite:///{path}"
        return self
