"""Alerts: raised when a read hits a hotlist entry, fanned out to watchers, disposed by a person."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.logging import get_logger
from rtcc_lpr.models import Alert, PlateRead, table
from rtcc_lpr.paging import decode_token, encode_token
from rtcc_lpr.scope import Scope

log = get_logger(__name__)

DISPOSITIONS = ("confirmed", "misread", "not_actionable")
SUBSCRIBER_QUEUE = 1000


@dataclass(frozen=True)
class RaisedAlert:
    """An alert with the read that raised it, as watchers and lists show it."""

    alert: dict[str, Any]
    read: dict[str, Any]  # the read that raised it
    latest: dict[str, Any] | None = None  # the latest repeat, if it was read again


def new_alert_row(
    *,
    read_pk: int,
    entry: dict[str, Any],
    hotlist_name: str,
    exact: bool,
    historical: bool,
    seen_at: datetime | None = None,
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "read_pk": read_pk,
        "hotlist_id": entry["hotlist_id"],
        "hotlist_name": hotlist_name,
        "entry_id": entry["id"],
        "entry_plate": entry["plate"],
        "entry_state": entry["state"],
        "reason": entry["reason"],
        "case_number": entry["case_number"],
        "vehicle_description": entry["vehicle_description"],
        "exact": exact,
        "historical": historical,
        "raised_at": datetime.now(UTC),
        "disposition": None,
        "disposed_by": None,
        "disposed_at": None,
        "disposition_note": None,
        "repeat_count": 0,
        "last_read_pk": None,
        "last_seen_at": seen_at,
    }


class Subscription:
    """One watcher's queue; registered as soon as it is created, so no alert raised after
    `AlertHub.subscribe` returns is missed."""

    def __init__(self, hub: AlertHub) -> None:
        self._hub = hub
        self.queue: asyncio.Queue[RaisedAlert | None] = asyncio.Queue(SUBSCRIBER_QUEUE)

    async def __aiter__(self) -> AsyncIterator[RaisedAlert]:
        try:
            while True:
                raised = await self.queue.get()
                if raised is None:
                    return
                yield raised
        finally:
            self._hub.unsubscribe(self)


class AlertHub:
    """In-process fan-out to every WatchAlerts subscriber. A subscriber that falls more than
    SUBSCRIBER_QUEUE alerts behind is dropped rather than slowing ingest down."""

    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()

    def subscribe(self) -> Subscription:
        subscription = Subscription(self)
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    def publish(self, alerts: Sequence[RaisedAlert]) -> None:
        for subscription in list(self._subscriptions):
            if subscription.queue.qsize() + len(alerts) >= SUBSCRIBER_QUEUE:
                log.warning("alert_subscriber_dropped", reason="too far behind")
                self.unsubscribe(subscription)
                subscription.queue.put_nowait(None)
                continue
            for raised in alerts:
                subscription.queue.put_nowait(raised)

    def close(self) -> None:
        """Ends every subscription (the server is stopping)."""
        for subscription in list(self._subscriptions):
            self.unsubscribe(subscription)
            if not subscription.queue.full():
                subscription.queue.put_nowait(None)


_LATEST = table(PlateRead).alias("latest_read")


def _joined_query() -> Any:
    alerts, reads = table(Alert), table(PlateRead)
    return (
        select(alerts, reads, _LATEST)
        .join(reads, reads.c.id == alerts.c.read_pk)
        .outerjoin(_LATEST, _LATEST.c.id == alerts.c.last_read_pk)
    )


def _split(row: Any) -> RaisedAlert:
    alerts, reads = table(Alert), table(PlateRead)
    mapping = row._mapping
    alert = {column.key: mapping[column] for column in alerts.c}
    latest = None
    if alert["last_read_pk"] is not None and mapping[_LATEST.c.id] is not None:
        latest = {column.key: mapping[column] for column in _LATEST.c}
    return RaisedAlert(
        alert=alert, read={column.key: mapping[column] for column in reads.c}, latest=latest
    )


async def load_alerts(conn: AsyncConnection, alert_ids: Sequence[str]) -> list[RaisedAlert]:
    rows = await conn.execute(_joined_query().where(table(Alert).c.id.in_(alert_ids)))
    return [_split(row) for row in rows]


async def list_alerts(
    conn: AsyncConnection, *, open_only: bool, page_size: int, page_token: str, scope: Scope
) -> tuple[list[RaisedAlert], str]:
    alerts = table(Alert)
    query = _joined_query().order_by(alerts.c.raised_at.desc(), alerts.c.id.desc())
    if open_only:
        query = query.where(alerts.c.disposition.is_(None))
    if scope.hotlist_ids is not None:
        query = query.where(alerts.c.hotlist_id.in_(scope.hotlist_ids))
    if scope.earliest is not None:
        query = query.where(alerts.c.raised_at >= scope.earliest)
    if page_token:
        raised_at, alert_id = decode_token(page_token)
        query = query.where(
            (alerts.c.raised_at < raised_at)
            | ((alerts.c.raised_at == raised_at) & (alerts.c.id < alert_id))
        )
    rows = [_split(row) for row in await conn.execute(query.limit(page_size + 1))]
    if len(rows) <= page_size:
        return rows, ""
    last = rows[page_size - 1].alert
    return rows[:page_size], encode_token(last["raised_at"], last["id"])


async def dispose_alert(
    conn: AsyncConnection, *, alert_id: str, disposition: str, disposed_by: str, note: str
) -> RaisedAlert:
    """Records a person's decision once; a second decision on the same alert is refused."""
    if disposition not in DISPOSITIONS:
        raise InvalidArgument(f"disposition must be one of {', '.join(DISPOSITIONS)}")
    if not disposed_by:
        raise InvalidArgument("disposed_by is required")
    alerts = table(Alert)
    found = await load_alerts(conn, [alert_id])
    if not found:
        raise NotFound(f"alert {alert_id} not found")
    if found[0].alert["disposition"] is not None:
        raise FailedPrecondition(f"alert {alert_id} was already disposed")
    await conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id)
        .values(
            disposition=disposition,
            disposed_by=disposed_by,
            disposed_at=datetime.now(UTC),
            disposition_note=note or None,
        )
    )
    return (await load_alerts(conn, [alert_id]))[0]
