"""The map's settings and address search: the basemap the city configured, and its Nominatim-
compatible geocoder asked through the gateway with a bounded wait (a real local HTTP server)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.geocoder import parse_places
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings
from rtcc_gateway.testing import local_geocoder

PLACES = {
    "100 Main St, Demo City": (41.8790, -87.6302),
    "Harbor Plaza, Demo City": (41.8778, -87.6280),
}


@asynccontextmanager
async def gateway(
    data_dir: Path, **settings: object
) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    config = GatewaySettings(data_dir=data_dir, **settings)  # type: ignore[arg-type]
    app = create_app(config)
    assert config.token_key_file is not None
    key = load_or_create_signing_key(config.token_key_file)

    def client(role: str) -> httpx.AsyncClient:
        token = issue_token(key, role=role, subject=f"{role}1")
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://gateway",
            headers={"authorization": f"Bearer {token}"} if role else {},
        )

    async with app.router.lifespan_context(app):
        yield client


async def test_the_map_config_names_the_basemap_and_whether_a_geocoder_answers(
    data_dir: Path,
) -> None:
    style = "https://gis.example.gov/styles/city.json"
    async with gateway(data_dir, map_style_url=style, geocoder_url="http://127.0.0.1:9") as make:
        async with make("analyst") as http:
            reply = await http.get("/v1/map/config")
        async with make("") as anonymous:
            refused = await anonymous.get("/v1/map/config")
        async with make("resident") as resident:
            resident_reply = await resident.get("/v1/map/config")
        # The dashboard may fetch the city's tiles and style: its origin is in the policy.
        async with make("") as anonymous:
            page = await anonymous.get("/dashboard/")
    assert reply.status_code == 200, reply.text
    assert reply.json() == {
        "style_url": style,
        "raster_tiles_url": None,
        "attribution": None,
        "geocoder": True,
    }
    assert refused.status_code == 401 and resident_reply.status_code == 403
    policy = page.headers["content-security-policy"]
    assert "connect-src https://gis.example.gov 'self'" in policy
    assert "img-src https://gis.example.gov 'self'" in policy


async def test_an_address_is_found_through_the_citys_geocoder(data_dir: Path) -> None:
    with local_geocoder(PLACES) as geocoder:
        async with gateway(data_dir, geocoder_url=geocoder.url) as make:
            async with make("analyst") as http:
                found = await http.get(
                    "/v1/map/geocode",
                    params={"q": "harbor plaza", "viewbox": "-87.64,41.87,-87.62,41.89"},
                )
                nothing = await http.get("/v1/map/geocode", params={"q": "Elsewhere Rd"})
                bad_box = await http.get(
                    "/v1/map/geocode", params={"q": "main", "viewbox": "north"}
                )
                too_short = await http.get("/v1/map/geocode", params={"q": "x"})
    assert found.status_code == 200, found.text
    assert found.json()["places"] == [
        {
            "label": "Harbor Plaza, Demo City",
            "lat": 41.8778,
            "lon": -87.628,
            "kind": "house",
            "source": "geocoder",
        }
    ]
    assert nothing.json()["places"] == []
    assert bad_box.status_code == 400 and too_short.status_code == 422
    # What the gateway asked: Nominatim's own parameters, the view preferred, not required.
    asked = geocoder.queries[0]
    assert asked["q"] == ["harbor plaza"] and asked["format"] == ["jsonv2"]
    assert asked["viewbox"] == ["-87.640000,41.870000,-87.620000,41.890000"]
    assert len(geocoder.queries) == 2  # the refused queries never reached it


async def test_a_slow_or_absent_geocoder_costs_a_bounded_wait_and_a_clear_error(
    data_dir: Path,
) -> None:
    with local_geocoder(PLACES, delay_s=2.0) as slow:
        async with gateway(data_dir, geocoder_url=slow.url, geocoder_timeout_s=0.3) as make:
            async with make("analyst") as http:
                late = await http.get("/v1/map/geocode", params={"q": "main"})
    async with gateway(data_dir, geocoder_url="http://127.0.0.1:9") as make:
        async with make("analyst") as http:
            down = await http.get("/v1/map/geocode", params={"q": "main"})
    async with gateway(data_dir) as make:
        async with make("analyst") as http:
            unset = await http.get("/v1/map/geocode", params={"q": "main"})
    assert late.status_code == 504
    assert late.json()["detail"][0]["msg"] == "the geocoder did not answer within 0.3 s"
    assert down.status_code == 503 and "cannot be reached" in down.text
    assert unset.status_code == 404 and "no geocoder is configured" in unset.text


def test_an_answer_that_is_not_nominatims_is_refused() -> None:
    assert parse_places([{"lat": "41.9", "lon": "-87.6", "display_name": "A"}])[0].lat == 41.9
    for body in ({"lat": 1}, [{"lat": "x", "lon": "1"}], [{"lat": "91", "lon": "0"}], ["a"]):
        with pytest.raises(ValueError):
            parse_places(body)
