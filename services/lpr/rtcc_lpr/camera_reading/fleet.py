"""Follows the registry and keeps one plate reader running per camera flagged for reading."""

from __future__ import annotations

import asyncio
import contextlib

from rtcc_common.logging import get_logger
from rtcc_lpr.camera_reading.reader import CameraPlateReader, Ingest, ReadingPolicy
from rtcc_lpr.camera_reading.registry import PlateCamera, PlateCameraChange, RegistryClient
from rtcc_lpr.recognition import Recognition

log = get_logger(__name__)


class CameraReadingFleet:
    def __init__(
        self,
        *,
        registry: RegistryClient,
        recognition: Recognition,
        ingest: Ingest,
        policy: ReadingPolicy,
        registry_retry_s: float,
    ) -> None:
        self._registry = registry
        self._recognition = recognition
        self._ingest = ingest
        self._policy = policy
        self._registry_retry_s = registry_retry_s
        self._readers: dict[str, asyncio.Task[None]] = {}
        self._cameras: dict[str, PlateCamera] = {}

    @property
    def reading(self) -> set[str]:
        return set(self._readers)

    async def follow_registry(self) -> None:
        """Snapshot, then every change; reconnects when the registry goes away."""
        try:
            while True:
                try:
                    snapshot = await self._registry.list_cameras()
                    await self._replace_all({c.camera_id: c for c in snapshot if c.read_plates})
                    async for change in self._registry.watch():
                        await self._apply(change)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # readers keep going while the registry restarts
                    log.warning("plate_camera_registry_unreachable", error=str(exc))
                await asyncio.sleep(self._registry_retry_s)
        finally:
            await self._replace_all({})

    async def _apply(self, change: PlateCameraChange) -> None:
        camera_id = change.camera.camera_id
        wanted = dict(self._cameras)
        if change.removed or not change.camera.read_plates:
            wanted.pop(camera_id, None)
        else:
            wanted[camera_id] = change.camera
        await self._replace_all(wanted)

    async def _replace_all(self, wanted: dict[str, PlateCamera]) -> None:
        for camera_id in [c for c in self._readers if self._cameras[c] != wanted.get(c)]:
            await self._stop(camera_id)
        self._cameras = wanted
        for camera_id, camera in wanted.items():
            if camera_id not in self._readers:
                self._start(camera)

    def _start(self, camera: PlateCamera) -> None:
        reader = CameraPlateReader(
            camera=camera,
            policy=self._policy,
            stream_url=self._registry.stream_url,
            recognizer=self._recognition.recognizer,
            ingest=self._ingest,
        )
        self._readers[camera.camera_id] = asyncio.create_task(
            reader.run(), name=f"plates-{camera.camera_id}"
        )
        log.info("plate_camera_reading_started", camera_id=camera.camera_id)

    async def _stop(self, camera_id: str) -> None:
        task = self._readers.pop(camera_id)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        log.info("plate_camera_reading_stopped", camera_id=camera_id)
