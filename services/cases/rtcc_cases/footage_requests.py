"""Footage requests: the center asks the owners of cameras it may not reach (recordings on
request, registry only) for a window of their footage, as Ring Neighbors and Fusus do.

Each owner gets a one-time upload link. Its token is random and kept only as its SHA-256, so
the link is shown once, when made; a lost link is replaced by a new one, which voids the old.
An owner's part is `sent` until they decline or upload, or the request expires.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_cases.case_rows import load_case, lock_open_case
from rtcc_cases.custody import MAX_TEXT, require_actor, require_reason
from rtcc_cases.evidence import MAX_FOOTAGE_S
from rtcc_cases.models import Actor, Case, FootageAsk, FootageRequest
from rtcc_common.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.logging import get_logger

log = get_logger(__name__)

DEFAULT_LINK_DAYS = 14
MAX_LINK_DAYS = 90
MAX_RADIUS_M = 5000.0
MAX_TARGETS = 200
# Footage cannot come from the future; a few minutes allow for clocks and "until now".
FUTURE_SLACK_S = 300.0
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
_REF = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


@dataclass
class Target:
    camera_id: str
    camera_name: str = ""
    registration_id: str = ""
    owner_name: str = ""


@dataclass
class RequestCreate:
    lat: float
    lon: float
    radius_m: float
    start_ts: float
    end_ts: float
    reason: str
    expires_ts: float | None = None
    targets: list[Target] = field(default_factory=list)


@dataclass
class RequestView:
    request: FootageRequest
    case_number: str
    asks: list[FootageAsk]


@dataclass(frozen=True)
class AskView:
    """An owner's part with what they are asked for, and nothing of the other owners."""

    ask: FootageAsk
    request: FootageRequest
    case_number: str
    case_status: str = "open"


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_sha256(token)


def _check(data: RequestCreate, now: float) -> RequestCreate:
    if not (-90.0 <= data.lat <= 90.0 and -180.0 <= data.lon <= 180.0):
        raise InvalidArgument("lat must be within -90..90 and lon within -180..180")
    if not (0.0 < data.radius_m <= MAX_RADIUS_M):
        raise InvalidArgument(f"radius_m must be more than 0 and at most {MAX_RADIUS_M:.0f}")
    if data.end_ts <= data.start_ts:
        raise InvalidArgument("end must be after start")
    if data.end_ts - data.start_ts > MAX_FOOTAGE_S:
        raise InvalidArgument("a footage request may cover at most 7 days")
    if data.end_ts > now + FUTURE_SLACK_S:
        raise InvalidArgument("end is in the future: only recorded footage can be asked for")
    expires = data.expires_ts or now + DEFAULT_LINK_DAYS * 86400
    if not (now < expires <= now + MAX_LINK_DAYS * 86400):
        raise InvalidArgument(f"expires_at must be in the next {MAX_LINK_DAYS} days")
    data.expires_ts = expires
    data.reason = require_reason(data.reason)
    if not data.targets:
        raise InvalidArgument("no camera to ask: targets is empty")
    if len(data.targets) > MAX_TARGETS:
        raise InvalidArgument(f"at most {MAX_TARGETS} cameras can be asked at once")
    seen: set[str] = set()
    for target in data.targets:
        if not _REF.match(target.camera_id) or target.camera_id in seen:
            raise InvalidArgument(f"target camera_id {target.camera_id!r} is invalid or repeated")
        seen.add(target.camera_id)
        if target.registration_id and not _REF.match(target.registration_id):
            raise InvalidArgument("a target's registration_id is invalid")
        target.camera_name = target.camera_name.strip()[:200]
        target.owner_name = target.owner_name.strip()[:200]
    return data


