"""Writes to the index as recording happens: finished segments, and the gaps between them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy import update
from sqlmodel import col, select

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.events import record_event
from rtcc_recorder.metrics import GAPS_OPENED, count_indexed
from rtcc_recorder.models import CameraLease, Gap, Segment

log = get_logger(__name__)


async def open_gap(db: Database, *, camera_id: str, start_ts: float, reason: str) -> None:
    """Start a gap unless one is already open (a camera that keeps failing has one gap)."""
    async with db.sessions() as session:
        open_now = await session.execute(
            select(Gap.id).where(col(Gap.camera_id) == camera_id, col(Gap.end_ts).is_(None))
        )
        if open_now.first() is not None:
            return
        session.add(Gap(camera_id=camera_id, start_ts=start_ts, reason=reason))
        await session.execute(
            update(CameraLease)
            .where(col(CameraLease.camera_id) == camera_id)
            .values(state="reconnecting")
        )
        await session.commit()
    GAPS_OPENED.labels(reason).inc()


async def record_gap(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float, reason: str
) -> None:
    """A closed gap inside a session: time whose segment was dropped (it held no video)."""
    async with db.sessions() as session:
        session.add(Gap(camera_id=camera_id, start_ts=start_ts, end_ts=end_ts, reason=reason))
        await session.commit()
    GAPS_OPENED.labels(reason).inc()


async def last_segment_end(db: Database, camera_id: str) -> float | None:
    async with db.sessions() as session:
        result = await session.execute(
            select(Segment.end_ts)
            .where(col(Segment.camera_id) == camera_id)
            .order_by(col(Segment.end_ts).desc())
            .limit(1)
        )
        return result.scalar_one_or_none()


async def report_long_outage(db: Database, *, camera_id: str, threshold_s: float) -> None:
    """One camera_outage event per gap that has lasted longer than the threshold."""
    now = time.time()
    async with db.sessions() as session:
        result = await session.execute(
            select(Gap).where(
                col(Gap.camera_id) == camera_id,
                col(Gap.end_ts).is_(None),
                col(Gap.outage_reported).is_(False),
                col(Gap.start_ts) < now - threshold_s,
            )
        )
        gap = result.scalars().first()
        if gap is None:
            return
        gap.outage_reported = True
        await session.commit()
    await record_event(
        db,
        kind="camera_outage",
        camera_id=camera_id,
        message=f"no recording for {now - gap.start_ts:.0f} s ({gap.reason})",
    )


class SegmentIndexer:
    """Indexes finished segments in batches: one transaction (one fsync) for every segment that
    finished meanwhile, not one per segment, so a thousand cameras do not queue on the disk.

    A segment still waiting here when the process is killed is not lost: its file is on disk,
    and the reconciliation that runs when a recorder takes the camera indexes it.
    """

    def __init__(
        self,
        db: Database,
        *,
        batch: int = 500,
        on_indexed: Callable[[list[tuple[Segment, bool]]], None] | None = None,
    ) -> None:
        self._db = db
        self._batch = batch
        # Told of each batch once committed (the activity index); never delays the commit.
        self._on_indexed = on_indexed
        self._queue: asyncio.Queue[tuple[Segment, bool]] = asyncio.Queue()

    def add(self, segment: Segment, *, first_of_session: bool) -> None:
        self._queue.put_nowait((segment, first_of_session))

    async def flush(self) -> None:
        """Wait until everything added so far is committed."""
        await self._queue.join()

    async def run(self) -> None:
        while True:
            items = [await self._queue.get()]
            while len(items) < self._batch and not self._queue.empty():
                items.append(self._queue.get_nowait())
            try:
                await self._commit_batch(items)
            finally:
                for _ in items:
                    self._queue.task_done()

    async def _commit_batch(self, items: list[tuple[Segment, bool]]) -> None:
        committed: list[tuple[Segment, bool]] = []
        try:
            await _commit(self._db, items)
            committed = items
        except Exception:
            # One bad row must not cost the others their place in the index.
            for item in items:
                try:
                    await _commit(self._db, [item])
                    committed.append(item)
                except Exception:
                    log.exception("segment_index_failed", path=item[0].path)
        if self._on_indexed is not None and committed:
            self._on_indexed(committed)


async def _commit(db: Database, items: list[tuple[Segment, bool]]) -> None:
    async with db.sessions() as session:
        for segment, first_of_session in items:
            session.add(segment)
            if first_of_session:
                # Gaps open only between sessions: a session's first segment ends the gap.
                await session.execute(
                    update(Gap)
                    .where(col(Gap.camera_id) == segment.camera_id, col(Gap.end_ts).is_(None))
                    .values(end_ts=segment.start_ts)
                )
                await session.execute(
                    update(CameraLease)
                    .where(col(CameraLease.camera_id) == segment.camera_id)
                    .values(state="recording")
                )
        await session.commit()
    count_indexed([segment for segment, _ in items])
