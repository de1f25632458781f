"""Canvass: every camera within a radius of a place (from the registry) with what it recorded
of a time window, and, if asked, an export of each that recorded any of it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from rtcc.camera_registry.v1 import camera_registry_pb2 as registry_pb
from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert import recordings as msgs
from rtcc_gateway.convert.times import to_stamp
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.routes.exports import create_one
from rtcc_gateway.schemas import recordings as s

router = APIRouter(tags=["recordings"])

MAX_CAMERAS = 1000


@router.post("/v1/canvass")
async def canvass(
    body: s.CanvassCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.canvass")],
) -> s.CanvassOut:
    """Cameras nearest first, each with its recording coverage of the window; with `export`,
    an export of each camera that recorded any of it (the caller must then also be allowed
    `exports.create`: the policy table says so)."""
    hits = await backends.camera_registry.SearchCameras(
        registry_pb.SearchCamerasRequest(
            near=registry_pb.NearPoint(lat=body.lat, lon=body.lon, radius_m=body.radius_m),
            limit=MAX_CAMERAS,
            exclude_withdrawn=True,
        )
    )
    coverage = await backends.recorder.GetCoverage(
        pb.GetCoverageRequest(
            camera_ids=[hit.camera.id for hit in hits.hits],
            start=to_stamp(body.start),
            end=to_stamp(body.end),
        )
    )
    by_camera = {c.camera_id: c for c in coverage.cameras}
    cameras = []
    for hit in hits.hits:
        covered = by_camera[hit.camera.id]
        found = s.CanvassCamera(
            camera_id=hit.camera.id,
            name=hit.camera.name,
            distance_m=round(hit.distance_m, 1),
            recorded_s=covered.recorded_s,
            coverage_pct=round(100 * covered.ratio, 2),
            gaps=[msgs.gap_out(g) for g in covered.gaps],
        )
        if body.export and covered.segment_count:
            request = s.ExportCreate(
                camera_id=hit.camera.id, start=body.start, end=body.end,
                reason=body.reason, case_number=body.case_number,
            )  # fmt: skip
            found.export = await create_one(backends, call.caller, request)
        cameras.append(found)
    call.object_ids = [c.camera_id for c in cameras]
    return s.CanvassOut(
        lat=body.lat,
        lon=body.lon,
        radius_m=body.radius_m,
        start=body.start,
        end=body.end,
        cameras=cameras,
    )
