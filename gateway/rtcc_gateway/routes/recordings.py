"""Look back at recorded footage: segments and gaps, HLS playback, snapshots, storage per day.

Playback is HLS: the playlist is authenticated, authorized and audited; the segment URLs in it
carry a short-lived signature of their own, so a browser's video element or ffplay can fetch
them without the bearer token. Segment bytes come from the recorder over gRPC, never from its
disk.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import (
    AuditEntry,
    Auditor,
    Purpose,
    authorize,
    get_auditor,
    get_backends,
    require_reason,
)
from rtcc_gateway.routes import recording_messages as msgs
from rtcc_gateway.routes.case_access import audited
from rtcc_gateway.schemas import recordings as s

router = APIRouter(tags=["recordings"])

CameraId = Annotated[str, Path(min_length=1, max_length=64)]
Reader = Annotated[Principal, Depends(authorize("recordings.read"))]
Service = Annotated[Backends, Depends(get_backends)]
Audit = Annotated[Auditor, Depends(get_auditor)]
Why = Annotated[Purpose, Depends(require_reason)]
GRANT_TTL_S = 4 * 3600


def time_range(
    start: Annotated[datetime, Query()], end: Annotated[datetime, Query()]
) -> s.TimeRange:
    if s.as_utc(end) <= s.as_utc(start):
        raise HTTPException(400, "end must be after start")
    if (s.as_utc(end) - s.as_utc(start)).total_seconds() > 31 * 86400:
        raise HTTPException(400, "a range covers at most 31 days")
    return s.TimeRange.model_construct(start=s.as_utc(start), end=s.as_utc(end))


Range = Annotated[s.TimeRange, Depends(time_range)]


async def _list(backends: Backends, camera_id: str, window: s.TimeRange) -> Any:
    return await backends.recorder.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=msgs.to_stamp(window.start), end=msgs.to_stamp(window.end)
        )
    )


@router.get("/v1/cameras/{camera_id}/recordings")
async def list_recordings(
    camera_id: CameraId, window: Range, principal: Reader, backends: Service, auditor: Audit
) -> s.RecordingsOut:
    """The segments recorded and the gaps (with their reason) in a time range."""
    entry = AuditEntry(
        action="recordings.list",
        result="ok",
        object_ids=[camera_id],
        query={"start": window.start.isoformat(), "end": window.end.isoformat()},
    )
    async with audited(auditor, entry):
        reply = await _list(backends, camera_id, window)
    start, end = window.start.timestamp(), window.end.timestamp()
    recorded = sum(
        max(0.0, min(_seconds(x.end), end) - max(_seconds(x.start), start)) for x in reply.segments
    )
    return s.RecordingsOut(
        camera_id=camera_id,
        start=window.start,
        end=window.end,
        recorded_s=recorded,
        segments=[msgs.segment_out(x) for x in reply.segments],
        gaps=[msgs.gap_out(g) for g in reply.gaps],
    )


def _seconds(stamp: Any) -> float:
    return float(stamp.ToNanoseconds()) / 1e9


def _grant(key: bytes, segment_id: str, expires: int) -> str:
    return hmac.new(key, f"segment:{segment_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def _playlist(key: bytes, segments: list[pb.Segment]) -> str:
    expires = int(time.time()) + GRANT_TTL_S
    target = max(math.ceil(x.duration_s) for x in segments)
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{target}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
    ]
    for index, segment in enumerate(segments):
        if index:
            # Each segment's timestamps start afresh (and a reconnect starts a new session).
            lines.append("#EXT-X-DISCONTINUITY")
        started = msgs.from_stamp(segment.start).isoformat(timespec="milliseconds")
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{started}")
        lines.append(f"#EXTINF:{segment.duration_s:.3f},")
        signature = _grant(key, segment.id, expires)
        lines.append(f"/v1/recordings/segments/{segment.id}.ts?exp={expires}&sig={signature}")
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


@router.get("/v1/cameras/{camera_id}/playback.m3u8")
async def playback(
    request: Request,
    camera_id: CameraId,
    window: Range,
    principal: Reader,
    purpose: Why,
    backends: Service,
    auditor: Audit,
) -> Response:
    """An HLS playlist of the range, stitched across reconnects; plays and seeks in a browser
    (hls.js) and in ffplay."""
    entry = AuditEntry(
        action="recordings.playback",
        result="ok",
        object_ids=[camera_id],
        query={"start": window.start.isoformat(), "end": window.end.isoformat()},
        reason=purpose.reason,
        case_number=purpose.case_number,
    )
    async with audited(auditor, entry):
        reply = await _list(backends, camera_id, window)
        if not reply.segments:
            entry.result = "not_found"
    if not reply.segments:
        raise HTTPException(404, "no recording of this camera in that range")
    body = _playlist(request.app.state.token_key, list(reply.segments))
    return Response(body, media_type="application/vnd.apple.mpegurl")


async def relay_chunks(call: Any, first: Any) -> AsyncIterator[bytes]:
    yield first.chunk
    async for message in call:
        yield message.chunk


async def first_chunk(call: Any) -> Any:
    """The first message, read before the response starts, so a refusal is still a status."""
    async for message in call:
        return message
    return pb.ReadSegmentResponse(chunk=b"")


@router.get("/v1/recordings/segments/{segment_id}.ts")
async def read_segment(
    request: Request,
    segment_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")],
    backends: Service,
    exp: Annotated[int, Query()],
    sig: Annotated[str, Query(max_length=64)],
) -> StreamingResponse:
    """One segment of a playlist; the signature from the playlist is the permission."""
    expected = _grant(request.app.state.token_key, segment_id, exp)
    if exp < time.time() or not hmac.compare_digest(expected, sig):
        raise HTTPException(403, "this playback link is invalid or has expired")
    call = backends.recorder.ReadSegment(pb.ReadSegmentRequest(segment_id=segment_id))
    first = await first_chunk(call)
    return StreamingResponse(relay_chunks(call, first), media_type="video/mp2t")


@router.get("/v1/cameras/{camera_id}/snapshot.jpg")
async def snapshot(
    camera_id: CameraId,
    at: Annotated[datetime, Query()],
    principal: Reader,
    purpose: Why,
    backends: Service,
    auditor: Audit,
) -> Response:
    """The recorded frame at a moment (or the next one recorded), as JPEG."""
    entry = AuditEntry(
        action="recordings.snapshot",
        result="ok",
        object_ids=[camera_id],
        query={"at": s.as_utc(at).isoformat()},
        reason=purpose.reason,
        case_number=purpose.case_number,
    )
    async with audited(auditor, entry):
        reply = await backends.recorder.GetSnapshot(
            pb.GetSnapshotRequest(camera_id=camera_id, at=msgs.to_stamp(at))
        )
    frame_time = msgs.from_stamp(reply.frame_time).isoformat()
    return Response(reply.jpeg, media_type="image/jpeg", headers={"X-Frame-Time": frame_time})


@router.get("/v1/cameras/{camera_id}/storage")
async def storage(
    camera_id: CameraId,
    first_day: Annotated[date, Query()],
    last_day: Annotated[date, Query()],
    principal: Reader,
    backends: Service,
) -> list[s.DailyStorageOut]:
    """Bytes stored and availability (% of the day recorded) per UTC day."""
    reply = await backends.recorder.GetStorageStats(
        pb.GetStorageStatsRequest(
            camera_id=camera_id, first_day=first_day.isoformat(), last_day=last_day.isoformat()
        )
    )
    return [
        s.DailyStorageOut(
            day=d.day,
            bytes=d.bytes,
            recorded_s=d.recorded_s,
            availability_pct=round(100 * d.availability, 2),
        )
        for d in reply.days
    ]


@router.get("/v1/recordings/events")
async def recorder_events(
    principal: Reader,
    backends: Service,
    camera_id: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[str, Query(max_length=32)] = "",
    since: Annotated[datetime | None, Query()] = None,
) -> list[s.RecorderEventOut]:
    """What an operator must see: long camera outages, disk pressure, clock drift, deletions
    refused for want of an operator's word."""
    request = pb.ListRecorderEventsRequest(camera_id=camera_id, kind=kind)
    if since is not None:
        request.since.CopyFrom(msgs.to_stamp(since))
    reply = await backends.recorder.ListRecorderEvents(request)
    return [
        s.RecorderEventOut(
            kind=e.kind, camera_id=e.camera_id, message=e.message, at=msgs.from_stamp(e.at)
        )
        for e in reply.events
    ]
