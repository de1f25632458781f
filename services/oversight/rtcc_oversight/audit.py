"""The audit trail: append-only and hash-chained, anchored outside the database.

Each record's hash is SHA-256 over the previous record's hash followed by the canonical JSON of
the record itself, so changing, removing or reordering any stored record breaks every hash after
it; each record also carries an HMAC of its hash with the service's audit key, and the head is
checkpointed to a file outside the database (audit_anchor.py), so that the chain cannot be cut
or recomputed by someone who can write only the database. One writer task appends: concurrent
requests queue, and each batch is chained and committed in one transaction (group commit), after
which every waiting request is answered.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import col, select

from rtcc_common.errors import Unavailable
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_oversight.audit_anchor import AuditAnchor
from rtcc_oversight.metrics import AUDIT_APPEND_FAILURES, AUDIT_APPENDS
from rtcc_oversight.models import AuditRow

log = get_logger(__name__)

GENESIS_HASH = "0" * 64
MAX_BATCH = 500
ADOPT_PAGE = 1000
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


def row_hash(prev_hash: str, row: Any) -> str:
    """`row` is an AuditRow or a result row with the same column names."""
    body = canonical_json({name: getattr(row, name) for name in HASHED_FIELDS})
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


@dataclass
class _Pending:
    row: AuditRow
    done: asyncio.Future[AuditRow]


class AuditWriter:
    """The single writer of the chain, and of its checkpoints."""

    def __init__(self, db: Database, anchor: AuditAnchor) -> None:
        self._db = db
        self._anchor = anchor
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._head: tuple[int, str] | None = None
        self._stopped = False
        # The head as last committed, and as last checkpointed.
        self._committed: tuple[int, str] | None = None
        self._checkpointed: tuple[int, str] | None = None
        self._since_checkpoint = 0
        self._checkpoint_due = asyncio.Event()
        self._checkpoint_lock = asyncio.Lock()
        # Set once the chain is anchored at start-up: verification waits for it.
        self.anchored = asyncio.Event()

    async def append(self, row: AuditRow) -> AuditRow:
        # Before the writer starts, records wait in the queue; after it stopped, none would.
        if self._stopped:
            raise Unavailable("the audit writer has stopped")
        done: asyncio.Future[AuditRow] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(row=row, done=done))
        return await done

    async def run(self) -> None:
        try:
            await self._anchor_at_start()
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
                    row.mac = self._anchor.key.record_mac(seq, row.hash)
                # One multi-row INSERT: the ORM's unit of work costs more than the hashing.
                values = [p.row.model_dump() for p in batch]
                await session.execute(insert(AuditRow), values)
                await session.commit()
            self._head = self._committed = (seq, prev)
            AUDIT_APPENDS.inc(len(batch))
            self._since_checkpoint += len(batch)
            if self._since_checkpoint >= self._anchor.checkpoint_every:
                self._checkpoint_due.set()
        except Exception as exc:
            # Whatever was not committed is not in the chain: read the head again next time.
            self._head = None
            log.error("audit_append_failed", records=len(batch), exc_info=True)
            AUDIT_APPEND_FAILURES.inc(len(batch))
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(Unavailable(f"audit record not stored: {exc}"))
            return
        for pending in batch:
            if not pending.done.done():
                pending.done.set_result(pending.row)

    async def run_checkpoints(self) -> None:
        """Checkpoints the head every few seconds while it moves, and after every so many
        appends; once more on the way out."""
        await self.anchored.wait()
        try:
            while True:
                try:
                    await asyncio.wait_for(
                        self._checkpoint_due.wait(), self._anchor.checkpoint_interval_s
                    )
                except TimeoutError:
                    pass
                self._checkpoint_due.clear()
                await self.checkpoint()
        finally:
            await asyncio.shield(self.checkpoint())

    async def checkpoint(self) -> None:
        """Appends a checkpoint of the committed head, if it moved since the last one."""
        async with self._checkpoint_lock:
            head = self._committed
            if head is None or head == self._checkpointed:
                return
            self._since_checkpoint = 0
            try:
                await asyncio.to_thread(
                    self._anchor.checkpoints.append, head[0], head[1], _now_us()
                )
            except OSError:
                log.error("audit_checkpoint_failed", seq=head[0], exc_info=True)
                return
            self._checkpointed = head

    async def _anchor_at_start(self) -> None:
        """A chain without a checkpoint file is adopted: records from before the MAC get theirs
        now (those up to the first broken link, so a chain already broken stays broken), and the
        head is checkpointed. With a file, the chain must reach its newest checkpoint."""
        log_file = self._anchor.checkpoints
        if await asyncio.to_thread(log_file.exists):
            newest = await asyncio.to_thread(log_file.last)
            head = await self._read_head()
            if newest is not None and head[0] < newest.seq:
                log.error(
                    "audit_chain_truncated",
                    head_seq=head[0],
                    checkpointed_seq=newest.seq,
                    checkpoint_file=str(log_file.path),
                )
            self._committed = self._checkpointed = head
        else:
            adopted, head = await self._adopt_records()
            await asyncio.to_thread(log_file.append, head[0], head[1], _now_us())
            self._committed = self._checkpointed = head
            log.warning(
                "audit_checkpoints_started",
                checkpoint_file=str(log_file.path),
                head_seq=head[0],
                records_given_mac=adopted,
            )
        self.anchored.set()

    async def _read_head(self) -> tuple[int, str]:
        async with self._db.sessions() as session:
            newest = select(AuditRow).order_by(col(AuditRow.seq).desc()).limit(1)
            last = (await session.execute(newest)).scalars().first()
        return (last.seq, last.hash) if last else (0, GENESIS_HASH)

    async def _adopt_records(self) -> tuple[int, tuple[int, str]]:
        """MACs for the records written before they had one; returns how many got one and the
        head. Stops at the first record that does not chain on."""
        table = AuditRow.__table__  # type: ignore[attr-defined]
        prev, expected, adopted = GENESIS_HASH, 1, 0
        while True:
            async with self._db.sessions() as session:
                query = (
                    select(table)
                    .where(table.c.seq >= expected)
                    .order_by(table.c.seq)
                    .limit(ADOPT_PAGE)
                )
                page = (await session.execute(query)).all()
                for row in page:
                    if (
                        row.seq != expected
                        or row.prev_hash != prev
                        or row_hash(prev, row) != row.hash
                    ):
                        log.error("audit_adoption_stopped", seq=row.seq, expected_seq=expected)
                        await session.commit()
                        return adopted, (expected - 1, prev)
                    if not row.mac:
                        mac = self._anchor.key.record_mac(row.seq, row.hash)
                        await session.execute(
                            update(table).where(table.c.seq == row.seq).values(mac=mac)
                        )
                        adopted += 1
                    prev, expected = row.hash, expected + 1
                await session.commit()
            if len(page) < ADOPT_PAGE:
                return adopted, (expected - 1, prev)


def _now_us() -> int:
    return int(time.time() * 1_000_000)
