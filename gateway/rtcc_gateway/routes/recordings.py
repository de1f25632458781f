"""Look back at recorded footage: segments and gaps, HLS playback, snapshots, storage per day.

Playback is HLS: the playlist is authenticated, authorized and audited; the segment URLs in it
carry a signed grant tied to the caller's session (playback_grants), so a browser's video
element or ffplay can fetch them without the bearer token. Segment bytes come from the recorder
over gRPC, never from its disk.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway import playback_grants as grants
from rtcc_gateway.auth.policy import rule_for
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.convert import recordings as msgs
from rtcc_gateway.convert.times import from_stamp, to_stamp
from rtcc_gateway.deps import AuditEntry, Call, audit_event, policy
from rtcc_gateway.params import BackendsDep, CameraId, Range
from rtcc_gateway.schemas import recordings as s
from rtcc_gateway.streams import first_chunk, relay_chunks

router = APIRouter(tags=["recordings"])


async def _list(backends: Backends, camera_id: str, window: s.TimeRange) -> Any:
    return await backends.recorder.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=to_stamp(window.start), end=to_stamp(window.end)
        )
    )


@router.get("/v1/cameras/{camera_id}/recordings")
async def list_recordings(
    camera_id: CameraId,
    window: Range,
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.list")],
) -> s.RecordingsOut:
    """The segments recorded and the gaps (with their reason) in a time range."""
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


def _playlist(key: bytes, grant: grants.Grant, segments: list[pb.Segment]) -> str:
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
        started = from_stamp(segment.start).isoformat(timespec="milliseconds")
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{started}")
        lines.append(f"#EXTINF:{segment.duration_s:.3f},")
        lines.append(f"/v1/recordings/segments/{segment.id}.ts?{grant.query(key, segment.id)}")
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


@router.get("/v1/cameras/{camera_id}/playback.m3u8")
async def playback(
    request: Request,
    camera_id: CameraId,
    window: Range,
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.playback")],
) -> Response:
    """An HLS playlist of the range, stitched across reconnects; plays and seeks in a browser
    (hls.js) and in ffplay."""
    reply = await _list(backends, camera_id, window)
    if not reply.segments:
        raise HTTPException(404, "no recording of this camera in that range")
    grant = grants.issue(call.caller)
    call.object_ids.append(f"grant:{grant.grant_id}")
    body = _playlist(request.app.state.token_key, grant, list(reply.segments))
    return Response(body, media_type="application/vnd.apple.mpegurl")


@router.get("/v1/recordings/segments/{segment_id}.ts")
async def read_segment(
    request: Request,
    segment_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")],
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.segment")],
    g: Annotated[str, Query(pattern=r"^[0-9a-f]{16}$")],
    sub: Annotated[str, Query(max_length=256)],
    exp: Annotated[int, Query(ge=0, le=2**62)],
    sig: Annotated[str, Query(max_length=64)],
    sid: Annotated[str, Query(max_length=64)] = "",
) -> StreamingResponse:
    """One segment of a playlist; the grant signed into the playlist's links is the permission,
    for as long as the session that asked for the playlist lasts."""
    grant = grants.Grant(grant_id=g, subject=sub, session_id=sid, expires=exp)
    state = request.app.state
    if not grants.verified(state.token_key, segment_id, grant, sig):
        raise HTTPException(403, "this playback link is invalid or has expired")
    if sid and not await state.policy_cache.session_active(sid):
        raise HTTPException(403, "the session this playback link belongs to has ended")
    reader = backends.recorder.ReadSegment(pb.ReadSegmentRequest(segment_id=segment_id))
    first = await first_chunk(reader)
    if state.playback_grants.first(g):
        await audit_event(
            request,
            Principal(subject=sub, role="", agency=None, token_id="", session_id=sid or None),
            AuditEntry(
                action="recordings.segments",
                result="delivering",
                object_ids=[f"grant:{g}", segment_id],
                technology=rule_for("recordings.segment").technology,
            ),
        )
    return StreamingResponse(relay_chunks(reader, first), media_type="video/mp2t")


@router.get("/v1/cameras/{camera_id}/snapshot.jpg")
async def snapshot(
    camera_id: CameraId,
    at: Annotated[datetime, Query()],
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.snapshot")],
) -> Response:
    """The recorded frame at a moment (or the next one recorded), as JPEG."""
    reply = await backends.recorder.GetSnapshot(
        pb.GetSnapshotRequest(camera_id=camera_id, at=to_stamp(at))
    )
    frame_time = from_stamp(reply.frame_time).isoformat()
    return Response(reply.jpeg, media_type="image/jpeg", headers={"X-Frame-Time": frame_time})


@router.get("/v1/cameras/{camera_id}/storage")
async def storage(
    camera_id: CameraId,
    first_day: Annotated[date, Query()],
    last_day: Annotated[date, Query()],
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.storage")],
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
    backends: BackendsDep,
    call: Annotated[Call, policy("recordings.events")],
    camera_id: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[str, Query(max_length=32)] = "",
    since: Annotated[datetime | None, Query()] = None,
) -> list[s.RecorderEventOut]:
    """What an operator must see: long camera outages, disk pressure, clock drift, deletions
    refused for want of an operator's word."""
    request = pb.ListRecorderEventsRequest(camera_id=camera_id, kind=kind)
    if since is not None:
        request.since.CopyFrom(to_stamp(since))
    reply = await backends.recorder.ListRecorderEvents(request)
    return [
        s.RecorderEventOut(
            kind=e.kind, camera_id=e.camera_id, message=e.message, at=from_stamp(e.at)
        )
        for e in reply.events
    ]
