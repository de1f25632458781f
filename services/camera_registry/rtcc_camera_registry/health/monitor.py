"""Probes every active camera on a schedule and records each change of reachability; a camera
never probed yet (just registered or activated) is probed at once, not at the next round.

An offline transition is logged as the event `camera_offline` and pushed on WatchCameras with
the camera, so the recorder and live view hear of it at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlmodel import col, select

from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.feed import Change, Subscription
from rtcc_camera_registry.health.rtsp_probe import ProbeResult, probe
from rtcc_camera_registry.health.verdict import RecordingReport, apply_report, apply_verdict
from rtcc_camera_registry.models import Camera, HealthTransition
from rtcc_camera_registry.service import load_camera, session, writing
from rtcc_common.errors import ResourceExhausted, Unavailable
from rtcc_common.logging import get_logger

log = get_logger(__name__)

_CHUNK = 500


class HealthMonitor:
    def __init__(
        self, registry: Registry, *, interval_s: float, timeout_s: float, concurrency: int
    ) -> None:
        self._registry = registry
        self._interval_s = interval_s
        self._timeout_s = timeout_s
        self._limit = asyncio.Semaphore(max(1, concurrency))

    async def run(self) -> None:
        while True:
            started = time.monotonic()
            try:
                await self.probe_all()
            except Exception:  # one bad round must not end health checking for good
                log.exception("health_round_failed")
            await asyncio.sleep(max(0.0, self._interval_s - (time.monotonic() - started)))

    async def probe_newcomers(self) -> None:
        """Follows the change feed and probes each camera that has no state yet."""
        probes: set[asyncio.Task[None]] = set()
        try:
            while True:
                subscription = self._registry.feed.subscribe()
                try:
                    await self._start_probes(subscription, probes)
                except (ResourceExhausted, Unavailable):
                    # Fell behind (a bulk import): the scheduled round covers what was missed.
                    log.info("health_newcomer_feed_restarted")
                finally:
                    self._registry.feed.unsubscribe(subscription)
        finally:
            for task in probes:
                task.cancel()

    async def _start_probes(
        self, subscription: Subscription, probes: set[asyncio.Task[None]]
    ) -> None:
        while True:
            change = await subscription.next()
            if _never_probed(change):
                task = asyncio.create_task(self._probe_newcomer(change.camera))
                probes.add(task)
                task.add_done_callback(probes.discard)

    async def _probe_newcomer(self, camera: Camera) -> None:
        try:
            url = self._registry.cipher.decrypt(camera.stream_url_encrypted)
            await self._record({camera.id: await self._probe_one(url)})
        except Exception:  # the scheduled round probes it again
            log.exception("health_newcomer_probe_failed", camera_id=camera.id)

    async def _targets(self) -> list[tuple[str, str]]:
        query = select(Camera.id, Camera.stream_url_encrypted).where(
            col(Camera.lifecycle) == "active", col(Camera.stream_url_encrypted) != ""
        )
        async with session(self._registry) as db:
            rows = (await db.exec(query)).all()
        return [(camera_id, self._registry.cipher.decrypt(enc)) for camera_id, enc in rows]

    async def _probe_one(self, url: str) -> ProbeResult:
        async with self._limit:
            # A name may resolve inside the center since it was stored: never probe there.
            refused = await self._registry.streams.check_connect(url)
            if refused is not None:
                log.warning("health_probe_refused", reason=refused)
                return ProbeResult(False, "address_refused")
            return await probe(url, timeout_s=self._timeout_s)

    async def probe_all(self) -> None:
        targets = await self._targets()
        results = await asyncio.gather(*(self._probe_one(url) for _, url in targets))
        outcome = dict(zip((camera_id for camera_id, _ in targets), results, strict=True))
        ids = list(outcome)
        for start in range(0, len(ids), _CHUNK):
            await self._record({i: outcome[i] for i in ids[start : start + _CHUNK]})

    async def _record(self, results: dict[str, ProbeResult]) -> None:
        now = time.time()

        def probed(camera: Camera) -> None:
            result = results[camera.id]
            camera.probe_state = "online" if result.online else "offline"
            camera.probe_detail = result.detail
            if result.online:
                camera.last_seen_at = now

        await _update_health(self._registry, list(results), probed, now)


async def _update_health(
    registry: Registry, camera_ids: list[str], update: Callable[[Camera], None], now: float
) -> int:
    """Applies what was learnt of each camera, then its verdict; stores and announces the
    cameras whose health changed (the others only refresh the cache). Returns how many of the
    cameras the registry knows."""
    changed: list[Camera] = []
    refreshed: list[Camera] = []
    async with writing(registry) as db:
        found = await db.exec(select(Camera).where(col(Camera.id).in_(camera_ids)))
        for camera in found.all():
            update(camera)
            transition = apply_verdict(camera, now)
            if transition is not None:
                db.add(transition)
                changed.append(camera)
            db.add(camera)
            refreshed.append(camera)
        await db.commit()
        registry.changed("upserted", refreshed, announce=False)
        registry.changed("upserted", changed)
    _log_changes(changed)
    return len(refreshed)


def _log_changes(changed: list[Camera]) -> None:
    for camera in changed:
        event = "camera_online" if camera.health_state == "online" else "camera_offline"
        log.info(event, camera_id=camera.id, name=camera.name, detail=camera.health_detail)


async def record_recording_reports(registry: Registry, reports: list[RecordingReport]) -> int:
    """The recorder's view of the cameras it records; returns how many cameras were known.
    Cameras the registry no longer has are left out (a removal the recorder has not heard of)."""
    if not reports:
        return 0
    by_id = {report.camera_id: report for report in reports}
    now = time.time()
    return await _update_health(
        registry, list(by_id), lambda camera: apply_report(camera, by_id[camera.id], now), now
    )


def _never_probed(change: Change) -> bool:
    camera = change.camera
    return (
        change.kind == "upserted"
        and camera.lifecycle == "active"
        and camera.health_state == "unknown"
        and camera.stream_url_encrypted != ""
    )


async def health_history(
    registry: Registry, *, camera_id: str, limit: int
) -> tuple[Camera, list[HealthTransition]]:
    """The camera's current reachability and its transitions, newest first."""
    query = (
        select(HealthTransition)
        .where(col(HealthTransition.camera_id) == camera_id)
        .order_by(col(HealthTransition.at).desc())
        .limit(min(limit or 100, 1000))
    )
    async with session(registry) as db:
        camera = await load_camera(db, camera_id)
        return camera, list((await db.exec(query)).all())
