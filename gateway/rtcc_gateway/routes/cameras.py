"""Cameras: the registry's records, geo search (JSON or GeoJSON), health, and bulk import."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_gateway.auth.policy import may
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.convert import cameras as msgs
from rtcc_gateway.convert.times import from_stamp, wire
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.routes.camera_import import ParsedFile, parse_csv, parse_json
from rtcc_gateway.schemas.cameras import (
    CameraCreate,
    CameraHealthOut,
    CameraList,
    CameraOut,
    CameraUpdate,
    HealthTransitionOut,
    ImportReport,
    ImportRowError,
    Lifecycle,
)

router = APIRouter(tags=["cameras"])

CameraId = Annotated[str, Path(min_length=1, max_length=64)]
GEOJSON = "application/geo+json"
_NEAR = re.compile(r"^\s*(-?\d+(\.\d+)?)\s*,\s*(-?\d+(\.\d+)?)\s*$")
_BBOX = re.compile(r"^\s*-?\d+(\.\d+)?(\s*,\s*-?\d+(\.\d+)?){3}\s*$")


def sees_withdrawn(principal: Principal) -> bool:
    """Cameras whose owners withdrew consent stay on record for those who review consent only."""
    return may(principal.role, "registrations.approve")


def _near_request(near: str, radius_m: float) -> pb.NearPoint:
    match = _NEAR.match(near)
    if match is None:
        raise HTTPException(400, "near must be LAT,LON (decimal degrees)")
    return pb.NearPoint(lat=float(match.group(1)), lon=float(match.group(3)), radius_m=radius_m)


def _bbox_request(bbox: str) -> pb.BoundingBox:
    if _BBOX.match(bbox) is None:
        raise HTTPException(400, "bbox must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (decimal degrees)")
    west, south, east, north = (float(v) for v in bbox.split(","))
    return pb.BoundingBox(min_lat=south, min_lon=west, max_lat=north, max_lon=east)


def _answer(request: Request, listing: CameraList) -> Any:
    if GEOJSON in request.headers.get("accept", ""):
        return JSONResponse(
            msgs.geojson(listing.cameras, listing.next_page_token), media_type=GEOJSON
        )
    return listing


@router.post("/v1/cameras", status_code=201)
async def create_camera(
    body: CameraCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cameras.create")],
) -> CameraOut:
    reply = await backends.camera_registry.CreateCamera(
        pb.CreateCameraRequest(camera=msgs.camera_input(body, with_defaults=True))
    )
    call.object_ids.append(reply.camera.id)
    call.result = "created"
    return msgs.camera_out(reply.camera)


@router.get(
    "/v1/cameras",
    response_model=CameraList,
    responses={200: {"content": {GEOJSON: {}}, "description": "JSON, or GeoJSON on request"}},
)
async def list_cameras(
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("cameras.list")],
    near: Annotated[
        str | None, Query(description="LAT,LON: nearest first, with distance_m")
    ] = None,
    radius_m: Annotated[float, Query(gt=0, le=200_000)] = 1000.0,
    bbox: Annotated[str | None, Query(description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")] = None,
    lifecycle: Annotated[list[Lifecycle] | None, Query()] = None,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    page_token: Annotated[str | None, Query(max_length=64)] = None,
) -> Any:
    """Every camera the caller may see, a page at a time; or those near a point or in a box.
    Send `Accept: application/geo+json` for a GeoJSON FeatureCollection."""
    lifecycles = [msgs.LIFECYCLE_PB[v] for v in lifecycle or []]
    exclude = not sees_withdrawn(call.caller)
    if near is not None and bbox is not None:
        raise HTTPException(400, "give near or bbox, not both")
    if near is not None or bbox is not None:
        search = pb.SearchCamerasRequest(
            limit=page_size, exclude_withdrawn=exclude, lifecycles=lifecycles
        )
        if near is not None:
            search.near.CopyFrom(_near_request(near, radius_m))
        else:
            search.bbox.CopyFrom(_bbox_request(bbox or ""))
        hits = (await backends.camera_registry.SearchCameras(search)).hits
        cameras = [
            msgs.camera_out(h.camera, h.distance_m if h.HasField("distance_m") else None)
            for h in hits
        ]
        return _answer(request, CameraList(cameras=cameras))
    reply = await backends.camera_registry.ListCameras(
        pb.ListCamerasRequest(
            page_size=page_size,
            page_token=page_token or "",
            exclude_withdrawn=exclude,
            lifecycles=lifecycles,
        )
    )
    listing = CameraList(
        cameras=[msgs.camera_out(c) for c in reply.cameras],
        next_page_token=reply.next_page_token or None,
    )
    return _answer(request, listing)


async def _visible_camera(backends: Backends, principal: Principal, camera_id: str) -> pb.Camera:
    camera = (await backends.camera_registry.GetCamera(pb.GetCameraRequest(id=camera_id))).camera
    if camera.HasField("consent_withdrawn_at") and not sees_withdrawn(principal):
        raise HTTPException(404, f"camera {camera_id} does not exist")
    return camera


@router.get("/v1/cameras/{camera_id}")
async def get_camera(
    camera_id: CameraId, backends: BackendsDep, call: Annotated[Call, policy("cameras.read")]
) -> CameraOut:
    return msgs.camera_out(await _visible_camera(backends, call.caller, camera_id))


@router.patch("/v1/cameras/{camera_id}")
async def update_camera(
    camera_id: CameraId,
    body: CameraUpdate,
    backends: BackendsDep,
    call: Annotated[Call, policy("cameras.update")],
) -> CameraOut:
    """Change the fields sent; the others keep their value."""
    mask = msgs.update_mask(body)
    nulls = [name for name in mask if getattr(body, name) is None]
    if nulls:
        raise HTTPException(400, f"these fields cannot be null: {', '.join(nulls)}")
    if not mask:
        raise HTTPException(400, "the body names no field to change")
    reply = await backends.camera_registry.UpdateCamera(
        pb.UpdateCameraRequest(
            id=camera_id, camera=msgs.camera_input(body, with_defaults=False), update_mask=mask
        )
    )
    call.query["fields"] = mask
    call.result = "updated"
    return msgs.camera_out(reply.camera)


@router.delete("/v1/cameras/{camera_id}", status_code=204)
async def delete_camera(
    camera_id: CameraId,
    backends: BackendsDep,
    call: Annotated[Call, policy("cameras.delete")],
) -> Response:
    await backends.camera_registry.DeleteCamera(pb.DeleteCameraRequest(id=camera_id))
    call.result = "deleted"
    return Response(status_code=204)


@router.get("/v1/cameras/{camera_id}/health")
async def camera_health(
    camera_id: CameraId,
    backends: BackendsDep,
    call: Annotated[Call, policy("cameras.health")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> CameraHealthOut:
    """Online or offline now, when last seen, and the transitions before, newest first."""
    await _visible_camera(backends, call.caller, camera_id)
    reply = await backends.camera_registry.GetCameraHealth(
        pb.GetCameraHealthRequest(id=camera_id, limit=limit)
    )
    history = [
        HealthTransitionOut(
            state=msgs.HEALTH.get(t.state, "unknown"), at=wire(from_stamp(t.at)), detail=t.detail
        )
        for t in reply.history
    ]
    return CameraHealthOut(current=msgs.health_out(reply.current), history=history)


@router.post(
    "/v1/cameras/import",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            },
        }
    },
)
async def import_cameras(
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("cameras.import")],
) -> ImportReport:
    """Upsert cameras keyed on external_id from a CSV file (one column per field, permissions as
    true/false, tags separated by `;`) or a JSON list. Good rows are kept; bad ones are reported
    by row number. Importing the same file again changes nothing."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("text/csv", "application/json"):
        raise HTTPException(415, "send text/csv or application/json")
    body = await request.body()  # at most the import's body limit (limits.py)
    parsed = parse_csv(body) if kind == "text/csv" else parse_json(body)
    reply = await backends.camera_registry.ImportCameras(
        pb.ImportCamerasRequest(
            cameras=[msgs.camera_input(row, with_defaults=False) for _, row in parsed.rows]
        )
    )
    report = _import_report(parsed, reply)
    call.result = f"created={report.created} updated={report.updated} failed={report.failed}"
    call.query["rows"] = len(parsed.rows) + len(parsed.errors)
    return report


def _import_report(parsed: ParsedFile, reply: pb.ImportCamerasResponse) -> ImportReport:
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    errors = list(parsed.errors)
    for result in reply.rows:
        if result.outcome == pb.ImportRowResult.OUTCOME_FAILED:
            number = parsed.rows[result.row][0]
            errors.append(
                ImportRowError(
                    row=number, external_id=result.external_id or None, error=result.error
                )
            )
        else:
            name = pb.ImportRowResult.Outcome.Name(result.outcome).removeprefix("OUTCOME_").lower()
            outcomes[name] += 1
    errors.sort(key=lambda e: e.row)
    return ImportReport(**outcomes, failed=len(errors), errors=errors)
