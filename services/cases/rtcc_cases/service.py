"""Cases: open one, find it, edit it, close or dispose of it."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, func, select

from rtcc_cases import holds
from rtcc_cases.case_rows import load_case, lock_case
from rtcc_cases.custody import require_actor, require_reason
from rtcc_cases.models import CASE_STATUSES, Actor, Case, CaseCreate, CaseUpdate, LegalHold
from rtcc_common.errors import AlreadyExists, FailedPrecondition, InvalidArgument

_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,63}$")
_OFFENSE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
# Which status may follow which; a disposed case is final.
_TRANSITIONS = {
    "open": {"closed", "disposed"},
    "closed": {"open", "disposed"},
    "disposed": set(),
}
MAX_LIST = 500
DEFAULT_LIST = 100


@dataclass
class CasePage:
    cases: list[Case]
    total: int


def normalize_number(number: str) -> str:
    value = number.strip().upper()
    if not _NUMBER.match(value):
        raise InvalidArgument(
            "case number must be 1-64 letters, digits or . _ / - (starting with a letter or digit)"
        )
    return value


def normalize_offense(offense: str) -> str:
    value = offense.strip().lower().replace(" ", "_")
    if not _OFFENSE.match(value):
        raise InvalidArgument(
            "offense must be a short name such as robbery, carjacking or stolen_vehicle"
        )
    return value


def _check_text(name: str, value: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise InvalidArgument(f"{name} is longer than {limit} characters")
    return value


def _check_place(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise InvalidArgument("incident_lat and incident_lon go together")
    if lat is not None and not -90 <= lat <= 90:
        raise InvalidArgument("incident_lat must be within -90..90")
    if lon is not None and not -180 <= lon <= 180:
        raise InvalidArgument("incident_lon must be within -180..180")


def _check_incident_time(ts: float | None) -> None:
    # A day of slack for clocks; an incident cannot be reported before it happens.
    if ts is not None and ts > time.time() + 86400:
        raise InvalidArgument("incident_at is in the future")


async def create_case(
    *, sessions: async_sessionmaker[AsyncSession], data: CaseCreate, actor: Actor
) -> Case:
    require_actor(actor)
    _check_place(data.incident_lat, data.incident_lon)
    _check_incident_time(data.incident_ts)
    case = Case(
        number=normalize_number(data.number),
        offense=normalize_offense(data.offense),
        lead_investigator=_check_text("lead_investigator", data.lead_investigator, 128),
        incident_ts=data.incident_ts,
        incident_place=_check_text("incident_place", data.incident_place, 500),
        incident_lat=data.incident_lat,
        incident_lon=data.incident_lon,
        summary=_check_text("summary", data.summary, 20000),
        created_by=actor.subject,
    )
    try:
        async with sessions.begin() as session:
            session.add(case)
    except IntegrityError as exc:
        # The unique number decides between two callers creating the same case at once.
        raise AlreadyExists(f"a case numbered {case.number} already exists") from exc
    return case


async def get_case(*, sessions: async_sessionmaker[AsyncSession], case_id: str) -> Case:
    async with sessions() as session:
        return await load_case(session, case_id)


async def list_cases(
    *,
    sessions: async_sessionmaker[AsyncSession],
    status: str = "",
    offense: str = "",
    number: str = "",
    limit: int = 0,
    offset: int = 0,
) -> CasePage:
    if status and status not in CASE_STATUSES:
        raise InvalidArgument(f"status must be one of {', '.join(CASE_STATUSES)}")
    if limit < 0 or offset < 0:
        raise InvalidArgument("limit and offset must not be negative")
    query = select(Case)
    if status:
        query = query.where(Case.status == status)
    if offense:
        query = query.where(Case.offense == normalize_offense(offense))
    if number:
        query = query.where(Case.number == normalize_number(number))
    async with sessions() as session:
        total = (
            await session.execute(select(func.count()).select_from(query.subquery()))
        ).scalar_one()
        rows = await session.execute(
            query.order_by(col(Case.created_ts).desc(), col(Case.id))
            .limit(min(limit or DEFAULT_LIST, MAX_LIST))
            .offset(offset)
        )
        return CasePage(cases=list(rows.scalars()), total=int(total))


async def update_case(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str, data: CaseUpdate, actor: Actor
) -> tuple[Case, list[LegalHold]]:
    """The case as changed, and the holds that now wait for a supervisor to release them."""
    require_actor(actor)
    _check_place(data.incident_lat, data.incident_lon)
    _check_incident_time(data.incident_ts)
    if data.status is not None and data.status not in CASE_STATUSES:
        raise InvalidArgument(f"status must be one of {', '.join(CASE_STATUSES)}")
    async with sessions.begin() as session:
        case = await lock_case(session, case_id)
        if case.status == "disposed":
            raise FailedPrecondition(f"case {case.number} is disposed and can no longer change")
        _apply_details(case, data)
        pending: list[LegalHold] = []
        if data.status is not None and data.status != case.status:
            pending = await _change_status(session, case, data.status, data.reason, actor)
    return case, pending


def _apply_details(case: Case, data: CaseUpdate) -> None:
    if data.offense is not None:
        case.offense = normalize_offense(data.offense)
    if data.lead_investigator is not None:
        case.lead_investigator = _check_text("lead_investigator", data.lead_investigator, 128)
    if data.incident_ts is not None:
        case.incident_ts = data.incident_ts
    if data.incident_place is not None:
        case.incident_place = _check_text("incident_place", data.incident_place, 500)
    if data.incident_lat is not None:
        case.incident_lat, case.incident_lon = data.incident_lat, data.incident_lon
    if data.summary is not None:
        case.summary = _check_text("summary", data.summary, 20000)


async def _change_status(
    session: AsyncSession, case: Case, status: str, reason: str, actor: Actor
) -> list[LegalHold]:
    if status not in _TRANSITIONS[case.status]:
        raise FailedPrecondition(f"case {case.number} is {case.status}: it cannot become {status}")
    reason = require_reason(reason)
    previous, case.status = case.status, status
    if status == "open":
        case.closed_ts = None
        await holds.cancel_release_requests(session, case_id=case.id, actor=actor, reason=reason)
        return []
    if previous == "open":
        case.closed_ts = time.time()
    # Footage stays held until a supervisor confirms; closing only asks.
    await holds.request_release_in(
        session, case_id=case.id, hold_ids=[], actor=actor, reason=reason, strict=False
    )
    return await holds.pending_release(session, case.id)
