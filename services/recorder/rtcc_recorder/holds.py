"""Legal holds, placed and released by the cases service with a case id, camera and range."""

from __future__ import annotations

import time

from sqlmodel import col, select

from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import Hold


async def place_hold(
    db: Database,
    *,
    case_id: str,
    camera_id: str,
    start_ts: float,
    end_ts: float,
    reason: str,
    placed_by: str,
) -> Hold:
    for name, value in (("case_id", case_id), ("camera_id", camera_id), ("placed_by", placed_by)):
        if not value.strip():
            raise InvalidArgument(f"{name} is required")
    if not end_ts > start_ts:
        raise InvalidArgument("end must be after start")
    hold = Hold(
        case_id=case_id.strip(),
        camera_id=camera_id.strip(),
        start_ts=start_ts,
        end_ts=end_ts,
        reason=reason.strip()[:500],
        placed_by=placed_by.strip(),
    )
    async with db.sessions() as session:
        session.add(hold)
        await session.commit()
    return hold


async def release_hold(db: Database, *, hold_id: str, released_by: str, reason: str) -> Hold:
    if not released_by.strip():
        raise InvalidArgument("released_by is required")
    async with db.sessions() as session:
        hold = await session.get(Hold, hold_id)
        if hold is None:
            raise NotFound(f"hold {hold_id} not found")
        if hold.released_ts is not None:
            raise FailedPrecondition(f"hold {hold_id} was already released")
        hold.released_ts = time.time()
        hold.released_by = released_by.strip()
        hold.release_reason = reason.strip()[:500]
        await session.commit()
        return hold


async def list_holds(db: Database, *, case_id: str, camera_id: str) -> list[Hold]:
    query = select(Hold).order_by(col(Hold.placed_ts))
    if case_id:
        query = query.where(col(Hold.case_id) == case_id)
    if camera_id:
        query = query.where(col(Hold.camera_id) == camera_id)
    async with db.sessions() as session:
        return list((await session.execute(query)).scalars())
