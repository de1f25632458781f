from __future__ import annotations

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings

DEV_CREDENTIALS_KEY = "development-only-camera-credentials-key"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_CAMERA_REGISTRY_", extra="ignore")
    service_name = "camera_registry"

    grpc_port: int = 50061
    metrics_port: int | None = 9461
    # Encrypts stream-URL credentials at rest; production must set its own.
    credentials_key: SecretStr = SecretStr(DEV_CREDENTIALS_KEY)
    # RTSP DESCRIBE probes of active cameras.
    health_interval_s: float = 30.0
    health_timeout_s: float = 5.0
    health_concurrency: int = 32
    # A WatchCameras subscriber further behind than this is dropped and must reconnect.
    watch_queue_size: int = 10_000
    # Cameras kept in memory for reads by id (a few KB each).
    camera_cache_size: int = 20_000
    # Where stream URLs may point (stream_policy): the schemes cameras speak (add "http" and
    # "https" only for MJPEG-over-HTTP cameras), networks refused besides loopback, link-local
    # and multicast (the center's own service networks), and exceptions (the demo's cameras on
    # this host: ["127.0.0.0/8"]).
    stream_schemes: list[str] = ["rtsp", "rtsps"]
    stream_denied_networks: list[str] = []
    stream_allowed_networks: list[str] = []

    @model_validator(mode="after")
    def _refuse_dev_key(self) -> Settings:
        self.refuse_default_secret(
            "RTCC_CAMERA_REGISTRY_CREDENTIALS_KEY", self.credentials_key, DEV_CREDENTIALS_KEY
        )
        return self


def build_settings() -> Settings:
    return Settings()
