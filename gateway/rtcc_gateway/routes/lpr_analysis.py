"""Analyst queries over many reads: stakeout (who was here) and convoy (who travels with whom).
Both are mass queries: a reason and a case number are required, and each is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from rtcc.lpr.v1 import lpr_pb2
from rtcc_gateway.routes.lpr_reads import (
    AuditorDep,
    BackendsDep,
    PurposeDep,
    Searcher,
    area_from,
    requester,
    require_case,
    search_audit,
)
from rtcc_gateway.routes.lpr_schemas import sighting_out, stamp

router = APIRouter(prefix="/v1/lpr", tags=["lpr"])


@router.get("/stakeout")
async def stakeout(
    backends: BackendsDep,
    auditor: AuditorDep,
    principal: Searcher,
    purpose: PurposeDep,
    start: datetime,
    end: datetime,
    reader_id: Annotated[list[str] | None, Query(max_length=500)] = None,
    near: str | None = None,
    radius_m: Annotated[float | None, Query(gt=0, le=100_000)] = None,
    polygon: Annotated[str | None, Query(max_length=100_000)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """Every plate seen by the readers, or in the circle, during the window."""
    require_case(principal, purpose, always=True)
    reply = await backends.lpr.Stakeout(
        lpr_pb2.StakeoutRequest(
            area=area_from(near, radius_m, polygon),
            reader_ids=reader_id or [],
            start=stamp(start),
            end=stamp(end),
            limit=limit,
            requester=requester(principal),
        )
    )
    query = {
        "start": str(start),
        "end": str(end),
        "reader_ids": reader_id or [],
        "near": near,
        "radius_m": radius_m,
        "polygon": bool(polygon),
    }
    await auditor.record(
        search_audit("lpr.stakeout", f"{len(reply.plates)} plates", query, purpose)
    )
    return {"plates": [sighting_out(p) for p in reply.plates], "truncated": reply.truncated}


@router.get("/convoy")
async def convoy(
    backends: BackendsDep,
    auditor: AuditorDep,
    principal: Searcher,
    purpose: PurposeDep,
    plate: Annotated[str, Query(min_length=1, max_length=32)],
    state: Annotated[str, Query(min_length=2, max_length=3)],
    start: datetime,
    end: datetime,
    window_minutes: Annotated[int, Query(ge=1, le=60)] = 5,
    min_occurrences: Annotated[int, Query(ge=1, le=1000)] = 2,
) -> dict[str, Any]:
    """Vehicles seen at the target's readers within minutes of it, at least N times."""
    require_case(principal, purpose, always=True)
    reply = await backends.lpr.Convoy(
        lpr_pb2.ConvoyRequest(
            plate=plate,
            state=state,
            start=stamp(start),
            end=stamp(end),
            window_minutes=window_minutes,
            min_occurrences=min_occurrences,
            requester=requester(principal),
        )
    )
    query = {
        "plate": plate,
        "state": state,
        "start": str(start),
        "end": str(end),
        "window_minutes": window_minutes,
        "min_occurrences": min_occurrences,
    }
    await auditor.record(
        search_audit("lpr.convoy", f"{len(reply.companions)} companions", query, purpose)
    )
    return {
        "target_reads": reply.target_reads,
        "companions": [sighting_out(c) for c in reply.companions],
    }
