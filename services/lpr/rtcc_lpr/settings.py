from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_LPR_", extra="ignore")
    service_name = "lpr"

    grpc_port: int = 50063
    metrics_port: int | None = 9463
    # Reads with no hit and no case are deleted after this many days.
    retention_days: int = 30
    retention_interval_s: float = 3600.0
    max_image_bytes: int = 5 * 1024 * 1024
    max_batch_reads: int = 5000
    # A hotlist CSV larger than this is refused (1,000,000 entries take about 60 MB).
    max_import_bytes: int = 512 * 1024 * 1024
    # A read of a vehicle that already has an open alert for the same hotlist entry, within
    # this long of its latest read and at the same reader or camera or this close to it,
    # is counted on that alert instead of raising another (rtcc_lpr.repeats).
    alert_repeat_window_s: float = 600.0
    alert_repeat_radius_m: float = 1000.0

    # Plate reading from cameras the registry flags for it (permissions.plate_reading).
    camera_registry_addr: str = "127.0.0.1:50061"
    camera_reading: bool = True
    # keyframes: one decoded picture per group of pictures; rate: frames_per_second a camera.
    camera_sampling: Literal["keyframes", "rate"] = "keyframes"
    camera_frames_per_second: float = 2.0
    # The state given to a plate read from video when the picture does not show its state:
    # set it to the state the cameras stand in.
    home_state: str = "CA"
    camera_retry_min_s: float = 1.0
    camera_retry_max_s: float = 60.0
    registry_retry_s: float = 5.0

    @property
    def images_dir(self) -> Path:
        return self.data_dir / "lpr" / "images"


def build_settings() -> Settings:
    return Settings()
