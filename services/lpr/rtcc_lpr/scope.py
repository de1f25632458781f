"""What a caller may see: everything, or a partner agency's sharing agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_common.errors import InvalidArgument, PermissionDenied
from rtcc_lpr.models import Agreement, table


@dataclass(frozen=True)
class Scope:
    hotlist_ids: tuple[str, ...] | None = None  # None: every list, and reads without hits
    earliest: datetime | None = None  # None: no look-back limit

    @property
    def restricted(self) -> bool:
        return self.hotlist_ids is not None


UNRESTRICTED = Scope()


async def scope_for(conn: AsyncConnection, *, partner: bool, agency: str) -> Scope:
    """A partner sees hits on the lists its agreement shares, no further back than it allows."""
    if not partner:
        return UNRESTRICTED
    if not agency:
        raise PermissionDenied("a partner caller must belong to an agency")
    agreements = table(Agreement)
    row = (await conn.execute(select(agreements).where(agreements.c.agency == agency))).first()
    if row is None:
        raise PermissionDenied(f"agency {agency} has no sharing agreement")
    hotlist_ids = tuple(i for i in row.hotlist_ids.split(",") if i)
    earliest = datetime.now(UTC) - timedelta(days=row.max_lookback_days)
    return Scope(hotlist_ids=hotlist_ids, earliest=earliest)


async def put_agreement(
    conn: AsyncConnection, *, agency: str, hotlist_ids: Sequence[str], max_lookback_days: int
) -> None:
    if not agency.strip():
        raise InvalidArgument("agency is required")
    if not 0 < max_lookback_days <= 3650:
        raise InvalidArgument("max_lookback_days must be between 1 and 3650")
    agreements = table(Agreement)
    await conn.execute(agreements.delete().where(agreements.c.agency == agency))
    await conn.execute(
        agreements.insert().values(
            agency=agency, hotlist_ids=",".join(hotlist_ids), max_lookback_days=max_lookback_days
        )
    )


async def list_agreements(conn: AsyncConnection) -> list[Agreement]:
    rows = await conn.execute(select(table(Agreement)).order_by(table(Agreement).c.agency))
    return [
        Agreement(
            agency=row.agency, hotlist_ids=row.hotlist_ids, max_lookback_days=row.max_lookback_days
        )
        for row in rows
    ]
