"""What every service function works with: the database, the credential cipher, the change feed
and the camera cache. Every committed camera write goes through `changed`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from rtcc_camera_registry.cache import CameraCache
from rtcc_camera_registry.crypto import CredentialCipher
from rtcc_camera_registry.feed import ChangeFeed, ChangeKind
from rtcc_camera_registry.models import Camera
from rtcc_camera_registry.stream_policy import StreamAddressPolicy
from rtcc_common.service_runtime import Database


@dataclass(frozen=True)
class Registry:
    db: Database
    cipher: CredentialCipher
    feed: ChangeFeed
    cache: CameraCache
    streams: StreamAddressPolicy
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def changed(self, kind: ChangeKind, cameras: list[Camera], *, announce: bool = True) -> None:
        """After a commit: the cache learns the stored rows, watchers hear of them unless
        `announce` is off (a health probe that only refreshed last_seen_at)."""
        if kind == "removed":
            self.cache.removed(cameras)
        else:
            self.cache.stored(cameras)
        if announce:
            self.feed.publish(kind, cameras)
