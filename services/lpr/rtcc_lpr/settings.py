from __future__ import annotations

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_LPR_", extra="ignore")
    service_name = "lpr"

    grpc_port: int = 50063
    # Reads with no hit and no case are deleted after this many days.
    retention_days: int = 30
    retention_interval_s: float = 3600.0
    max_image_bytes: int = 5 * 1024 * 1024
    max_batch_reads: int = 5000
    # A hotlist CSV larger than this is refused (1,000,000 entries take about 60 MB).
    max_import_bytes: int = 512 * 1024 * 1024

    @property
    def images_dir(self) -> Path:
        return self.data_dir / "lpr" / "images"


def build_settings() -> Settings:
    return Settings()
