"""The analyst dashboard: static files (HTML, ES modules, CSS) shipped inside the package.

No build step and no server-side rendering: the pages call the public REST API with the bearer
token from the login form, exactly as any other client does. The files are public (they hold no
data); every call they make is authenticated, authorized and audited like any other.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

from rtcc_gateway.settings import GatewaySettings

router = APIRouter(include_in_schema=False)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
# The pages load only their own files and talk only to this gateway. Styles may be inline
# (the oversight report's printable page carries its own); scripts may not. hls.js starts its
# transmuxing worker from a blob: URL, and decoded video is handed to <video> as blob: too.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' blob: data:",
        "media-src 'self' blob:",
        "worker-src 'self' blob:",
        "connect-src 'self' blob:",
        "frame-src 'self' blob:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # A new release must reach the analyst's browser at once: revalidate every time.
    "Cache-Control": "no-cache",
}
MAX_PATH = 200


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def security_headers(settings: GatewaySettings) -> dict[str, str]:
    """The headers, with the basemap's tile server (the city's GIS or an OpenStreetMap server)
    allowed as a source of map data and images when the settings name one on another origin."""
    extra = sorted(
        {o for o in map(_origin, (settings.map_style_url, settings.map_raster_tiles_url)) if o}
    )
    if not extra:
        return SECURITY_HEADERS
    policy = CONTENT_SECURITY_POLICY
    for directive in ("img-src", "connect-src"):
        policy = policy.replace(f"{directive} ", f"{directive} {' '.join(extra)} ", 1)
    return {**SECURITY_HEADERS, "Content-Security-Policy": policy}


def static_root() -> Traversable:
    return resources.files("rtcc_gateway.dashboard").joinpath("static")


def find_static(relative: str) -> Traversable | None:
    """The packaged file at `relative`, or None. Only plain names made of letters, digits, `-`,
    `_` and `.` are looked up, one folder level at a time, so `..`, absolute paths, hidden files
    and encoded separators never leave the static folder."""
    if not relative or len(relative) > MAX_PATH:
        return None
    node = static_root()
    for part in relative.split("/"):
        if not part or part.startswith(".") or not _plain_name(part):
            return None
        node = node.joinpath(part)
    return node if node.is_file() else None


def _plain_name(part: str) -> bool:
    return all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in part)


def content_type(name: str) -> str | None:
    dot = name.rfind(".")
    return CONTENT_TYPES.get(name[dot:].lower()) if dot >= 0 else None


def _file_response(request: Request, relative: str) -> Response:
    found = find_static(relative)
    media_type = content_type(relative)
    if found is None or media_type is None:
        raise HTTPException(404, "no such dashboard file")
    headers = security_headers(request.app.state.settings)
    return Response(found.read_bytes(), media_type=media_type, headers=headers)


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse("/dashboard/", status_code=307)


@router.get("/dashboard")
async def dashboard_without_slash() -> RedirectResponse:
    # Relative module paths in index.html resolve against /dashboard/.
    return RedirectResponse("/dashboard/", status_code=307)


@router.get("/dashboard/")
async def dashboard_index(request: Request) -> Response:
    return _file_response(request, "index.html")


@router.get("/dashboard/{relative:path}")
async def dashboard_file(
    request: Request, relative: Annotated[str, Path(max_length=MAX_PATH)]
) -> Response:
    return _file_response(request, relative)
