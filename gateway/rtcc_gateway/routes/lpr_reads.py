"""Plate reads: ingest from readers, search, stakeout, convoy, and the images reads link."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from rtcc.lpr.v1 import lpr_pb2
from rtcc_gateway.convert.lpr import area_from, read_input, read_out, requester, result_out
from rtcc_gateway.convert.times import to_stamp_if
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas.lpr import CaseReadsIn, IngestBody, IngestOut, ReadResultOut

router = APIRouter(prefix="/v1/lpr", tags=["lpr"])


@router.post("/reads", response_model=IngestOut)
async def ingest_reads(
    body: IngestBody,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.reads.write")],
) -> IngestOut:
    """A batch of reads; each is stored, reported as a duplicate, or rejected with its reason.
    A read answered `stored` is durably stored."""
    rejected: dict[int, ReadResultOut] = {}
    inputs: list[lpr_pb2.ReadInput] = []
    positions: list[int] = []
    for index, raw in enumerate(body.reads):
        try:
            inputs.append(read_input(raw))
            positions.append(index)
        except ValueError as exc:
            read_id = str(raw.get("read_id", "")) if isinstance(raw, dict) else ""
            rejected[index] = ReadResultOut(
                index=index, read_id=read_id, status="rejected", reason=str(exc)
            )
    reply = lpr_pb2.IngestReadsResponse()
    if inputs:
        reply = await backends.lpr.IngestReads(lpr_pb2.IngestReadsRequest(reads=inputs))
    results = dict(rejected)
    for result in reply.results:
        results[positions[result.index]] = result_out(result, positions[result.index])
    ordered = [results[i] for i in range(len(body.reads))]
    call.query.update(reads=len(ordered), stored=reply.stored)
    return IngestOut(
        stored=reply.stored,
        duplicates=reply.duplicates,
        rejected=reply.rejected + len(rejected),
        results=ordered,
    )


@router.get("/reads")
async def search_reads(
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.reads.search")],
    plate: Annotated[str, Query(max_length=32)] = "",
    match: Literal["exact", "wildcard", "fuzzy"] = "exact",
    state: Annotated[str, Query(max_length=3)] = "",
    start: datetime | None = None,
    end: datetime | None = None,
    reader_id: Annotated[list[str] | None, Query(max_length=500)] = None,
    camera_id: Annotated[list[str] | None, Query(max_length=500)] = None,
    near: str | None = None,
    radius_m: Annotated[float | None, Query(gt=0, le=100_000)] = None,
    polygon: Annotated[str | None, Query(max_length=100_000)] = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    colour: Annotated[str, Query(max_length=32)] = "",
    make: Annotated[str, Query(max_length=64)] = "",
    vehicle_type: Annotated[str, Query(max_length=32)] = "",
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    page_token: str = "",
) -> dict[str, Any]:
    """Reads by plate (exact, wildcard `?`/`*`, or OCR-tolerant), state, time, readers or
    cameras, area (`near=LAT,LON&radius_m=` or a GeoJSON `polygon`), confidence and vehicle
    (colour, make, type, where reads carry them); newest first."""
    area = area_from(near, radius_m, polygon)
    request = lpr_pb2.SearchReadsRequest(
        plate=plate,
        match=getattr(lpr_pb2, match.upper()),
        state=state,
        start=to_stamp_if(start),
        end=to_stamp_if(end),
        reader_ids=reader_id or [],
        camera_ids=camera_id or [],
        area=area,
        colour=colour,
        make=make,
        vehicle_type=vehicle_type,
        min_confidence=min_confidence,
        page_size=page_size,
        page_token=page_token,
        requester=requester(call.caller),
    )
    reply = await backends.lpr.SearchReads(request)
    call.result = f"{len(reply.reads)} reads"
    call.object_ids.extend(r.read_id for r in reply.reads)
    return {
        "reads": [read_out(r) for r in reply.reads],
        "next_page_token": reply.next_page_token or None,
    }


@router.get("/images/{image_id}")
async def get_image(
    image_id: str, backends: BackendsDep, call: Annotated[Call, policy("lpr.images.read")]
) -> Response:
    """A plate crop or wide view that a read links (its id is the content hash)."""
    reply = await backends.lpr.GetImage(lpr_pb2.GetImageRequest(image_id=image_id))
    return Response(
        reply.image.data,
        media_type=reply.image.content_type,
        headers={"Cache-Control": "private, max-age=3600"},
    )


@router.post("/cases/{case_number}/reads")
async def attach_reads_to_case(
    case_number: str,
    body: CaseReadsIn,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.reads.attach_case")],
) -> dict[str, int]:
    """Marks reads as evidence of a case: retention keeps them."""
    reply = await backends.lpr.AttachReadsToCase(
        lpr_pb2.AttachReadsToCaseRequest(read_ids=body.read_ids, case_number=case_number)
    )
    call.result = f"{reply.attached} reads"
    call.object_ids = list(body.read_ids)
    call.case_number = case_number
    return {"attached": reply.attached}
