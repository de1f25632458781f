"""Verification of the audit chain: every link, hash and MAC in order, and every checkpoint kept
outside the database, so that a record rewritten (even with every later hash recomputed), a
record removed from the middle, or the newest records cut off (up to the newest checkpoint) are
each found and named by the first sequence number that is wrong."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from rtcc_common.service_runtime import Database
from rtcc_oversight.audit import GENESIS_HASH, row_hash
from rtcc_oversight.audit_anchor import AuditAnchor, Checkpoint
from rtcc_oversight.models import AuditRow

VERIFY_PAGE = 1000


@dataclass(frozen=True)
class Verification:
    intact: bool
    checked: int
    first_bad_seq: int
    problem: str
    head_hash: str
    checkpoints_checked: int = 0
    anchored_seq: int = 0


class _Checkpoints:
    """The checkpoints in the order of their records, consumed as the walk reaches them."""

    def __init__(self, checkpoints: list[Checkpoint]) -> None:
        self._pending = sorted(checkpoints, key=lambda c: (c.seq, c.line))
        self._next = 0
        self.anchored_seq = max((c.seq for c in self._pending), default=0)

    def up_to(self, seq: int) -> Iterator[Checkpoint]:
        while self._next < len(self._pending) and self._pending[self._next].seq <= seq:
            self._next += 1
            yield self._pending[self._next - 1]

    def beyond(self) -> list[Checkpoint]:
        return self._pending[self._next :]

    @property
    def checked(self) -> int:
        return self._next


def _when(checkpoint: Checkpoint) -> str:
    moment = dt.datetime.fromtimestamp(checkpoint.ts_us / 1_000_000, dt.UTC)
    return moment.isoformat(timespec="seconds")


def _read_checkpoints(anchor: AuditAnchor) -> tuple[list[Checkpoint], bool]:
    log_file = anchor.checkpoints
    return list(log_file.read(up_to_bytes=log_file.size())), log_file.exists()


async def verify_chain(db: Database, anchor: AuditAnchor) -> Verification:
    """Walks the whole chain in order; names the first record whose link, hash, MAC or
    checkpoint is wrong."""
    # Checkpoints are read before the walk: each names a record committed before it was written,
    # so the walk is sure to reach it.
    listed, have_file = await asyncio.to_thread(_read_checkpoints, anchor)
    forged = [c for c in listed if not c.authentic]
    if forged:
        problem = f"checkpoint line {forged[0].line} of {anchor.checkpoints.path} is not authentic"
        return Verification(False, 0, max(forged[0].seq, 0), problem, GENESIS_HASH)
    checkpoints = _Checkpoints(listed)
    table = AuditRow.__table__  # type: ignore[attr-defined]
    prev, expected_seq, checked = GENESIS_HASH, 1, 0

    def failed(seq: int, problem: str) -> Verification:
        return Verification(
            False, checked, seq, problem, prev, checkpoints.checked, checkpoints.anchored_seq
        )

    for checkpoint in checkpoints.up_to(0):
        if checkpoint.hash != GENESIS_HASH:
            return failed(1, f"the checkpoint of {_when(checkpoint)} is of another chain")
    async with db.sessions() as session:
        while True:
            query = (
                select(table)
                .where(table.c.seq >= expected_seq)
                .order_by(table.c.seq)
                .limit(VERIFY_PAGE)
            )
            page = (await session.execute(query)).all()
            for row in page:
                problem = _record_problem(anchor, row, expected_seq, prev)
                if problem:
                    return failed(row.seq, problem)
                for checkpoint in checkpoints.up_to(row.seq):
                    if checkpoint.hash != row.hash:
                        return failed(
                            row.seq,
                            f"record {row.seq} is not the one checkpointed at "
                            f"{_when(checkpoint)}: the chain was rewritten (or cut and written on)",
                        )
                prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
            if len(page) < VERIFY_PAGE:
                break
            await asyncio.sleep(0)  # a long walk lets appends through between pages
        below = select(func.count()).select_from(table).where(table.c.seq < 1)
        beyond = (await session.execute(below)).scalar_one()
    if beyond:
        return failed(0, "records with a sequence below 1")
    missing = checkpoints.beyond()
    if missing:
        newest = max(missing, key=lambda c: c.seq)
        return failed(
            expected_seq,
            f"the chain ends at record {expected_seq - 1}, but a checkpoint of {_when(newest)} "
            f"vouches for record {newest.seq}: records {expected_seq} to {newest.seq} or more "
            "were deleted",
        )
    if checked and not have_file:
        return failed(1, f"the checkpoint file {anchor.checkpoints.path} is missing")
    return Verification(True, checked, 0, "", prev, checkpoints.checked, checkpoints.anchored_seq)


def _record_problem(anchor: AuditAnchor, row: Any, expected_seq: int, prev: str) -> str:
    if row.seq != expected_seq:
        return f"record {expected_seq} is missing"
    if row.prev_hash != prev:
        return f"record {row.seq} does not link to the record before it"
    if row_hash(prev, row) != row.hash:
        return f"record {row.seq} was altered after it was written"
    if not row.mac:
        return f"record {row.seq} has no MAC: it was not written by this service"
    if not hmac.compare_digest(anchor.key.record_mac(row.seq, row.hash), row.mac):
        return f"record {row.seq} has a wrong MAC: it was rewritten outside this service"
    return ""
