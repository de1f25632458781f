"""The chain of custody of each evidence item: who attached, viewed, downloaded or shared it,
when and why, and what happened to the holds on its footage. Entries are only ever added."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_cases.case_rows import load_case
from rtcc_cases.models import Actor, CustodyEntry, Evidence
from rtcc_common.errors import InvalidArgument, NotFound

# What a person may record; the other actions are written by the service itself.
RECORDED_ACTIONS = ("viewed", "downloaded", "shared")
MAX_TEXT = 500


def require_actor(actor: Actor) -> None:
    if not actor.subject.strip():
        raise InvalidArgument("the caller's identity (actor.subject) is required")
    if len(actor.subject) > 128 or len(actor.role) > 32 or len(actor.agency) > 64:
        raise InvalidArgument("actor subject, role or agency is too long (128, 32, 64)")


def require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidArgument("a reason is required")
    if len(reason) > MAX_TEXT:
        raise InvalidArgument(f"the reason is longer than {MAX_TEXT} characters")
    return reason


def custody_entry(
    *, evidence: Evidence, action: str, actor: Actor, reason: str, detail: str = ""
) -> CustodyEntry:
    return CustodyEntry(
        case_id=evidence.case_id,
        evidence_id=evidence.id,
        action=action,
        actor_subject=actor.subject,
        actor_role=actor.role,
        actor_agency=actor.agency,
        reason=reason,
        detail=detail,
    )


async def record_custody(
    *,
    sessions: async_sessionmaker[AsyncSession],
    case_id: str,
    evidence_id: str,
    action: str,
    actor: Actor,
    reason: str,
    detail: str = "",
) -> CustodyEntry:
    """Add one link to an item's chain; closed cases too, whose evidence is still read."""
    require_actor(actor)
    if action not in RECORDED_ACTIONS:
        raise InvalidArgument(f"action must be one of {', '.join(RECORDED_ACTIONS)}")
    reason = require_reason(reason)
    detail = detail.strip()
    if action == "shared" and not detail:
        raise InvalidArgument("sharing evidence must say with whom (detail)")
    if len(detail) > MAX_TEXT:
        raise InvalidArgument(f"the detail is longer than {MAX_TEXT} characters")
    async with sessions.begin() as session:
        evidence = await _evidence_of_case(session, case_id, evidence_id)
        entry = custody_entry(
            evidence=evidence, action=action, actor=actor, reason=reason, detail=detail
        )
        session.add(entry)
    return entry


DOWNLOAD_REASON = "evidence file downloaded"


async def record_download(
    *,
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    export_id: str = "",
    case_id: str = "",
    evidence_id: str = "",
    detail: str = "",
) -> list[CustodyEntry]:
    """A 'downloaded' link on the chain of every item the file is: the export attached to any
    number of cases, or one item. An export that is no case's evidence has no chain (none)."""
    require_actor(actor)
    if bool(export_id) == bool(evidence_id):
        raise InvalidArgument("name the export, or the case and its evidence item (not both)")
    async with sessions.begin() as session:
        if export_id:
            items = list(
                (
                    await session.execute(
                        select(Evidence).where(
                            col(Evidence.kind) == "export", col(Evidence.ref_id) == export_id
                        )
                    )
                ).scalars()
            )
        else:
            items = [await _evidence_of_case(session, case_id, evidence_id)]
        entries = [
            custody_entry(
                evidence=item,
                action="downloaded",
                actor=actor,
                reason=DOWNLOAD_REASON,
                detail=detail.strip()[:MAX_TEXT],
            )
            for item in items
        ]
        session.add_all(entries)
    return entries


async def list_custody(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str, evidence_id: str = ""
) -> list[CustodyEntry]:
    async with sessions() as session:
        await load_case(session, case_id)
        query = select(CustodyEntry).where(CustodyEntry.case_id == case_id)
        if evidence_id:
            await _evidence_of_case(session, case_id, evidence_id)
            query = query.where(CustodyEntry.evidence_id == evidence_id)
        rows = await session.execute(query.order_by(col(CustodyEntry.seq)))
        return list(rows.scalars())


async def _evidence_of_case(session: AsyncSession, case_id: str, evidence_id: str) -> Evidence:
    await load_case(session, case_id)
    evidence = await session.get(Evidence, evidence_id) if evidence_id else None
    if evidence is None or evidence.case_id != case_id:
        raise NotFound(f"case '{case_id}' has no evidence '{evidence_id}'")
    return evidence