async def expire_overdue(session: AsyncSession, now: float) -> None:
    """Owners who did not answer before the request expired: `expired`, as of that moment."""
    overdue = select(FootageRequest.id).where(col(FootageRequest.expires_ts) <= now)
    expires = (
        select(FootageRequest.expires_ts)
        .where(col(FootageRequest.id) == col(FootageAsk.request_id))
        .scalar_subquery()
    )
    changed = await session.execute(
        update(FootageAsk)
        .where(col(FootageAsk.status) == "sent", col(FootageAsk.request_id).in_(overdue))
        .values(status="expired", status_ts=expires)
    )
    if changed.rowcount:  # type: ignore[attr-defined]
        log.info("footage_asks_expired", owners=changed.rowcount)  # type: ignore[attr-defined]


async def create_request(
    *,
    sessions: async_sessionmaker[AsyncSession],
    case_id: str,
    data: RequestCreate,
    actor: Actor,
) -> tuple[RequestView, list[tuple[str, str]]]:
    """The request, and each owner's (ask id, token): the only time the tokens exist."""
    require_actor(actor)
    data = _check(data, time.time())
    assert data.expires_ts is not None
    links: list[tuple[str, str]] = []
    async with sessions.begin() as session:
        case = await lock_open_case(session, case_id, to="request footage")
        request = FootageRequest(
            case_id=case_id,
            lat=data.lat,
            lon=data.lon,
            radius_m=data.radius_m,
            start_ts=data.start_ts,
            end_ts=data.end_ts,
            reason=data.reason,
            requested_by=actor.subject,
            expires_ts=data.expires_ts,
        )
        session.add(request)
        await session.flush()  # the request's row first: its owners' rows refer to it
        asks = []
        for target in data.targets:
            token, digest = _new_token()
            ask = FootageAsk(
                request_id=request.id,
                case_id=case_id,
                camera_id=target.camera_id,
                camera_name=target.camera_name,
                registration_id=target.registration_id,
                owner_name=target.owner_name,
                token_sha256=digest,
            )
            asks.append(ask)
            links.append((ask.id, token))
        session.add_all(asks)
        number = case.number
    log.info("footage_request_sent", case_id=case_id, request_id=request.id, owners=len(asks))
    return RequestView(request, number, asks), links


async def _view(session: AsyncSession, request: FootageRequest, number: str) -> RequestView:
    rows = await session.execute(
        select(FootageAsk)
        .where(col(FootageAsk.request_id) == request.id)
        .order_by(col(FootageAsk.camera_name), col(FootageAsk.id))
    )
    return RequestView(request, number, list(rows.scalars()))


async def list_requests(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str
) -> list[RequestView]:
    async with sessions.begin() as session:
        case = await load_case(session, case_id)
        await expire_overdue(session, time.time())
        rows = await session.execute(
            select(FootageRequest)
            .where(col(FootageRequest.case_id) == case_id)
            .order_by(col(FootageRequest.created_ts), col(FootageRequest.id))
        )
        return [await _view(session, r, case.number) for r in rows.scalars()]


async def _request_of_case(session: AsyncSession, case_id: str, request_id: str) -> Case:
    case = await load_case(session, case_id)
    request = await session.get(FootageRequest, request_id) if request_id else None
    if request is None or request.case_id != case_id:
        raise NotFound(f"case '{case_id}' has no footage request '{request_id}'")
    return case


async def get_request(
    *, sessions: async_sessionmaker[AsyncSession], case_id: str, request_id: str
) -> RequestView:
    async with sessions.begin() as session:
        case = await _request_of_case(session, case_id, request_id)
        await expire_overdue(session, time.time())
        request = await session.get(FootageRequest, request_id)
        assert request is not None
        return await _view(session, request, case.number)


