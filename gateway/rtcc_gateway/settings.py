from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from rtcc_common.settings import CommonSettings


class IceServer(BaseModel):
    """A STUN or TURN server for live view, as in the browser's RTCIceServer."""

    urls: list[str]
    username: str | None = None
    credential: SecretStr | None = None


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_GATEWAY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8080
    # Prometheus metrics at http://metrics_host:metrics_port/metrics, apart from the public
    # listener and without a credential: bind it where only IT's scrapers reach it.
    # 0 takes any free port; None (in code) turns them off.
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = 9460
    camera_registry_addr: str = "127.0.0.1:50061"
    recorder_addr: str = "127.0.0.1:50062"
    lpr_addr: str = "127.0.0.1:50063"
    cases_addr: str = "127.0.0.1:50064"
    oversight_addr: str = "127.0.0.1:50065"
    # Every unary call to a service carries this deadline, so a stuck backend costs a 504.
    call_deadline_s: float = 5.0
    readiness_timeout_s: float = 1.0
    # HS256 key for access tokens; kept in the data dir unless set (production sets it).
    token_key_file: Path | None = None
    token_ttl_s: int = 8 * 3600
    # A token from a password login is short-lived; its session also ends when idle.
    access_token_ttl_s: int = 15 * 60
    # Approvals, API keys and sessions are asked of the oversight service at most this often:
    # a council decision, a revoked key or an ended session takes effect within this time.
    policy_cache_s: float = 5.0
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; from any
    # other peer the header is ignored. Empty: the peer is the client.
    trusted_proxies: list[str] = []
    # An open alert stream sends a keepalive this often when idle, and re-checks its caller's
    # credential and approvals then and before every alert.
    alert_stream_keepalive_s: float = 15.0
    # Open live sessions have their viewer's credential and approvals checked this often.
    live_recheck_s: float = 5.0
    # Live view. No ICE servers by default: host candidates suffice on a closed network.
    # RTCC_GATEWAY_ICE_SERVERS='[{"urls": ["turn:turn.example:3478"], "username": ..., ...}]'
    ice_servers: list[IceServer] = []
    # An upstream RTSP session stays this long after its last viewer leaves.
    live_idle_close_s: float = 10.0
    # A viewer whose peer connection is not up this long after the answer, or who has no
    # picture yet from a camera that keeps failing, is let go (else it would hold its session
    # and the camera's upstream for ever).
    live_connect_timeout_s: float = 30.0
    # The city's time zone (IANA name): the dashboard shows every time in it, and says which.
    display_time_zone: str = "UTC"
    # The dashboard's basemap: a MapLibre style URL (the city's GIS, an OpenStreetMap style,
    # a PMTiles file behind a style), or else a raster tile template ({z}/{x}/{y}). Neither set:
    # cameras are drawn on a plain ground. `rtcc up --demo` uses the demo city's streets.
    map_style_url: str = ""
    map_raster_tiles_url: str = ""
    map_attribution: str = ""
    # Address search beyond the registry's own camera addresses: a Nominatim-compatible
    # /search API, asked by the gateway (the browser talks only to the gateway).
    geocoder_url: str = ""
    geocoder_timeout_s: float = 3.0
    geocoder_user_agent: str = "Open RTCC gateway"
    # Where residents and businesses reach the center (https://rtcc.city.example): the base of
    # the one-time upload links of footage requests. Empty: the address the request came to.
    public_url: str = ""

    @field_validator("display_time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (an IANA name: America/Chicago)"
            ) from exc
        return value

    @model_validator(mode="after")
    def _default_key_file(self) -> GatewaySettings:
        if self.token_key_file is None:
            self.token_key_file = self.data_dir / "secrets" / "token_signing.key"
        return self

    def backend_addresses(self) -> dict[str, str]:
        return {
            "camera_registry": self.camera_registry_addr,
            "recorder": self.recorder_addr,
            "lpr": self.lpr_addr,
            "cases": self.cases_addr,
            "oversight": self.oversight_addr,
        }


def build_settings() -> GatewaySettings:
    return GatewaySettings()
