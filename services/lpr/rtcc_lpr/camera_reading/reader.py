"""One camera's plate reader: sample its stream, read each car once, ingest it as a read.

Sampling and recognition run in a thread (PyAV and the models block); sightings cross to the
event loop through a queue and are ingested there, one read per car. A stream that fails or
ends is opened again with backoff and jitter.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from rtcc_common.backoff import backoff_delay
from rtcc_common.logging import get_logger
from rtcc_common.rtsp_transport import TransportChooser, unsupported_transport
from rtcc_lpr.camera_reading.registry import PlateCamera
from rtcc_lpr.images import ImageData
from rtcc_lpr.ingest import NewRead, Outcome, ReadResult
from rtcc_lpr.recognizer import PlateRecognizer
from rtcc_lpr.recognizer.video import PlateSighting, SamplingMode, sample_plates

log = get_logger(__name__)

Ingest = Callable[[Sequence[NewRead]], Awaitable[list[ReadResult]]]
StreamUrl = Callable[[str], Awaitable[str]]
# A session that lasted this long was healthy: the next failure starts backoff afresh.
HEALTHY_SESSION_S = 60.0
# Long enough for a recognition in progress and a blocked stream read to return.
SAMPLER_STOP_S = 15.0


@dataclass(frozen=True)
class ReadingPolicy:
    mode: SamplingMode
    frames_per_second: float
    home_state: str  # the state given to a plate whose picture does not show its state
    retry_min_s: float
    retry_max_s: float


class CameraPlateReader:
    def __init__(
        self,
        *,
        camera: PlateCamera,
        policy: ReadingPolicy,
        stream_url: StreamUrl,
        recognizer: Callable[[], PlateRecognizer],
        ingest: Ingest,
    ) -> None:
        self.camera = camera
        self._policy = policy
        self._stream_url = stream_url
        self._recognizer = recognizer
        self._ingest = ingest
        # The camera's transport setting, and which transport worked (auto: TCP, then UDP).
        self.transport = TransportChooser(camera.rtsp_transport)

    async def run(self) -> None:
        """Read until cancelled, reconnecting whenever the stream fails or ends."""
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                await self._read_session(await self._stream_url(self.camera.camera_id))
                log.info("plate_camera_stream_ended", camera_id=self.camera.camera_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a camera failing must never stop the others
                log.warning(
                    "plate_camera_stream_failed", camera_id=self.camera.camera_id, error=str(exc)
                )
                self._fall_back(exc)
            attempt = 1 if time.monotonic() - started > HEALTHY_SESSION_S else attempt + 1
            await asyncio.sleep(
                backoff_delay(
                    attempt, min_s=self._policy.retry_min_s, max_s=self._policy.retry_max_s
                )
            )

    def _fall_back(self, exc: Exception) -> None:
        """The camera refused the transport (461, as VLC's server refuses TCP), or sent nothing
        over it in time (UDP blocked on the way): the other one next time, when auto."""
        text = str(exc)
        if not (unsupported_transport(text) or "timed out" in text.lower()):
            return
        tried = self.transport.current
        if self.transport.failed() != tried:
            log.info(
                "plate_camera_transport_fallback",
                camera_id=self.camera.camera_id,
                tried=tried,
                next=self.transport.current,
            )

    async def _read_session(self, url: str) -> None:
        loop = asyncio.get_running_loop()
        sightings: asyncio.Queue[PlateSighting | BaseException | None] = asyncio.Queue()
        stop = threading.Event()
        transport = self.transport.current

        def sample() -> None:
            try:
                for sighting in sample_plates(
                    url,
                    self._recognizer(),
                    mode=self._policy.mode,
                    frames_per_second=self._policy.frames_per_second,
                    stop=stop,
                    rtsp_transport=transport,
                ):
                    loop.call_soon_threadsafe(sightings.put_nowait, sighting)
                loop.call_soon_threadsafe(sightings.put_nowait, None)
            except BaseException as exc:  # handed to the event loop, which raises it
                loop.call_soon_threadsafe(sightings.put_nowait, exc)

        # A thread of its own, not the loop's executor: a session lasts as long as the stream.
        sampler = threading.Thread(target=sample, name=f"plates-{self.camera.camera_id}")
        sampler.start()
        try:
            while (item := await sightings.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                await self._store(item)
        finally:
            stop.set()
            await asyncio.shield(asyncio.to_thread(sampler.join, SAMPLER_STOP_S))

    async def _store(self, sighting: PlateSighting) -> None:
        [result] = await self._ingest([self._to_read(sighting)])
        if result.outcome == Outcome.REJECTED:
            log.warning(
                "plate_camera_read_rejected",
                camera_id=self.camera.camera_id,
                plate=sighting.plate.text,
                reason=result.reason,
            )
        else:
            log.info(
                "plate_camera_read",
                camera_id=self.camera.camera_id,
                plate=sighting.plate.text,
                confidence=sighting.plate.confidence,
                alerts=result.alerts,
            )

    def _to_read(self, sighting: PlateSighting) -> NewRead:
        plate = sighting.plate
        camera = self.camera
        return NewRead(
            # The same camera, instant and text are the same read: a retry stores nothing twice.
            read_id=f"cam-{camera.camera_id}-{sighting.seen_at:%Y%m%dT%H%M%S%f}-{plate.text}",
            plate=plate.text,
            state=plate.state or self._policy.home_state,
            confidence=plate.confidence,
            reader_id="",
            camera_id=camera.camera_id,
            observed_at=sighting.seen_at,
            latitude=camera.latitude,
            longitude=camera.longitude,
            plate_image=ImageData(sighting.crop_jpeg, "image/jpeg"),
        )
