"""Legal holds on a case's footage, and their release, which takes two people.

A hold is placed in the recorder when footage is attached. Releasing it is asked for (by
closing or disposing of the case, or explicitly) and then confirmed by a supervisor other than
the one who asked; only then does the recorder let retention delete the footage. Every step is
written to the chain of custody of the evidence the hold protects.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_cases.case_rows import load_case, lock_case
from rtcc_cases.custody import require_actor, require_reason
from rtcc_cases.models import HOLD_STATUSES, Actor, CustodyEntry, LegalHold
from rtcc_cases.recorder_client import RecorderClient
from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from rtcc_common.logging import get_logger

log = get_logger(__name__)

SUPERVISOR_ROLES = frozenset({"supervisor", "admin"})


async def list_holds(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str = "", status: str = ""
) -> list[LegalHold]:
    if status and status not in HOLD_STATUSES:
        raise InvalidArgument(f"status must be one of {', '.join(HOLD_STATUSES)}")
    query = select(LegalHold)
    async with sessions() as session:
        if case_id:
            await load_case(session, case_id)
            query = query.where(LegalHold.case_id == case_id)
        if status:
            query = query.where(LegalHold.status == status)
        rows = await session.execute(query.order_by(col(LegalHold.placed_ts), col(LegalHold.id)))
        return list(rows.scalars())


def _hold_entry(hold: LegalHold, action: str, actor: Actor, reason: str) -> CustodyEntry:
    return CustodyEntry(
        case_id=hold.case_id,
        evidence_id=hold.evidence_id,
        action=action,
        actor_subject=actor.subject,
        actor_role=actor.role,
        actor_agency=actor.agency,
        reason=reason,
        detail=f"hold {hold.id} (recorder {hold.recorder_hold_id}) on camera {hold.camera_id}",
    )


async def _holds_of_case(
    session: AsyncSession, case_id: str, hold_ids: Sequence[str], status: str, *, strict: bool
) -> list[LegalHold]:
    """The case's holds in `status`; named holds must all exist and be in it when strict."""
    query = select(LegalHold).where(LegalHold.case_id == case_id)
    if hold_ids:
        query = query.where(col(LegalHold.id).in_(list(hold_ids)))
    found = list((await session.execute(query.order_by(col(LegalHold.placed_ts)))).scalars())
    missing = set(hold_ids) - {h.id for h in found}
    if missing:
        raise NotFound(f"case '{case_id}' has no hold {', '.join(sorted(missing))}")
    if strict and hold_ids:
        wrong = [h for h in found if h.status != status]
        if wrong:
            raise FailedPrecondition(
                f"hold {wrong[0].id} is {wrong[0].status}, not {status.replace('_', ' ')}"
            )
    return [h for h in found if h.status == status]


async def request_release_in(
    session: AsyncSession,
    *,
    case_id: str,
    hold_ids: Sequence[str],
    actor: Actor,
    reason: str,
    strict: bool,
) -> list[LegalHold]:
    """Inside the caller's transaction: active holds become release_requested."""
    targets = await _holds_of_case(session, case_id, hold_ids, "active", strict=strict)
    now = time.time()
    for hold in targets:
        hold.status = "release_requested"
        hold.release_requested_by = actor.subject
        hold.release_requested_ts = now
        hold.release_reason = reason
        session.add(_hold_entry(hold, "hold_release_requested", actor, reason))
    return targets


async def pending_release(session: AsyncSession, case_id: str) -> list[LegalHold]:
    return await _holds_of_case(session, case_id, [], "release_requested", strict=False)


async def cancel_release_requests(
    session: AsyncSession, *, case_id: str, actor: Actor, reason: str
) -> None:
    """A reopened case keeps its footage: pending release requests are withdrawn."""
    for hold in await pending_release(session, case_id):
        hold.status = "active"
        hold.release_requested_by = ""
        hold.release_requested_ts = None
        hold.release_reason = ""
        session.add(_hold_entry(hold, "hold_release_cancelled", actor, reason))


async def request_release(
    *,
    sessions: async_sessionmaker[AsyncSession],
    case_id: str,
    hold_ids: Sequence[str],
    actor: Actor,
    reason: str,
) -> list[LegalHold]:
    require_actor(actor)
    reason = require_reason(reason)
    async with sessions.begin() as session:
        await lock_case(session, case_id)
        targets = await request_release_in(
            session, case_id=case_id, hold_ids=hold_ids, actor=actor, reason=reason, strict=True
        )
        if not targets:
            raise FailedPrecondition(f"case '{case_id}' has no active hold to release")
    return targets


async def confirm_release(
    *,
    sessions: async_sessionmaker[AsyncSession],
    recorder: RecorderClient,
    case_id: str,
    hold_ids: Sequence[str],
    actor: Actor,
    reason: str,
) -> list[LegalHold]:
    """Release each hold in the recorder, then record it released; one hold at a time, so a
    recorder failure part-way leaves the rest waiting, to be confirmed again."""
    require_actor(actor)
    reason = require_reason(reason)
    if actor.role not in SUPERVISOR_ROLES:
        raise PermissionDenied("only a supervisor may confirm the release of a legal hold")
    async with sessions() as session:
        await load_case(session, case_id)
        targets = await _holds_of_case(session, case_id, hold_ids, "release_requested", strict=True)
    if not targets:
        raise FailedPrecondition(f"case '{case_id}' has no hold awaiting release")
    if any(h.release_requested_by == actor.subject for h in targets):
        raise PermissionDenied(
            "a release must be confirmed by a supervisor other than the one who asked for it"
        )
    released = []
    for hold in targets:
        try:
            await recorder.release_hold(
                hold_id=hold.recorder_hold_id, released_by=actor.subject, reason=reason
            )
        except FailedPrecondition:
            # Already released there: a confirmation that crashed half-way, now retried.
            log.info("recorder_hold_already_released", hold_id=hold.id)
        if await _mark_released(sessions, hold, actor, reason):
            released.append(hold)
    return released


async def _mark_released(
    sessions: async_sessionmaker[AsyncSession], hold: LegalHold, actor: Actor, reason: str
) -> bool:
    """False when another supervisor confirmed the same hold first."""
    now = time.time()
    async with sessions.begin() as session:
        changed = await session.execute(
            update(LegalHold)
            .where(col(LegalHold.id) == hold.id, col(LegalHold.status) == "release_requested")
            .values(status="released", released_by=actor.subject, released_ts=now)
        )
        if changed.rowcount == 0:  # type: ignore[attr-defined]
            return False
        hold.status, hold.released_by, hold.released_ts = "released", actor.subject, now
        session.add(_hold_entry(hold, "hold_released", actor, reason))
    log.info("legal_hold_released", hold_id=hold.id, case_id=hold.case_id, by=actor.subject)
    return True
