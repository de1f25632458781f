from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_RECORDER_", extra="ignore")
    service_name = "recorder"

    grpc_port: int = 50062
    metrics_port: int | None = 9462
    camera_registry_addr: str = "127.0.0.1:50061"
    # Where segments and exports live; data_dir/recordings and data_dir/exports unless set.
    recordings_dir: Path | None = None
    exports_dir: Path | None = None
    # Names this process in the lease table; several recorders share one database. Unset: a
    # name kept in the data folder, the same after a restart (rtcc_recorder.instance).
    instance_id: str = ""

    ffmpeg: str = "ffmpeg"
    # Asks each camera what it sends before a session: its audio decides copy or AAC.
    ffprobe: str = "ffprobe"
    rtsp_transport: str = "tcp"
    segment_s: float = 10.0
    # A session that delivers no new frame for this long is cut and reconnected.
    stall_timeout_s: float = 15.0
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 30.0
    # A gap longer than this raises a camera_outage event.
    long_outage_s: float = 300.0
    # Camera and recorder clocks may disagree by this much before the drift is noted.
    clock_drift_tolerance_s: float = 2.0

    lease_ttl_s: float = 30.0
    lease_interval_s: float = 10.0
    registry_retry_s: float = 5.0

    # Exports that write at once; the others wait their turn (a canvass may ask for many).
    max_concurrent_exports: int = 2

    default_retention_days: int = 30
    # 0 means no cap.
    max_bytes_per_camera: int = 0
    min_free_bytes: int = 2 * 1024**3
    sweep_interval_s: float = 300.0
    reconcile_interval_s: float = 3600.0
    # Spans of activity measured from each finished segment's coded sizes (activity.py).
    activity_index: bool = True

    @model_validator(mode="after")
    def _default_dirs(self) -> Settings:
        if self.recordings_dir is None:
            self.recordings_dir = self.data_dir / "recordings"
        if self.exports_dir is None:
            self.exports_dir = self.data_dir / "exports"
        return self

    @property
    def recordings_path(self) -> Path:
        assert self.recordings_dir is not None
        return self.recordings_dir

    @property
    def exports_path(self) -> Path:
        assert self.exports_dir is not None
        return self.exports_dir


def build_settings() -> Settings:
    return Settings()
