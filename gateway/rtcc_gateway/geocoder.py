"""Address search through the city's Nominatim-compatible geocoder (its own, or a public one).

The browser asks the gateway, never the geocoder: the dashboard talks to one origin, the
geocoder's address stays a server setting, and a slow geocoder costs a bounded wait.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import httpx

from rtcc_common.logging import get_logger

log = get_logger(__name__)

MAX_ANSWER_BYTES = 1024 * 1024


class GeocoderError(Exception):
    """The geocoder could not give an answer; `status` is what the gateway answers."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float
    kind: str


@dataclass(frozen=True)
class Geocoder:
    base_url: str
    timeout_s: float
    user_agent: str

    async def search(
        self, text: str, *, limit: int, viewbox: tuple[float, float, float, float] | None
    ) -> list[Place]:
        params: dict[str, str | int] = {"q": text, "format": "jsonv2", "limit": limit}
        if viewbox is not None:
            # Prefer places in view, without excluding the rest (Nominatim's bounded=0).
            params["viewbox"] = ",".join(f"{v:.6f}" for v in viewbox)
        url = self.base_url.rstrip("/") + "/search"
        try:
            async with httpx.AsyncClient(
                timeout=self.timeout_s, headers={"User-Agent": self.user_agent}
            ) as client:
                reply = await client.get(url, params=params)
        except httpx.TimeoutException as exc:
            log.warning("geocoder_timeout", timeout_s=self.timeout_s)
            raise GeocoderError(
                504, f"the geocoder did not answer within {self.timeout_s:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            log.warning("geocoder_unreachable", error=type(exc).__name__)
            raise GeocoderError(503, "the geocoder cannot be reached") from exc
        if reply.status_code != 200:
            log.warning("geocoder_refused", status=reply.status_code)
            raise GeocoderError(503, f"the geocoder answered HTTP {reply.status_code}")
        if len(reply.content) > MAX_ANSWER_BYTES:
            raise GeocoderError(503, "the geocoder's answer is too large")
        try:
            return parse_places(reply.json())[:limit]
        except ValueError as exc:
            log.warning("geocoder_bad_answer", error=str(exc))
            raise GeocoderError(503, "the geocoder's answer is not Nominatim's JSON") from exc


def parse_places(body: Any) -> list[Place]:
    """Nominatim's /search JSON: a list of places whose lat and lon are decimal strings."""
    if not isinstance(body, list):
        raise ValueError("expected a list of places")
    places = []
    for item in body:
        if not isinstance(item, dict):
            raise ValueError("a place is not an object")
        try:
            lat, lon = float(item["lat"]), float(item["lon"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("a place has no numeric lat and lon") from exc
        if not (
            math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
        ):
            raise ValueError("a place lies outside the globe")
        label = item.get("display_name") or item.get("name") or f"{lat:.5f}, {lon:.5f}"
        kind = item.get("type") or item.get("category") or item.get("class") or "place"
        places.append(Place(label=str(label)[:300], lat=lat, lon=lon, kind=str(kind)[:40]))
    return places
