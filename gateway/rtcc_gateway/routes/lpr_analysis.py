"""Analyst queries over many reads: stakeout (who was here) and convoy (who travels with whom).
Both are mass queries: a reason and a case number are required, and each is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from rtcc.lpr.v1 import lpr_pb2
from rtcc_gateway.convert.lpr import area_from, requester, sighting_out
from rtcc_gateway.convert.times import to_stamp_if
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep

router = APIRouter(prefix="/v1/lpr", tags=["lpr"])


@router.get("/stakeout")
async def stakeout(
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.stakeout")],
    start: datetime,
    end: datetime,
    reader_id: Annotated[list[str] | None, Query(max_length=500)] = None,
    near: str | None = None,
    radius_m: Annotated[float | None, Query(gt=0, le=100_000)] = None,
    polygon: Annotated[str | None, Query(max_length=100_000)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """Every plate seen by the readers, or in the circle, during the window."""
    reply = await backends.lpr.Stakeout(
        lpr_pb2.StakeoutRequest(
            area=area_from(near, radius_m, polygon),
            reader_ids=reader_id or [],
            start=to_stamp_if(start),
            end=to_stamp_if(end),
            limit=limit,
            requester=requester(call.caller),
        )
    )
    call.result = f"{len(reply.plates)} plates"
    return {"plates": [sighting_out(p) for p in reply.plates], "truncated": reply.truncated}


@router.get("/convoy")
async def convoy(
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.convoy")],
    plate: Annotated[str, Query(min_length=1, max_length=32)],
    state: Annotated[str, Query(min_length=2, max_length=3)],
    start: datetime,
    end: datetime,
    window_minutes: Annotated[int, Query(ge=1, le=60)] = 5,
    min_occurrences: Annotated[int, Query(ge=1, le=1000)] = 2,
) -> dict[str, Any]:
    """Vehicles seen at the target's readers within minutes of it, at least N times."""
    reply = await backends.lpr.Convoy(
        lpr_pb2.ConvoyRequest(
            plate=plate,
            state=state,
            start=to_stamp_if(start),
            end=to_stamp_if(end),
            window_minutes=window_minutes,
            min_occurrences=min_occurrences,
            requester=requester(call.caller),
        )
    )
    call.result = f"{len(reply.companions)} companions"
    return {
        "target_reads": reply.target_reads,
        "companions": [sighting_out(c) for c in reply.companions],
    }
