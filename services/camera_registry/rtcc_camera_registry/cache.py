"""Cameras by id, in memory: GET /v1/cameras/{id} is the gateway's hottest call.

The registry process is the only writer of its tables and every write reports the rows it
stored (Registry.changed), so the cache is exact. A read that missed fills the cache only if no
write happened while it read, so a slow read can never put back what a write replaced.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from rtcc_camera_registry.models import Camera


class CameraCache:
    def __init__(self, max_entries: int) -> None:
        self._max_entries = max_entries
        self._cameras: OrderedDict[str, Camera] = OrderedDict()
        self.writes = 0  # bumped by every write; a read notes it before going to the database

    def get(self, camera_id: str) -> Camera | None:
        camera = self._cameras.get(camera_id)
        if camera is not None:
            self._cameras.move_to_end(camera_id)
        return camera

    def fill(self, camera: Camera, *, writes_before_read: int) -> None:
        if writes_before_read == self.writes:
            self._store(camera)

    def stored(self, cameras: Iterable[Camera]) -> None:
        self.writes += 1
        for camera in cameras:
            self._store(camera)

    def removed(self, cameras: Iterable[Camera]) -> None:
        self.writes += 1
        for camera in cameras:
            self._cameras.pop(camera.id, None)

    def _store(self, camera: Camera) -> None:
        self._cameras[camera.id] = camera
        self._cameras.move_to_end(camera.id)
        while len(self._cameras) > self._max_entries:
            self._cameras.popitem(last=False)