async def reissue_link(
    *,
    sessions: async_sessionmaker[AsyncSession],
    case_id: str,
    request_id: str,
    ask_id: str,
    actor: Actor,
) -> tuple[FootageAsk, str]:
    """A new link for an owner still asked; the old token stops working at once."""
    require_actor(actor)
    async with sessions.begin() as session:
        await _request_of_case(session, case_id, request_id)
        await expire_overdue(session, time.time())
        ask = await session.get(FootageAsk, ask_id) if ask_id else None
        if ask is None or ask.request_id != request_id:
            raise NotFound(f"footage request '{request_id}' has no owner entry '{ask_id}'")
        if ask.status != "sent":
            raise FailedPrecondition(f"this owner's answer is {ask.status}: no new link")
        token, ask.token_sha256 = _new_token()
        session.add(ask)
    log.info("footage_link_reissued", request_id=request_id, ask_id=ask_id, by=actor.subject)
    return ask, token


async def ask_by_token(session: AsyncSession, token: str) -> AskView:
    if not _TOKEN.match(token):
        raise NotFound("this upload link is not known")
    await expire_overdue(session, time.time())
    rows = await session.execute(
        select(FootageAsk, FootageRequest, Case)
        .join(FootageRequest, col(FootageRequest.id) == col(FootageAsk.request_id))
        .join(Case, col(Case.id) == col(FootageAsk.case_id))
        .where(col(FootageAsk.token_sha256) == token_sha256(token))
    )
    found = rows.first()
    if found is None:
        raise NotFound("this upload link is not known (or a newer one replaced it)")
    ask, request, case = found
    return AskView(ask, request, case.number, case.status)


def refuse_unless_open(view: AskView) -> None:
    """The clear reason a link no longer takes an answer."""
    ask = view.ask
    if ask.status == "uploaded":
        raise AlreadyExists("a clip was already uploaded through this link; it works only once")
    if ask.status == "declined":
        raise FailedPrecondition("this request was declined; the link no longer takes uploads")
    if ask.status == "expired":
        when = datetime.fromtimestamp(view.request.expires_ts, UTC).isoformat()
        raise FailedPrecondition(f"this upload link expired at {when.replace('+00:00', 'Z')}")


async def get_ask(*, sessions: async_sessionmaker[AsyncSession], token: str) -> AskView:
    async with sessions.begin() as session:
        return await ask_by_token(session, token)


async def decline_ask(
    *, sessions: async_sessionmaker[AsyncSession], token: str, reason: str
) -> AskView:
    reason = reason.strip()
    if len(reason) > MAX_TEXT:
        raise InvalidArgument(f"the reason is longer than {MAX_TEXT} characters")
    async with sessions.begin() as session:
        view = await ask_by_token(session, token)
        refuse_unless_open(view)
        changed = await session.execute(
            update(FootageAsk)
            .where(col(FootageAsk.id) == view.ask.id, col(FootageAsk.status) == "sent")
            .values(status="declined", status_ts=time.time(), decline_reason=reason)
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise FailedPrecondition("this owner answered a moment ago; reload the request")
        await session.refresh(view.ask)
    log.info("footage_request_declined", request_id=view.request.id, ask_id=view.ask.id)
    return view


@dataclass(frozen=True)
class YearCounts:
    requests: int
    owners_asked: int
    by_status: dict[str, int]


async def count_requests(*, sessions: async_sessionmaker[AsyncSession], year: int) -> YearCounts:
    """Requests made in `year`, and their owners by the status they are in now."""
    if not 1970 <= year <= 9999:
        raise InvalidArgument("year must be between 1970 and 9999")
    start = datetime(year, 1, 1, tzinfo=UTC).timestamp()
    end = datetime(year + 1, 1, 1, tzinfo=UTC).timestamp() if year < 9999 else float("inf")
    async with sessions.begin() as session:
        await expire_overdue(session, time.time())
        in_year = (col(FootageRequest.created_ts) >= start, col(FootageRequest.created_ts) < end)
        ids = list((await session.execute(select(FootageRequest.id).where(*in_year))).scalars())
        statuses = await session.execute(
            select(FootageAsk.status)
            .join(FootageRequest, col(FootageRequest.id) == col(FootageAsk.request_id))
            .where(*in_year)
        )
        counts = Counter(statuses.scalars())
    return YearCounts(len(ids), sum(counts.values()), dict(counts))
