from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_CASES_", extra="ignore")
    service_name = "cases"

    grpc_port: int = 50064
    metrics_port: int | None = 9464
    # Attaching footage and releasing holds need the recorder; everything else works without it.
    recorder_addr: str = "127.0.0.1:50062"
    # Each recorder call carries this deadline, well inside the gateway's own (5 s), so a stuck
    # recorder costs the caller a clear UNAVAILABLE, not a gateway timeout.
    recorder_deadline_s: float = 2.0
    # Clips that owners upload through footage requests, checked with ffprobe and kept under
    # the data dir (footage_uploads/<case>/), each at most this large.
    ffprobe: str = "ffprobe"
    footage_upload_max_bytes: int = 2 * 1024**3


def build_settings() -> Settings:
    return Settings()
