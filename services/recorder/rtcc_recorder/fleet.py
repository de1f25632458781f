"""Follows the registry and shares the recordable cameras among the live recorder instances.

Each instance watches the whole registry, claims cameras through leases up to its fair share,
renews what it holds, and stops a camera the moment it is withdrawn, retired, or its lease is
lost. A dead instance stops renewing; its leases lapse and the others take its cameras.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from sqlalchemy.dialects import postgresql, sqlite

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder import leases
from rtcc_recorder.camera_worker import CameraWorker
from rtcc_recorder.index import SegmentIndexer
from rtcc_recorder.models import CameraPolicy
from rtcc_recorder.recording_health import HealthReporter, RecordingBoard
from rtcc_recorder.registry import RecordableCamera, RecordableChange, RegistryClient
from rtcc_recorder.settings import Settings

log = get_logger(__name__)


class RecorderFleet:
    def __init__(self, *, settings: Settings, db: Database, registry: RegistryClient) -> None:
        self._settings = settings
        self._db = db
        self._registry = registry
        self._wanted: dict[str, RecordableCamera] = {}
        self._workers: dict[str, tuple[CameraWorker, asyncio.Task[None]]] = {}
        self._changed = asyncio.Event()
        self._indexer = SegmentIndexer(db)
        self.board = RecordingBoard(
            segment_s=settings.segment_s, stall_timeout_s=settings.stall_timeout_s
        )

    @property
    def recording(self) -> set[str]:
        return set(self._workers)

    async def follow_registry(self) -> None:
        """Snapshot, then every change; reconnects when the registry goes away."""
        while True:
            try:
                snapshot = await self._registry.list_cameras()
                self._wanted = {c.camera_id: c for c in snapshot if c.record}
                await self._store_policies(snapshot)
                self._changed.set()
                async for change in self._registry.watch():
                    await self._apply(change)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the registry restarting must not stop recording
                log.warning("registry_watch_failed", error=str(exc))
            await asyncio.sleep(self._settings.registry_retry_s)

    async def _apply(self, change: RecordableChange) -> None:
        camera = change.camera
        if change.removed or not camera.record:
            self._wanted.pop(camera.camera_id, None)
        else:
            self._wanted[camera.camera_id] = camera
        if not change.removed:
            await self._store_policies([camera])
        self._changed.set()

    async def _store_policies(self, cameras: list[RecordableCamera]) -> None:
        """Retention needs each camera's policy even while the registry is unreachable."""
        if not cameras:
            return
        dialect = self._db.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        rows = [
            {
                "camera_id": c.camera_id,
                "retention_days": c.retention_days or self._settings.default_retention_days,
                "recording": c.record,
                "updated_ts": time.time(),
            }
            for c in cameras
        ]
        statement = insert(CameraPolicy).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=["camera_id"],
            set_={k: statement.excluded[k] for k in ("retention_days", "recording", "updated_ts")},
        )
        async with self._db.sessions() as session:
            await session.execute(statement)
            await session.commit()

    async def report_health(self) -> None:
        """The registry hears what this recorder sees of each camera it records."""
        await HealthReporter(self.board, self._settings.camera_registry_addr).run()

    async def keep_leases(self) -> None:
        """Every interval, or at once when the registry changed: renew, release, claim."""
        instance = self._settings.instance_id
        indexing = asyncio.create_task(self._indexer.run())
        try:
            while True:
                self._changed.clear()
                try:
                    await leases.heartbeat(self._db, instance)
                    await self._balance()
                except Exception:
                    log.exception("lease_round_failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), self._settings.lease_interval_s)
        finally:
            # The segments ffmpeg finishes as it stops are indexed before the indexer stops.
            await self.stop_all()
            await self._indexer.flush()
            indexing.cancel()

    async def _balance(self) -> None:
        instance, ttl = self._settings.instance_id, self._settings.lease_ttl_s
        self._forget_finished_workers()
        held = await leases.renew(
            self._db, instance_id=instance, camera_ids=set(self._workers), ttl_s=ttl
        )
        for camera_id in set(self._workers) - held:
            log.warning("camera_lease_lost", camera_id=camera_id)
            await self._stop(camera_id, release=False)
        for camera_id in set(self._workers) - set(self._wanted):
            log.info("camera_no_longer_recorded", camera_id=camera_id)
            await self._stop(camera_id, release=True)
        share = await leases.fair_share(self._db, cameras=len(self._wanted), ttl_s=ttl)
        # A newcomer's share comes from those holding more than theirs.
        for camera_id in sorted(self._workers)[share:]:
            await self._stop(camera_id, release=True)
        claimed = await leases.claim_many(
            self._db,
            camera_ids=sorted(set(self._wanted) - set(self._workers)),
            limit=max(0, share - len(self._workers)),
            instance_id=instance,
            ttl_s=ttl,
        )
        for camera_id in sorted(claimed - set(self._workers)):
            self._start(camera_id)

    def _forget_finished_workers(self) -> None:
        for camera_id, (_, task) in list(self._workers.items()):
            if task.done():
                if not task.cancelled() and task.exception() is not None:
                    log.error(
                        "camera_worker_failed", camera_id=camera_id, exc_info=task.exception()
                    )
                del self._workers[camera_id]

    def _start(self, camera_id: str) -> None:
        log.info("camera_recording_claimed", camera_id=camera_id)
        worker = CameraWorker(
            camera_id=camera_id,
            settings=self._settings,
            db=self._db,
            source=self._registry.stream_url,
            indexer=self._indexer,
            board=self.board,
            transport_setting=lambda: self._transport_of(camera_id),
        )
        self._workers[camera_id] = (worker, asyncio.create_task(worker.run()))

    def _transport_of(self, camera_id: str) -> str:
        camera = self._wanted.get(camera_id)
        return camera.rtsp_transport if camera is not None else "auto"

    async def _stop(self, camera_id: str, *, release: bool) -> None:
        self.board.forget(camera_id)
        worker, task = self._workers.pop(camera_id)
        worker.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=30)
        except Exception:
            task.cancel()
        if release:
            await leases.release(
                self._db, instance_id=self._settings.instance_id, camera_id=camera_id
            )

    async def stop_all(self) -> None:
        await asyncio.gather(
            *(self._stop(c, release=True) for c in list(self._workers)), return_exceptions=True
        )
