"""The dashboard's map: which basemap the city configured, and address search through its
geocoder. Camera addresses are searched in the browser, over the cameras it already shows."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from rtcc_gateway.deps import Call, policy
from rtcc_gateway.geocoder import Geocoder, GeocoderError
from rtcc_gateway.settings import GatewaySettings

router = APIRouter(prefix="/v1/map", tags=["map"])

_VIEWBOX = re.compile(r"^\s*-?\d+(\.\d+)?(\s*,\s*-?\d+(\.\d+)?){3}\s*$")


class MapConfig(BaseModel):
    style_url: str | None
    raster_tiles_url: str | None
    attribution: str | None
    geocoder: bool


class PlaceOut(BaseModel):
    label: str
    lat: float
    lon: float
    kind: str
    source: str = "geocoder"


class PlaceList(BaseModel):
    places: list[PlaceOut]


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


@router.get("/config")
async def map_config(request: Request, call: Annotated[Call, policy("map.config")]) -> MapConfig:
    settings = _settings(request)
    return MapConfig(
        style_url=settings.map_style_url or None,
        raster_tiles_url=settings.map_raster_tiles_url or None,
        attribution=settings.map_attribution or None,
        geocoder=bool(settings.geocoder_url),
    )


@router.get("/geocode")
async def geocode(
    request: Request,
    call: Annotated[Call, policy("map.geocode")],
    q: Annotated[str, Query(min_length=2, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
    viewbox: Annotated[str | None, Query(description="WEST,SOUTH,EAST,NORTH to prefer")] = None,
) -> PlaceList:
    settings = _settings(request)
    if not settings.geocoder_url:
        raise HTTPException(404, "no geocoder is configured (RTCC_GATEWAY_GEOCODER_URL)")
    box = None
    if viewbox is not None:
        if _VIEWBOX.match(viewbox) is None:
            raise HTTPException(400, "viewbox must be WEST,SOUTH,EAST,NORTH (decimal degrees)")
        west, south, east, north = (float(v) for v in viewbox.split(","))
        box = (west, south, east, north)
    geocoder = Geocoder(
        base_url=settings.geocoder_url,
        timeout_s=settings.geocoder_timeout_s,
        user_agent=settings.geocoder_user_agent,
    )
    try:
        places = await geocoder.search(q.strip(), limit=limit, viewbox=box)
    except GeocoderError as exc:
        raise HTTPException(exc.status, exc.message) from exc
    call.result = f"{len(places)} places"
    return PlaceList(
        places=[PlaceOut(label=p.label, lat=p.lat, lon=p.lon, kind=p.kind) for p in places]
    )
