"""Attaching evidence to a case: exports (hash checked against the recorder), plate reads,
alerts, camera references and snapshots. Footage that is attached is put on legal hold.

The order of the steps keeps the two stores consistent. The hold is placed in the recorder
first, then the evidence, its hold and its custody entries are written in one transaction. If
that transaction fails (the same item attached by someone else a moment earlier, or the case
closed meanwhile) the new hold is released again. A crash between the two leaves an extra hold
in the recorder, which keeps footage longer, never shorter.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_cases.case_rows import load_case, lock_open_case
from rtcc_cases.custody import MAX_TEXT, custody_entry, require_actor, require_reason
from rtcc_cases.models import EVIDENCE_KINDS, Actor, Evidence, EvidenceCreate, LegalHold
from rtcc_cases.recorder_client import RecorderClient
from rtcc_common.errors import AlreadyExists, DomainError, FailedPrecondition, InvalidArgument
from rtcc_common.logging import get_logger

log = get_logger(__name__)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_REF = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# A camera reference holds footage; a week is already far more than an incident needs.
MAX_FOOTAGE_S = 7 * 86400


# Work that must commit with the evidence, or not at all (a link marked used).
SameTransaction = Callable[[AsyncSession, Evidence], Awaitable[None]]


@dataclass(frozen=True)
class Footage:
    camera_id: str
    start_ts: float
    end_ts: float


def _check_ref(name: str, value: str) -> str:
    value = value.strip()
    if not _REF.match(value):
        raise InvalidArgument(f"{name} must be 1-128 letters, digits or . _ : -")
    return value


def _check_sha256(value: str) -> str:
    value = value.strip().lower()
    if not _SHA256.match(value):
        raise InvalidArgument("sha256 must be 64 hexadecimal characters")
    return value


def _check_range(item: EvidenceCreate) -> None:
    if (item.start_ts is None) != (item.end_ts is None):
        raise InvalidArgument("start and end go together")
    if item.start_ts is not None and item.end_ts is not None:
        if item.end_ts <= item.start_ts:
            raise InvalidArgument("end must be after start")
        if item.end_ts - item.start_ts > MAX_FOOTAGE_S:
            raise InvalidArgument("a camera reference may cover at most 7 days")


def validate(item: EvidenceCreate) -> tuple[EvidenceCreate, str]:
    """The item, cleaned, and its identity: what makes two attachments the same."""
    if item.kind not in EVIDENCE_KINDS:
        raise InvalidArgument(f"kind must be one of {', '.join(EVIDENCE_KINDS)}")
    item.reason = require_reason(item.reason)
    if len(item.description) > 20000:
        raise InvalidArgument("description is longer than 20000 characters")
    if item.kind == "export":
        item.ref_id = _check_ref("ref_id (the export id)", item.ref_id)
        item.sha256 = _check_sha256(item.sha256)
        return item, f"export:{item.ref_id}"
    if item.kind == "camera":
        item.camera_id = _check_ref("camera_id", item.camera_id)
        _check_range(item)
        return item, f"camera:{item.camera_id}:{item.start_ts}:{item.end_ts}"
    if item.kind == "snapshot":
        if item.sha256:
            item.sha256 = _check_sha256(item.sha256)
        if item.ref_id:
            item.ref_id = _check_ref("ref_id", item.ref_id)
        if not (item.ref_id or item.sha256):
            raise InvalidArgument("a snapshot needs its ref_id or its sha256")
        return item, f"snapshot:{item.ref_id or item.sha256}"
    item.ref_id = _check_ref(f"ref_id (the {item.kind.replace('_', ' ')} id)", item.ref_id)
    return item, f"{item.kind}:{item.ref_id}"


async def _verified_footage(recorder: RecorderClient, item: EvidenceCreate) -> Footage | None:
    """The footage to hold: an export's, checked against the recorder's record, or a camera
    reference's range."""
    if item.kind == "camera" and item.start_ts is not None and item.end_ts is not None:
        return Footage(item.camera_id, item.start_ts, item.end_ts)
    if item.kind != "export":
        return None
    export = await recorder.get_export(item.ref_id)
    if export.status != "done":
        raise FailedPrecondition(f"export {item.ref_id} is {export.status}, not done")
    if export.sha256 != item.sha256:
        raise InvalidArgument(
            f"sha256 does not match the recorder's record of export {item.ref_id}"
        )
    item.camera_id, item.start_ts, item.end_ts = export.camera_id, export.start_ts, export.end_ts
    return Footage(export.camera_id, export.start_ts, export.end_ts)


async def _refuse_duplicate(
    sessions: async_sessionmaker[AsyncSession], case_id: str, identity: str
) -> None:
    async with sessions() as session:
        case = await load_case(session, case_id)
        if case.status != "open":
            raise FailedPrecondition(f"case {case.number} is {case.status}: cannot attach evidence")
        query = select(Evidence.id).where(
            col(Evidence.case_id) == case_id, col(Evidence.identity) == identity
        )
        if (await session.execute(query)).first() is not None:
            raise AlreadyExists(f"{identity} is already attached to case {case.number}")


