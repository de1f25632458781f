"""An owner's clip, uploaded through their one-time link, becomes evidence of the case.

The clip is written to disk as it arrives and hashed on the way (SHA-256 at arrival), then
ffprobe must find video in it. Only then is it stored as evidence, with its custody entry, in
the same transaction that marks the link used, so a link takes one clip however many try.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from rtcc_cases.case_rows import load_case
from rtcc_cases.evidence import store_evidence
from rtcc_cases.footage_requests import AskView, ask_by_token, refuse_unless_open
from rtcc_cases.models import Actor, Evidence, EvidenceCreate, FootageAsk
from rtcc_common.child_process import run_to_end
from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound
from rtcc_common.logging import get_logger

log = get_logger(__name__)

PROBE_TIMEOUT_S = 30.0
# What ffprobe calls a picture rather than a clip: still images are not footage.
_STILL_FORMATS = ("image2", "_pipe", "gif", "apng", "webp")
_EXTENSIONS = {"mov": "mp4", "matroska": "mkv", "mpegts": "ts", "avi": "avi", "flv": "flv"}


@dataclass(frozen=True)
class UploadSettings:
    directory: Path  # the clips, one folder per case
    ffprobe: str
    max_bytes: int


@dataclass(frozen=True)
class Probed:
    format_name: str
    video_codec: str
    duration_s: float


async def _receive(chunks: AsyncIterator[bytes], path: Path, max_bytes: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("wb") as out:
        async for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise InvalidArgument(f"the clip is larger than {max_bytes} bytes")
            digest.update(chunk)
            await asyncio.to_thread(out.write, chunk)
        await asyncio.to_thread(os.fsync, out.fileno())
    if size == 0:
        raise InvalidArgument("the upload is empty: send the clip as the request body")
    return digest.hexdigest(), size


async def probe_clip(path: Path, *, ffprobe: str) -> Probed:
    """What ffprobe finds, or InvalidArgument when it is not a playable video clip."""
    done = await run_to_end(
        [
            ffprobe, "-v", "error", "-of", "json",
            "-show_entries", "format=format_name,duration:stream=codec_type,codec_name",
            str(path),
        ],
        name="ffprobe_footage_upload",
        timeout_s=PROBE_TIMEOUT_S,
    )  # fmt: skip
    try:
        found = json.loads(done.stdout.decode() or "{}") if done.ok else {}
    except ValueError:
        found = {}
    fmt = found.get("format") or {}
    name = str(fmt.get("format_name", ""))
    video = [s for s in found.get("streams") or [] if s.get("codec_type") == "video"]
    try:
        duration = float(fmt.get("duration", 0) or 0)
    except ValueError:
        duration = 0.0
    if not video or not name or any(still in name for still in _STILL_FORMATS):
        raise InvalidArgument("the upload is not a video clip (ffprobe finds no video in it)")
    if duration <= 0:
        raise InvalidArgument("the clip has no duration: it holds no playable video")
    return Probed(name, str(video[0].get("codec_name", "")), duration)


async def _open_ask(sessions: async_sessionmaker[AsyncSession], token: str) -> AskView:
    async with sessions.begin() as session:
        view = await ask_by_token(session, token)
        refuse_unless_open(view)
        if view.case_status != "open":
            raise FailedPrecondition(f"case {view.case_number} is closed: it takes no more clips")
        return view


async def upload_clip(
    *,
    sessions: async_sessionmaker[AsyncSession],
    settings: UploadSettings,
    token: str,
    chunks: AsyncIterator[bytes],
) -> tuple[AskView, Evidence]:
    # Refused before a byte is kept: an unknown, used, declined or expired link.
    view = await _open_ask(sessions, token)
    ask, request = view.ask, view.request
    folder = settings.directory / ask.case_id
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{ask.id}.{secrets.token_hex(4)}.part"
    kept: Path | None = None
    try:
        sha256, size = await _receive(chunks, partial, settings.max_bytes)
        probed = await probe_clip(partial, ffprobe=settings.ffprobe)
        extension = _EXTENSIONS.get(probed.format_name.split(",")[0], "bin")
        kept = folder / f"{ask.id}-{sha256[:12]}.{extension}"
        partial.rename(kept)
        detail = f"uploaded by owner via request {request.id}"
        item = EvidenceCreate(
            kind="upload",
            reason=request.reason,
            ref_id=ask.id,
            camera_id=ask.camera_id,
            start_ts=request.start_ts,
            end_ts=request.end_ts,
            sha256=sha256,
            description=(
                f"Clip from the owner of {ask.camera_name or ask.camera_id}: "
                f"{probed.duration_s:.1f} s of {probed.video_codec or 'video'}, {size} bytes"
            ),
        )
        owner = Actor(subject=f"owner:{ask.registration_id or ask.camera_id}", role="owner")
        relative = str(kept.relative_to(settings.directory))

        async def mark_uploaded(session: AsyncSession, evidence: Evidence) -> None:
            changed = await session.execute(
                update(FootageAsk)
                .where(col(FootageAsk.id) == ask.id, col(FootageAsk.status) == "sent")
                .values(
                    status="uploaded",
                    status_ts=evidence.attached_ts,
                    evidence_id=evidence.id,
                    sha256=sha256,
                    size_bytes=size,
                    clip_path=relative,
                    clip_duration_s=probed.duration_s,
                    clip_video_codec=probed.video_codec[:32],
                )
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                raise FailedPrecondition("this link was used or declined while the clip arrived")

        evidence, _ = await store_evidence(
            sessions,
            case_id=ask.case_id,
            item=item,
            identity=f"upload:{ask.id}",
            actor=owner,
            custody_detail=detail,
            in_same_transaction=mark_uploaded,
        )
    except BaseException:
        partial.unlink(missing_ok=True)
        if kept is not None:
            kept.unlink(missing_ok=True)
        raise
    log.info(
        "footage_uploaded",
        case_id=ask.case_id,
        request_id=request.id,
        ask_id=ask.id,
        sha256=sha256,
        bytes=size,
    )
    async with sessions() as session:
        fresh = await session.get(FootageAsk, ask.id)
        assert fresh is not None
    return AskView(fresh, request, view.case_number), evidence


CONTENT_TYPES = {"mp4": "video/mp4", "mkv": "video/x-matroska", "ts": "video/mp2t"}
READ_CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class StoredClip:
    ask: FootageAsk
    path: Path
    content_type: str


async def find_clip(
    *,
    sessions: async_sessionmaker[AsyncSession],
    settings: UploadSettings,
    case_id: str,
    evidence_id: str,
) -> StoredClip:
    async with sessions() as session:
        await load_case(session, case_id)
        rows = await session.execute(
            select(FootageAsk).where(
                col(FootageAsk.case_id) == case_id,
                col(FootageAsk.evidence_id) == evidence_id,
                col(FootageAsk.status) == "uploaded",
            )
        )
        ask = rows.scalars().first() if evidence_id else None
    if ask is None:
        raise NotFound(f"case '{case_id}' has no uploaded clip as evidence '{evidence_id}'")
    path = settings.directory / ask.clip_path
    if not path.is_file():
        raise FailedPrecondition(f"the clip of evidence {evidence_id} is missing from storage")
    extension = path.suffix.lstrip(".")
    return StoredClip(ask, path, CONTENT_TYPES.get(extension, "application/octet-stream"))


async def read_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := await asyncio.to_thread(source.read, READ_CHUNK_BYTES):
            yield chunk
