"""The camera API as a client meets it: the real registry service behind the real gateway."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

Client = Callable[[str], httpx.AsyncClient]
CENTER = (41.8781, -87.6298)


@pytest.fixture
def client(registry_gateway: Client) -> Client:
    return registry_gateway


def camera_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Main St & 3rd Ave",
        "ownership": "city",
        "technology": "ptz",
        "location": {"lat": CENTER[0], "lon": CENTER[1], "address": "Main St & 3rd Ave"},
        "stream_url": "rtsp://admin:s3cret@10.0.0.5:554/main",
        "substream_url": "rtsp://admin:s3cret@10.0.0.5:554/sub",
        "permissions": {"live": True, "record": True},
        "lifecycle": "active",
        "tags": ["downtown"],
    }
    body.update(overrides)
    return body


async def test_create_read_change_delete(client: Client) -> None:
    admin = client("admin")
    created = await admin.post("/v1/cameras", json=camera_body())
    assert created.status_code == 201, created.text
    camera = created.json()
    assert camera["stream_url"] == "rtsp://***@10.0.0.5:554/main"
    assert "s3cret" not in created.text
    assert (camera["retention_days"], camera["lifecycle"], camera["health"]["state"]) == (
        30,
        "active",
        "unknown",
    )
    got = (await client("analyst").get(f"/v1/cameras/{camera['id']}")).json()
    # Health is the registry's live finding: the new camera is probed at once.
    assert {**got, "health": None} == {**camera, "health": None}
    patched = await admin.patch(
        f"/v1/cameras/{camera['id']}", json={"retention_days": 90, "tags": ["a", "b"]}
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["retention_days"], patched.json()["tags"], patched.json()["name"]) == (
        90,
        ["a", "b"],
        "Main St & 3rd Ave",
    )
    assert (await admin.delete(f"/v1/cameras/{camera['id']}")).status_code == 204
    assert (await admin.get(f"/v1/cameras/{camera['id']}")).status_code == 404


async def test_a_camera_that_speaks_rtsp_over_udp_only(client: Client) -> None:
    """auto (TCP, falling back to UDP) unless the camera is set to one transport."""
    admin = client("admin")
    created = (await admin.post("/v1/cameras", json=camera_body())).json()
    assert created["rtsp_transport"] == "auto"
    assert created["health"].get("recording") is None  # no recorder has reported it
    path = f"/v1/cameras/{created['id']}"
    patched = await admin.patch(path, json={"rtsp_transport": "udp"})
    assert patched.status_code == 200, patched.text
    assert (await admin.get(path)).json()["rtsp_transport"] == "udp"
    assert patched.json()["name"] == created["name"]


async def test_roles_and_authentication(client: Client) -> None:
    assert (await client("").get("/v1/cameras")).status_code == 401
    refused = await client("analyst").post("/v1/cameras", json=camera_body())
    assert refused.status_code == 403
    assert (await client("partner").get("/v1/cameras")).status_code == 403
    assert (await client("integrator").post("/v1/cameras", json=camera_body())).status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        (camera_body(location={"lat": 95, "lon": 0}), 422, "lat"),
        (camera_body(location={"lat": 0, "lon": -181}), 422, "lon"),
        (camera_body(colour="red"), 422, "colour"),
        (camera_body(ownership="police"), 422, "ownership"),
        (camera_body(stream_url="http//broken"), 400, "stream_url must start with"),
        (camera_body(stream_url="rtsp://cam:70000/x"), 400, "stream_url has an invalid port"),
        (camera_body(permissions={"live": "yes"}), 422, "live"),
        (camera_body(permissions={"live": True, "registry_only": True}), 400, "registry_only"),
        (camera_body(rtsp_transport="sctp"), 422, "rtsp_transport"),
    ],
)
async def test_bad_input_names_the_problem_and_changes_nothing(
    client: Client, body: dict[str, object], status: int, names: str
) -> None:
    admin = client("admin")
    reply = await admin.post("/v1/cameras", json=body)
    assert reply.status_code == status, reply.text
    assert names in json.dumps(reply.json()["detail"])
    assert (await admin.get("/v1/cameras")).json()["cameras"] == []


async def test_oversized_body_is_refused(client: Client) -> None:
    admin = client("admin")
    reply = await admin.post("/v1/cameras", json=camera_body(name="x" * 100_000))
    assert reply.status_code == 413
    assert "larger than" in reply.json()["detail"][0]["msg"]


async def test_near_bbox_and_geojson(client: Client) -> None:
    admin = client("admin")
    for name, dlat in [("far", 0.05), ("mid", 0.004), ("close", 0.001)]:
        body = camera_body(name=name, location={"lat": CENTER[0] + dlat, "lon": CENTER[1]})
        assert (await admin.post("/v1/cameras", json=body)).status_code == 201
    near = await admin.get(
        "/v1/cameras", params={"near": f"{CENTER[0]},{CENTER[1]}", "radius_m": 1000}
    )
    cameras = near.json()["cameras"]
    assert [c["name"] for c in cameras] == ["close", "mid"]
    assert cameras[0]["distance_m"] == pytest.approx(111.2, abs=0.5)
    geo = await admin.get(
        "/v1/cameras",
        params={"near": f"{CENTER[0]},{CENTER[1]}", "radius_m": 1000},
        headers={"accept": "application/geo+json"},
    )
    assert geo.headers["content-type"].startswith("application/geo+json")
    collection = geo.json()
    assert collection["type"] == "FeatureCollection"
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [CENTER[1], CENTER[0] + 0.001]}
    assert first["properties"]["name"] == "close" and first["properties"]["distance_m"] > 0
    page = await admin.get(
        "/v1/cameras", params={"page_size": 2}, headers={"accept": "application/geo+json"}
    )
    assert len(page.json()["features"]) == 2 and page.json()["next_page_token"]
    rest = await admin.get("/v1/cameras", params={"page_token": page.json()["next_page_token"]})
    assert [c["name"] for c in rest.json()["cameras"]] == ["close"]
    box = await admin.get(
        "/v1/cameras",
        params={"bbox": f"{CENTER[1] - 0.01},{CENTER[0]},{CENTER[1] + 0.01},{CENTER[0] + 0.01}"},
    )
    assert sorted(c["name"] for c in box.json()["cameras"]) == ["close", "mid"]
    refused: list[dict[str, str | int]] = [
        {"near": "north of here"},
        {"near": "91,0"},
        {"bbox": "1,2,3"},
        {"near": "1,1", "radius_m": -1},
    ]
    for params in refused:
        bad = await admin.get("/v1/cameras", params=params)
        assert bad.status_code in (400, 422), (params, bad.text)


CSV = """external_id,name,ownership,technology,lat,lon,address,stream_url,live,record,tags
biz-1,Corner store,business,fixed,41.88,-87.63,1 Main St,rtsp://10.1.0.1/s,true,false,retail;corner
biz-2,Bad latitude,business,fixed,123,-87.63,2 Main St,rtsp://10.1.0.2/s,true,false,
biz-3,Bad flag,business,fixed,41.88,-87.63,3 Main St,rtsp://10.1.0.3/s,maybe,false,
biz-4,Bad URL,business,fixed,41.88,-87.63,4 Main St,ftp://10.1.0.4/s,true,false,
biz-5,Gas station,business,ptz,41.89,-87.64,5 Main St,rtsp://u:p@10.1.0.5/s,true,true,
"""


async def test_csv_import_keeps_good_rows_reports_bad_ones_idempotently(client: Client) -> None:
    integrator = client("integrator")
    headers = {"content-type": "text/csv"}
    first = await integrator.post("/v1/cameras/import", content=CSV, headers=headers)
    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["created"], report["failed"]) == (2, 3)
    assert [(e["row"], e["external_id"]) for e in report["errors"]] == [
        (2, "biz-2"),
        (3, "biz-3"),
        (4, "biz-4"),
    ]
    assert "lat" in report["errors"][0]["error"] and "maybe" in report["errors"][1]["error"]
    assert "stream_url" in report["errors"][2]["error"]
    again = (await integrator.post("/v1/cameras/import", content=CSV, headers=headers)).json()
    assert (again["created"], again["updated"], again["unchanged"], again["failed"]) == (0, 0, 2, 3)
    listed = (await integrator.get("/v1/cameras")).json()["cameras"]
    assert sorted(c["external_id"] for c in listed) == ["biz-1", "biz-5"]
    store = next(c for c in listed if c["external_id"] == "biz-1")
    assert store["tags"] == ["corner", "retail"] and store["permissions"]["live"] is True


async def test_json_import_and_refusals(client: Client) -> None:
    integrator = client("integrator")
    rows = [
        camera_body(external_id="j-1"),
        camera_body(external_id="j-2", unknown=1),
        camera_body(),
    ]
    reply = await integrator.post("/v1/cameras/import", json={"cameras": rows})
    report = reply.json()
    assert (report["created"], report["failed"]) == (1, 2)
    assert (
        "unknown" in report["errors"][0]["error"] and "external_id" in report["errors"][1]["error"]
    )
    wrong_type = await integrator.post(
        "/v1/cameras/import", content="<xml/>", headers={"content-type": "application/xml"}
    )
    assert wrong_type.status_code == 415
    unknown_column = await integrator.post(
        "/v1/cameras/import",
        content="external_id,colour\nx,red\n",
        headers={"content-type": "text/csv"},
    )
    assert unknown_column.status_code == 400 and "colour" in unknown_column.text
    huge = await integrator.post(
        "/v1/cameras/import", content=b"x" * (9 * 1024 * 1024), headers={"content-type": "text/csv"}
    )
    assert huge.status_code == 413
    assert (await client("analyst").post("/v1/cameras/import", json=[])).status_code == 403
