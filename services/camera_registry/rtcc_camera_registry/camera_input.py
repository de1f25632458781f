"""What a caller may set on a camera, and the checks every write passes before touching a row."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from urllib.parse import urlsplit

from rtcc_common.errors import InvalidArgument
from rtcc_common.rtsp_transport import normalize_transport

OWNERSHIPS = ("city", "business", "resident")
TECHNOLOGIES = ("fixed", "ptz", "lpr_reader", "doorbell", "panoramic", "thermal", "other")
LIFECYCLES = ("pending", "active", "suspended", "retired")
STREAM_SCHEMES = ("rtsp", "rtsps", "http", "https")
DEFAULT_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650
MAX_TAGS = 32
_TAG = re.compile(r"^[\w.:/-]{1,64}$")
_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"`]")


@dataclass
class Location:
    lat: float
    lon: float
    address: str = ""
    heading_deg: float | None = None
    field_of_view_deg: float | None = None


@dataclass
class Permissions:
    live: bool = False
    record: bool = False
    recordings_on_request_only: bool = False
    registry_only: bool = False
    plate_reading: bool = False


@dataclass
class CameraFields:
    """Every settable field; None means "not given" (create fills defaults, update keeps)."""

    name: str | None = None
    ownership: str | None = None
    technology: str | None = None
    location: Location | None = None
    stream_url: str | None = None
    substream_url: str | None = None
    permissions: Permissions | None = None
    retention_days: int | None = None
    lifecycle: str | None = None
    tags: list[str] | None = None
    external_id: str | None = None
    rtsp_transport: str | None = None
    given: set[str] = field(default_factory=set)


FIELD_NAMES = tuple(f.name for f in fields(CameraFields) if f.name != "given")


def _check_text(name: str, value: str, *, max_len: int, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidArgument(f"{name} is required")
    if len(value) > max_len:
        raise InvalidArgument(f"{name} is longer than {max_len} characters")
    return value


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidArgument(f"{name} must be one of {', '.join(choices)} (got {value!r})")
    return value


def check_location(location: Location) -> Location:
    for name, value, low, high in (
        ("location.lat", location.lat, -90.0, 90.0),
        ("location.lon", location.lon, -180.0, 180.0),
    ):
        if not math.isfinite(value) or not low <= value <= high:
            raise InvalidArgument(f"{name} must be between {low:g} and {high:g} (got {value})")
    if location.heading_deg is not None and not 0 <= location.heading_deg < 360:
        raise InvalidArgument("location.heading_deg must be in [0, 360)")
    fov = location.field_of_view_deg
    if fov is not None and not 0 < fov <= 360:
        raise InvalidArgument("location.field_of_view_deg must be in (0, 360]")
    location.address = _check_text(
        "location.address", location.address, max_len=300, required=False
    )
    return location


def check_stream_url(name: str, url: str) -> str:
    """A URL a media client can open: known scheme, a host, a valid port, nothing unprintable."""
    url = url.strip()
    if not url:
        return ""
    if len(url) > 2048:
        raise InvalidArgument(f"{name} is longer than 2048 characters")
    if _UNSAFE_URL_CHARS.search(url):
        raise InvalidArgument(f"{name} contains spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in STREAM_SCHEMES:
        raise InvalidArgument(f"{name} must start with one of {', '.join(STREAM_SCHEMES)}://")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise InvalidArgument(f"{name} has an invalid port") from exc
    if not host:
        raise InvalidArgument(f"{name} has no host")
    if port == 0:
        raise InvalidArgument(f"{name} has an invalid port")
    return url


def check_permissions(permissions: Permissions) -> Permissions:
    granted = permissions.live or permissions.record or permissions.recordings_on_request_only
    if permissions.registry_only and granted:
        raise InvalidArgument(
            "permissions.registry_only excludes live, record and recordings_on_request_only"
        )
    return permissions


def _check_tags(tags: list[str]) -> list[str]:
    if len(tags) > MAX_TAGS:
        raise InvalidArgument(f"at most {MAX_TAGS} tags")
    cleaned = [t.strip() for t in tags]
    for tag in cleaned:
        if not _TAG.match(tag):
            raise InvalidArgument(f"tag {tag!r} must be 1-64 letters, digits or ._:/-")
    return sorted(set(cleaned))


def _check_retention(days: int) -> int:
    days = days or DEFAULT_RETENTION_DAYS
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidArgument(f"retention_days must be between 1 and {MAX_RETENTION_DAYS}")
    return days


def check_fields(given: CameraFields) -> CameraFields:
    """The given fields, cleaned; raises InvalidArgument naming the first problem."""
    out = CameraFields(given=set(given.given))
    if given.name is not None:
        out.name = _check_text("name", given.name, max_len=200, required=True)
    if given.ownership is not None:
        out.ownership = _check_choice("ownership", given.ownership, OWNERSHIPS)
    if given.technology is not None:
        out.technology = _check_choice("technology", given.technology or "fixed", TECHNOLOGIES)
    if given.location is not None:
        out.location = check_location(given.location)
    if given.stream_url is not None:
        out.stream_url = check_stream_url("stream_url", given.stream_url)
    if given.substream_url is not None:
        out.substream_url = check_stream_url("substream_url", given.substream_url)
    if given.permissions is not None:
        out.permissions = check_permissions(given.permissions)
    if given.retention_days is not None:
        out.retention_days = _check_retention(given.retention_days)
    if given.lifecycle is not None:
        out.lifecycle = _check_choice("lifecycle", given.lifecycle, LIFECYCLES)
    if given.tags is not None:
        out.tags = _check_tags(given.tags)
    if given.external_id is not None:
        out.external_id = _check_text("external_id", given.external_id, max_len=128, required=False)
    if given.rtsp_transport is not None:
        try:
            out.rtsp_transport = normalize_transport(given.rtsp_transport)
        except ValueError as exc:
            raise InvalidArgument(str(exc)) from exc
    return out


def check_new_camera(given: CameraFields) -> CameraFields:
    """A create: the required fields are there, and every other field gets its default."""
    for name in ("name", "ownership", "location"):
        if getattr(given, name) is None:
            raise InvalidArgument(f"{name} is required")
    out = check_fields(given)
    out.technology = out.technology or "fixed"
    out.permissions = out.permissions or Permissions()
    out.retention_days = out.retention_days or DEFAULT_RETENTION_DAYS
    out.lifecycle = out.lifecycle or "pending"
    out.tags = out.tags or []
    out.stream_url = out.stream_url or ""
    out.substream_url = out.substream_url or ""
    out.external_id = out.external_id or ""
    out.rtsp_transport = out.rtsp_transport or "auto"
    return out


_ALLOWED_MOVES = {
    "pending": {"pending", "active", "suspended", "retired"},
    "active": {"active", "suspended", "retired"},
    "suspended": {"active", "suspended", "retired"},
    "retired": {"retired"},
}


def check_lifecycle_move(current: str, wanted: str) -> None:
    if wanted not in _ALLOWED_MOVES[current]:
        raise InvalidArgument(f"a {current} camera cannot become {wanted}")
