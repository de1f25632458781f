"""Verification of the audit chain: every link, hash and MAC in order, and every checkpoint kept
outside the database, so that a record rewritten (even with every later hash recomputed), a
record removed from the middle, or the newest records cut off (up to the newest checkpoint) are
each found and named by the first sequence number that is wrong."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
from collections.abc import Iterator, Sequence
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


class _CheckpointStream:
    """The checkpoint file read along with the walk, one line ahead: a checkpoint is checked
    when the walk reaches its record, so memory stays flat however long the file grows.
    Checkpoints are written in the order of the chain; one that goes back means the chain was
    cut and written on."""

    def __init__(self, lines: Iterator[Checkpoint], path: str) -> None:
        self._lines = lines
        self._path = path
        self._next: Checkpoint | None = None
        self.checked = 0
        self.anchored_seq = 0
        self.problem = ""
        self.bad_seq = 0
        self._advance()

    def _advance(self) -> None:
        self._next = next(self._lines, None)
        line = self._next
        if line is None:
            return
        if not line.authentic:
            self.problem = f"checkpoint line {line.line} of {self._path} is not authentic"
            self.bad_seq, self._next = max(line.seq, 0), None
        elif line.seq < self.anchored_seq:
            self.problem = (
                f"checkpoint line {line.line} (record {line.seq}, {_when(line)}) comes after "
                f"one of record {self.anchored_seq}: the chain was cut and written on"
            )
            self.bad_seq, self._next = line.seq + 1, None
        else:
            self.anchored_seq = line.seq

    def up_to(self, seq: int) -> Iterator[Checkpoint]:
        while self._next is not None and self._next.seq <= seq:
            reached = self._next
            self.checked += 1
            self._advance()
            yield reached

    def beyond(self) -> Checkpoint | None:
        """After the walk: the newest checkpoint of a record the chain no longer reaches."""
        newest = None
        while self._next is not None:
            newest = self._next
            self._advance()
        return newest


def _when(checkpoint: Checkpoint) -> str:
    moment = dt.datetime.fromtimestamp(checkpoint.ts_us / 1_000_000, dt.UTC)
    return moment.isoformat(timespec="seconds")


class _Walk:
    """The walk's state; pages are checked in a worker thread (the hashing is CPU work), so
    that the appends of every request keep their turns on the event loop meanwhile."""

    def __init__(self, anchor: AuditAnchor, checkpoints: _CheckpointStream) -> None:
        self.anchor = anchor
        self.checkpoints = checkpoints
        self.prev, self.expected_seq, self.checked = GENESIS_HASH, 1, 0

    def failed(self, seq: int, problem: str) -> Verification:
        marks = self.checkpoints
        return Verification(
            False, self.checked, seq, problem, self.prev, marks.checked, marks.anchored_seq
        )

    def check_start(self) -> Verification | None:
        for checkpoint in self.checkpoints.up_to(0):
            if checkpoint.hash != GENESIS_HASH:
                return self.failed(1, f"the checkpoint of {_when(checkpoint)} is of another chain")
        if self.checkpoints.problem:
            return self.failed(self.checkpoints.bad_seq, self.checkpoints.problem)
        return None

    def check_page(self, page: Sequence[Any]) -> Verification | None:
        for row in page:
            problem = _record_problem(self.anchor, row, self.expected_seq, self.prev)
            if problem:
                return self.failed(row.seq, problem)
            for checkpoint in self.checkpoints.up_to(row.seq):
                if checkpoint.hash != row.hash:
                    return self.failed(
                        row.seq,
                        f"record {row.seq} is not the one checkpointed at "
                        f"{_when(checkpoint)}: the chain was rewritten (or cut and written on)",
                    )
            if self.checkpoints.problem:
                return self.failed(self.checkpoints.bad_seq, self.checkpoints.problem)
            self.prev, self.expected_seq = row.hash, self.expected_seq + 1
            self.checked += 1
        return None

    def check_end(self) -> Verification | None:
        missing = self.checkpoints.beyond()
        if self.checkpoints.problem:
            return self.failed(self.checkpoints.bad_seq, self.checkpoints.problem)
        if missing is None:
            return None
        end = self.expected_seq
        return self.failed(
            end,
            f"the chain ends at record {end - 1}, but a checkpoint of {_when(missing)} vouches "
            f"for record {missing.seq}: records {end} to {missing.seq} or more were deleted",
        )


async def verify_chain(db: Database, anchor: AuditAnchor) -> Verification:
    """Walks the whole chain in order; names the first record whose link, hash, MAC or
    checkpoint is wrong."""
    log_file = anchor.checkpoints
    have_file = await asyncio.to_thread(log_file.exists)
    # Only checkpoints written before the walk began: each names a record committed before it
    # was written, so the walk is sure to reach it.
    size = await asyncio.to_thread(log_file.size)
    walk = _Walk(anchor, _CheckpointStream(log_file.read(up_to_bytes=size), str(log_file.path)))
    table = AuditRow.__table__  # type: ignore[attr-defined]
    verdict = await asyncio.to_thread(walk.check_start)
    if verdict:
        return verdict
    async with db.sessions() as session:
        while True:
            query = (
                select(table)
                .where(table.c.seq >= walk.expected_seq)
                .order_by(table.c.seq)
                .limit(VERIFY_PAGE)
            )
            page = (await session.execute(query)).all()
            verdict = await asyncio.to_thread(walk.check_page, page)
            if verdict:
                return verdict
            if len(page) < VERIFY_PAGE:
                break
        below = select(func.count()).select_from(table).where(table.c.seq < 1)
        beyond = (await session.execute(below)).scalar_one()
    if beyond:
        return walk.failed(0, "records with a sequence below 1")
    verdict = await asyncio.to_thread(walk.check_end)
    if verdict:
        return verdict
    if walk.checked and not have_file:
        return walk.failed(1, f"the checkpoint file {log_file.path} is missing")
    marks = walk.checkpoints
    return Verification(True, walk.checked, 0, "", walk.prev, marks.checked, marks.anchored_seq)


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
