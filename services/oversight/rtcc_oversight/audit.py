"""The audit trail: append-only and hash-chained.

Each record's hash is SHA-256 over the previous record's hash followed by the canonical JSON of
the record itself, so changing, removing or reordering any stored record breaks every hash after
it. One writer task appends: concurrent requests queue, and each batch is chained and committed
in one transaction (group commit), after which every waiting request is answered.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import col, select

from rtcc_common.errors import Unavailable
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_oversight.models import AuditRow

log = get_logger(__name__)

GENESIS_HASH = "0" * 64
MAX_BATCH = 500
VERIFY_PAGE = 2000
HASHED_FIELDS = (
    "seq",
    "ts_us",
    "subject",
    "agency",
    "role",
    "action",
    "technology",
    "object_ids_json",
    "query_json",
    "reason",
    "case_number",
    "result",
    "source",
    "request_id",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(prev_hash: str, row: AuditRow) -> str:
    body = canonical_json({name: getattr(row, name) for name in HASHED_FIELDS})
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


@dataclass
class _Pending:
    row: AuditRow
    done: asyncio.Future[AuditRow]


class AuditWriter:
    """The single writer of the chain."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._head: tuple[int, str] | None = None
        self._stopped = False

    async def append(self, row: AuditRow) -> AuditRow:
        # Before the writer starts, records wait in the queue; after it stopped, none would.
        if self._stopped:
            raise Unavailable("the audit writer has stopped")
        done: asyncio.Future[AuditRow] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(row=row, done=done))
        return await done

    async def run(self) -> None:
        try:
            while True:
                batch = [await self._queue.get()]
                while len(batch) < MAX_BATCH and not self._queue.empty():
                    batch.append(self._queue.get_nowait())
                await self._write(batch)
        finally:
            self._stopped = True
            while not self._queue.empty():
                self._queue.get_nowait().done.set_exception(Unavailable("audit writer stopped"))

    async def _write(self, batch: list[_Pending]) -> None:
        try:
            async with self._db.sessions() as session:
                if self._head is None:
                    newest = select(AuditRow).order_by(col(AuditRow.seq).desc()).limit(1)
                    last = (await session.execute(newest)).scalars().first()
                    self._head = (last.seq, last.hash) if last else (0, GENESIS_HASH)
                seq, prev = self._head
                for pending in batch:
                    seq += 1
                    row = pending.row
                    row.seq, row.prev_hash = seq, prev
                    row.ts_us = row.ts_us or int(time.time() * 1_000_000)
                    row.hash = prev = row_hash(row.prev_hash, row)
                # One multi-row INSERT: the ORM's unit of work costs more than the hashing.
                values = [p.row.model_dump() for p in batch]
                await session.execute(insert(AuditRow), values)
                await session.commit()
            self._head = (seq, prev)
        except Exception as exc:
            # Whatever was not committed is not in the chain: read the head again next time.
            self._head = None
            log.error("audit_append_failed", records=len(batch), exc_info=True)
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(Unavailable(f"audit record not stored: {exc}"))
            return
        for pending in batch:
            if not pending.done.done():
                pending.done.set_result(pending.row)


@dataclass(frozen=True)
class Verification:
    intact: bool
    checked: int
    first_bad_seq: int
    problem: str
    head_hash: str


async def verify_chain(db: Database) -> Verification:
    """Walks the whole chain in order; names the first record whose link or hash is wrong."""
    prev, expected_seq, checked = GENESIS_HASH, 1, 0
    async with db.sessions() as session:
        while True:
            query = (
                select(AuditRow)
                .where(col(AuditRow.seq) >= expected_seq)
                .order_by(col(AuditRow.seq))
                .limit(VERIFY_PAGE)
            )
            page = (await session.execute(query)).scalars().all()
            for row in page:
                problem = _link_problem(row, expected_seq, prev)
                if problem:
                    return Verification(False, checked, row.seq, problem, prev)
                prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
            if len(page) < VERIFY_PAGE:
                break
        below = select(func.count()).select_from(AuditRow).where(col(AuditRow.seq) < 1)
        beyond = (await session.execute(below)).scalar_one()
    if beyond:
        return Verification(False, checked, 0, "records with a sequence below 1", prev)
    return Verification(True, checked, 0, "", prev)


def _link_problem(row: AuditRow, expected_seq: int, prev: str) -> str:
    if row.seq != expected_seq:
        return f"record {expected_seq} is missing"
    if row.prev_hash != prev:
        return f"record {row.seq} does not link to the record before it"
    if row_hash(prev, row) != row.hash:
        return f"record {row.seq} was altered after it was written"
    return ""
