"""The in-process change feed behind WatchCameras: every committed write, to every subscriber.

Writers never wait on a subscriber: each has a bounded queue, and one that falls behind is
dropped, so it reconnects and starts again from a fresh snapshot.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from rtcc_camera_registry.models import Camera
from rtcc_common.errors import ResourceExhausted, Unavailable
from rtcc_common.logging import get_logger

log = get_logger(__name__)

ChangeKind = Literal["upserted", "removed"]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    camera: Camera


class Subscription:
    def __init__(self, queue_size: int) -> None:
        self._queue: asyncio.Queue[Change | None] = asyncio.Queue(maxsize=queue_size)
        self.overflowed = False

    def offer(self, change: Change) -> bool:
        """Queue the change; False when the subscriber is too far behind to keep."""
        try:
            self._queue.put_nowait(change)
        except asyncio.QueueFull:
            self.overflowed = True
            return False
        return True

    def end(self) -> None:
        # The queue may be full; dropping its oldest entry makes room for the end marker.
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(None)

    async def next(self) -> Change:
        change = await self._queue.get()
        if change is None:
            if self.overflowed:
                raise ResourceExhausted("the watcher fell behind; reconnect for a fresh snapshot")
            raise Unavailable("the camera registry is shutting down")
        return change


class ChangeFeed:
    def __init__(self, queue_size: int) -> None:
        self._queue_size = queue_size
        self._subscribers: set[Subscription] = set()

    def subscribe(self) -> Subscription:
        subscription = Subscription(self._queue_size)
        self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    def publish(self, kind: ChangeKind, cameras: list[Camera]) -> None:
        for subscription in list(self._subscribers):
            for camera in cameras:
                if not subscription.offer(Change(kind, camera)):
                    log.warning("camera_watcher_dropped", reason="queue_full")
                    self._subscribers.discard(subscription)
                    subscription.end()
                    break

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def close(self) -> None:
        for subscription in list(self._subscribers):
            subscription.end()
        self._subscribers.clear()