async def attach_evidence(
    *,
    sessions: async_sessionmaker[AsyncSession],
    recorder: RecorderClient,
    case_id: str,
    item: EvidenceCreate,
    actor: Actor,
) -> tuple[Evidence, LegalHold | None]:
    require_actor(actor)
    item, identity = validate(item)
    # Checked before the recorder is asked, so a plain duplicate places no hold at all.
    await _refuse_duplicate(sessions, case_id, identity)
    footage = await _verified_footage(recorder, item)
    recorder_hold_id = ""
    if footage is not None:
        recorder_hold_id = await recorder.place_hold(
            case_id=case_id,
            camera_id=footage.camera_id,
            start_ts=footage.start_ts,
            end_ts=footage.end_ts,
            reason=item.reason,
            placed_by=actor.subject,
        )
    try:
        return await _store(sessions, case_id, item, identity, footage, recorder_hold_id, actor)
    except Exception as exc:
        # Whatever kept the evidence from being written, its hold must not stay behind.
        if recorder_hold_id:
            await _undo_hold(recorder, recorder_hold_id, actor)
        if isinstance(exc, IntegrityError):
            raise AlreadyExists(f"{identity} is already attached to this case") from exc
        raise


async def _store(
    sessions: async_sessionmaker[AsyncSession],
    case_id: str,
    item: EvidenceCreate,
    identity: str,
    footage: Footage | None,
    recorder_hold_id: str,
    actor: Actor,
    *,
    custody_detail: str = "",
    in_same_transaction: SameTransaction | None = None,
) -> tuple[Evidence, LegalHold | None]:
    async with sessions.begin() as session:
        await lock_open_case(session, case_id, to="attach evidence")
        evidence = Evidence(
            case_id=case_id,
            kind=item.kind,
            ref_id=item.ref_id,
            identity=identity,
            camera_id=item.camera_id,
            start_ts=item.start_ts,
            end_ts=item.end_ts,
            sha256=item.sha256,
            description=item.description.strip(),
            attached_by=actor.subject,
        )
        session.add(evidence)
        await session.flush()
        session.add(
            custody_entry(
                evidence=evidence,
                action="attached",
                actor=actor,
                reason=item.reason,
                detail=custody_detail[:MAX_TEXT],
            )
        )
        if in_same_transaction is not None:
            await in_same_transaction(session, evidence)
        hold = None
        if footage is not None:
            hold = LegalHold(
                case_id=case_id,
                evidence_id=evidence.id,
                recorder_hold_id=recorder_hold_id,
                camera_id=footage.camera_id,
                start_ts=footage.start_ts,
                end_ts=footage.end_ts,
                placed_by=actor.subject,
            )
            session.add(hold)
            detail = f"recorder hold {recorder_hold_id} on camera {footage.camera_id}"
            session.add(
                custody_entry(
                    evidence=evidence,
                    action="hold_placed",
                    actor=actor,
                    reason=item.reason,
                    detail=detail[:MAX_TEXT],
                )
            )
    log.info("evidence_attached", case_id=case_id, evidence_id=evidence.id, kind=item.kind)
    return evidence, hold


async def store_evidence(
    sessions: async_sessionmaker[AsyncSession],
    *,
    case_id: str,
    item: EvidenceCreate,
    identity: str,
    actor: Actor,
    custody_detail: str,
    in_same_transaction: SameTransaction,
) -> tuple[Evidence, LegalHold | None]:
    """Evidence the service itself received (an owner's uploaded clip), with no footage to
    hold in the recorder; `in_same_transaction` commits or fails with it."""
    try:
        return await _store(
            sessions,
            case_id,
            item,
            identity,
            None,
            "",
            actor,
            custody_detail=custody_detail,
            in_same_transaction=in_same_transaction,
        )
    except IntegrityError as exc:
        raise AlreadyExists(f"{identity} is already attached to this case") from exc


async def _undo_hold(recorder: RecorderClient, recorder_hold_id: str, actor: Actor) -> None:
    """Best effort: a hold left behind keeps footage longer, which is the safe side."""
    try:
        await recorder.release_hold(
            hold_id=recorder_hold_id,
            released_by=actor.subject,
            reason="evidence was not attached; the hold placed for it is withdrawn",
        )
    except DomainError as exc:
        log.warning("orphan_hold_left", recorder_hold_id=recorder_hold_id, error=exc.message)


async def list_evidence(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str
) -> list[tuple[Evidence, LegalHold | None]]:
    async with sessions() as session:
        await load_case(session, case_id)
        rows = await session.execute(
            select(Evidence, LegalHold)
            .outerjoin(LegalHold, col(LegalHold.evidence_id) == col(Evidence.id))
            .where(Evidence.case_id == case_id)
            .order_by(col(Evidence.attached_ts), col(Evidence.id))
        )
        return [(evidence, hold) for evidence, hold in rows.all()]
