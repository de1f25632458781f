"""Exports: exactly a time range of one camera, stream-copied into one MP4, with its SHA-256 and a
manifest (the spans recorded, every gap inside the range, who asked and why) that lets a court
check the file. The writing and checking of one export is export_job.run_export.

Exports run in the background, a few at a time: a canvass may ask for a thousand at once, and
`max_concurrent_exports` of them run while the rest wait their turn (status pending). Each runs
only while it holds its export's lock file (exports/<id>.lock, an flock): a second submission of
the same export, in this process or in another recorder sharing the folder, finds it held and
leaves the export to its writer. Stopping the recorder cancels them, which kills their ffmpeg;
they stay unfinished and are resumed at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from pathlib import Path

from sqlmodel import col, select

from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.export_job import fail_export, run_export
from rtcc_recorder.models import Export
from rtcc_recorder.recordings import segments_in
from rtcc_recorder.settings import Settings

log = get_logger(__name__)

MAX_EXPORT_S = 24 * 3600.0


async def create_export(
    db: Database,
    *,
    camera_id: str,
    start_ts: float,
    end_ts: float,
    reason: str,
    case_number: str,
    requested_by: str,
) -> Export:
    if not camera_id:
        raise InvalidArgument("camera_id is required")
    if not reason.strip():
        raise InvalidArgument("a reason is required for an export")
    if not requested_by.strip():
        raise InvalidArgument("requested_by is required")
    if not end_ts > start_ts:
        raise InvalidArgument("end must be after start")
    if end_ts - start_ts > MAX_EXPORT_S:
        raise InvalidArgument("an export covers at most 24 hours")
    if not await segments_in(db, camera_id=camera_id, start_ts=start_ts, end_ts=end_ts):
        raise FailedPrecondition("no recording of this camera in that range")
    export = Export(
        camera_id=camera_id,
        start_ts=start_ts,
        end_ts=end_ts,
        reason=reason.strip(),
        case_number=case_number.strip(),
        requested_by=requested_by.strip(),
    )
    async with db.sessions() as session:
        session.add(export)
        await session.commit()
    return export


async def get_export(db: Database, export_id: str) -> Export:
    async with db.sessions() as session:
        export = await session.get(Export, export_id)
    if export is None:
        raise NotFound(f"export {export_id} not found")
    return export


async def unfinished_exports(db: Database) -> list[str]:
    """Exports a stopped recorder left behind; they are run again at start-up."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(Export.id)
            .where(col(Export.status).in_(["pending", "running"]))
            .order_by(col(Export.created_ts))
        )
        return list(rows.scalars())


UNFINISHED = frozenset({"pending", "running"})


def _try_lock(path: Path) -> int | None:
    """An exclusive flock on `path`, or None when another writer holds it. Blocking: a thread."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _unlock(path: Path, fd: int) -> None:
    # Removed while still held: whoever opens the name afterwards gets a new file and lock, and
    # then finds the export finished.
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    os.close(fd)


class ExportRunner:
    def __init__(self, db: Database, settings: Settings) -> None:
        self._db = db
        self._settings = settings
        self._slots = asyncio.Semaphore(max(1, settings.max_concurrent_exports))
        self._tasks: dict[str, asyncio.Task[None]] = {}

    @property
    def active(self) -> set[str]:
        """Exports queued or running in this process."""
        return set(self._tasks)

    def submit(self, export_id: str) -> None:
        """Queue an export; one already queued or running here is not queued twice."""
        if export_id in self._tasks:
            log.info("export_already_queued", export_id=export_id)
            return
        task = asyncio.create_task(self._run(export_id), name=f"export-{export_id}")
        self._tasks[export_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(export_id, None))

    async def _run(self, export_id: str) -> None:
        async with self._slots:
            lock_path = self._settings.exports_path / f"{export_id}.lock"
            await asyncio.to_thread(self._settings.exports_path.mkdir, parents=True, exist_ok=True)
            fd = await asyncio.to_thread(_try_lock, lock_path)
            if fd is None:
                log.info("export_held_by_another_writer", export_id=export_id)
                return
            try:
                await self._run_locked(export_id)
            finally:
                await asyncio.shield(asyncio.to_thread(_unlock, lock_path, fd))

    async def _run_locked(self, export_id: str) -> None:
        try:
            # Looked at again under the lock: another writer may have finished it meanwhile.
            if (await get_export(self._db, export_id)).status not in UNFINISHED:
                log.info("export_already_finished", export_id=export_id)
                return
            await run_export(self._db, self._settings, export_id)
        except asyncio.CancelledError:
            log.info("export_interrupted", export_id=export_id)  # resumed at the next start
            raise
        except Exception as exc:
            log.exception("export_crashed", export_id=export_id)
            await fail_export(self._db, export_id, str(exc))

    async def serve(self) -> None:
        """Background work: resume what a stopped recorder left, then run exports as asked
        (a background task that returned would stop the server)."""
        for export_id in await unfinished_exports(self._db):
            self.submit(export_id)
        await asyncio.Event().wait()

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
