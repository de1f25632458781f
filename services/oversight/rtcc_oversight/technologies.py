"""The council's approvals: each surveillance technology is proposed, approved or suspended."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_common.errors import InvalidArgument, NotFound
from rtcc_oversight.models import TECHNOLOGY_STATUSES, Technology, TechnologyDecision

Sessions = async_sessionmaker[AsyncSession]


async def list_technologies(*, sessions: Sessions) -> list[Technology]:
    async with sessions() as session:
        return list(
            (await session.execute(select(Technology).order_by(col(Technology.key)))).scalars()
        )


async def decide(
    *,
    sessions: Sessions,
    key: str,
    status: str,
    ordinance_ref: str,
    hearing_ref: str,
    use_policy: str,
    note: str,
    decided_by: str,
) -> Technology:
    if status not in TECHNOLOGY_STATUSES:
        raise InvalidArgument(f"status must be one of {', '.join(TECHNOLOGY_STATUSES)}")
    if status == "approved" and not (ordinance_ref.strip() or hearing_ref.strip()):
        raise InvalidArgument("an approval names its ordinance or hearing (ordinance_ref)")
    if status == "approved" and not use_policy.strip():
        raise InvalidArgument("an approval carries the use policy the council adopted")
    if status == "suspended" and not note.strip():
        raise InvalidArgument("a suspension says why (note)")
    for name, value in (("ordinance_ref", ordinance_ref), ("hearing_ref", hearing_ref)):
        if len(value) > 128:
            raise InvalidArgument(f"{name} has at most 128 characters")
    if len(use_policy) > 100_000 or len(note) > 10_000:
        raise InvalidArgument("use_policy or note is too long")
    now = time.time()
    async with sessions.begin() as session:
        tech = await session.get(Technology, key)
        if tech is None:
            raise NotFound(f"technology '{key}' not found")
        tech.status, tech.decided_by, tech.decided_ts, tech.note = status, decided_by, now, note
        if status == "approved":
            tech.ordinance_ref, tech.hearing_ref = ordinance_ref.strip(), hearing_ref.strip()
            tech.use_policy = use_policy.strip()
        session.add(
            TechnologyDecision(
                key=key,
                status=status,
                ordinance_ref=tech.ordinance_ref,
                hearing_ref=tech.hearing_ref,
                note=note,
                decided_by=decided_by,
                decided_ts=now,
            )
        )
    return tech


async def decisions_in(*, sessions: Sessions, start: float, end: float) -> list[TechnologyDecision]:
    async with sessions() as session:
        query = (
            select(TechnologyDecision)
            .where(col(TechnologyDecision.decided_ts) >= start)
            .where(col(TechnologyDecision.decided_ts) < end)
            .order_by(col(TechnologyDecision.decided_ts))
        )
        return list((await session.execute(query)).scalars())
