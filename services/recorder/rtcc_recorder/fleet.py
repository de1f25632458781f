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
from rtcc_recorder.activity_index import ActivityIndexer
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
        self._activity = (
            ActivityIndexer(db, settings.recordings_path) if settings.activity_index else None
        )
        self._indexer = SegmentIndexer(
            db, on_indexed=self._activity.add if self._activity is not None else None
        )
        # Cameras on their way out: their worker may take its time to stop (ffmpeg closing its
        # last segment), and nothing else waits for it.
        self._stopping: dict[str, asyncio.Task[None]] = {}
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
        """Every interval, or at once when the registry changed: release and claim. Renewal has
        a task of its own, so that cameras slow to stop never make the others' leases lapse."""
        indexing = asyncio.create_task(self._indexer.run())
        measuring = asyncio.create_task(self._activity.run()) if self._activity else None
        renewing = asyncio.create_task(self.renew_leases())
        try:
            while True:
                self._changed.clear()
                try:
                    await self._balance()
                except Exception:
                    log.exception("lease_round_failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), self._settings.lease_interval_s)
        finally:
            # The segments ffmpeg finishes as it stops are indexed before the indexer stops;
            # the leases are renewed until every camera has stopped.
            await self.stop_all()
            await self._indexer.flush()
            renewing.cancel()
            indexing.cancel()
            if measuring is not None:
                measuring.cancel()

    async def renew_leases(self) -> None:
        """Heartbeat and renew every interval, whatever else the fleet is doing."""
        instance, ttl = self._settings.instance_id, self._settings.lease_ttl_s
        while True:
            try:
                await leases.heartbeat(self._db, instance)
                asked = set(self._workers) | set(self._stopping)
                held = await leases.renew(
                    self._db, instance_id=instance, camera_ids=asked, ttl_s=ttl
                )
                # Only what was asked about: a camera claimed meanwhile is not lost.
                for camera_id in (asked & self._running()) - held:
                    log.warning("camera_lease_lost", camera_id=camera_id)
                    self._stop_soon(camera_id, release=False)
            except Exception:
                log.exception("lease_renewal_failed")
            await asyncio.sleep(self._settings.lease_interval_s)

    def _running(self) -> set[str]:
        """Cameras recorded and not on their way out."""
        return set(self._workers) - set(self._stopping)

    async def _balance(self) -> None:
        instance, ttl = self._settings.instance_id, self._settings.lease_ttl_s
        self._forget_finished_workers()
        for camera_id in self._running() - set(self._wanted):
            log.info("camera_no_longer_recorded", camera_id=camera_id)
            self._stop_soon(camera_id, release=True)
        share = await leases.fair_share(self._db, cameras=len(self._wanted), ttl_s=ttl)
        # A newcomer's share comes from those holding more than theirs.
        for camera_id in sorted(self._running())[share:]:
            self._stop_soon(camera_id, release=True)
        running = self._running()
        claimed = await leases.claim_many(
            self._db,
            camera_ids=sorted(set(self._wanted) - running - set(self._stopping)),
            limit=max(0, share - len(running)),
            instance_id=instance,
            ttl_s=ttl,
        )
        for camera_id in sorted(claimed - set(self._workers) - set(self._stopping)):
            self._start(camera_id)

    def _stop_soon(self, camera_id: str, *, release: bool) -> None:
        """Stop a camera in the background: the fleet goes on balancing and renewing."""
        if camera_id in self._stopping:
            return
        stopping = asyncio.create_task(self._stop(camera_id, release=release))
        self._stopping[camera_id] = stopping
        stopping.add_done_callback(lambda _: self._stopping.pop(camera_id, None))

    def _forget_finished_workers(self) -> None:
        for camera_id, (_, task) in list(self._workers.items()):
            if task.done() and camera_id not in self._stopping:
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
        for camera_id in self._running():
            self._stop_soon(camera_id, release=True)
        await asyncio.gather(*self._stopping.values(), return_exceptions=True)
