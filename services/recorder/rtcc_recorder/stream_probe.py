"""What a camera sends, asked before each recording session: its codecs decide whether the
video and audio can be stream-copied into the MPEG-TS segments.

MPEG-TS carries AAC, MP2/MP3, AC-3 and Opus. G.711 (PCMU, PCMA), which many IP cameras send,
G.726 and other telephony codecs would be muxed as a private data stream that no player
reads (ffmpeg only warns): the sound lost to playback, and exports to MP4 failing on it.
Those are encoded to AAC instead: audio only, a few kbit/s; the pictures are still copied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from rtcc_common.child_process import run_to_end
from rtcc_common.logging import get_logger

log = get_logger(__name__)

COPYABLE_AUDIO = frozenset({"aac", "mp2", "mp3", "ac3", "eac3", "opus"})
# What is recorded as it came; other video (MJPEG) is encoded to H.264.
COPYABLE_VIDEO = frozenset({"h264", "hevc"})
TRANSCODE_PRESET = "veryfast"
TRANSCODE_CRF = "23"
# G.711 is 8 kHz mono telephony sound; this is more than it holds.
AUDIO_BITRATE = "32k"


@dataclass(frozen=True)
class StreamCodecs:
    video: tuple[str, ...]
    audio: tuple[str, ...]


def audio_arguments(codecs: StreamCodecs | None) -> list[str]:
    """ffmpeg's audio options: copy what MPEG-TS carries, encode the rest to AAC. Unknown
    (the camera could not be asked) is copied, as before there was a question."""
    if codecs is None or all(codec in COPYABLE_AUDIO for codec in codecs.audio):
        return ["-c:a", "copy"]
    return ["-c:a", "aac", "-b:a", AUDIO_BITRATE]


def transcoded_from(codecs: StreamCodecs | None) -> str | None:
    """The camera's video codec when the recorder must encode it to H.264, else None.

    MPEG-TS segments, HLS in browsers and MP4 exports carry H.264 and H.265 as they come.
    Motion JPEG (and the rarer MPEG-4 Part 2) would go into MPEG-TS as a private data stream:
    segments and exports with no pictures any player shows. Such a camera is encoded to
    H.264, said in its health (`recording_detail`). MJPEG cameras are few and small, and
    H.264 of them takes a tenth of the disk that their JPEGs would."""
    if codecs is None or not codecs.video:
        return None
    video = codecs.video[0]
    return None if video in COPYABLE_VIDEO else video


def video_arguments(codecs: StreamCodecs | None) -> list[str]:
    """ffmpeg's video options: a stream copy, or H.264 for what cannot be copied."""
    if transcoded_from(codecs) is None:
        return ["-c:v", "copy"]
    return [
        "-c:v", "libx264", "-preset", TRANSCODE_PRESET, "-crf", TRANSCODE_CRF,
        "-pix_fmt", "yuv420p",  # MJPEG's full-range 4:2:2 is no browser's H.264
        "-bf", "0",  # no B-frames: cheaper, and every picture in order for any player
        # A keyframe every 2 s of the camera's time: segments are cut on them.
        "-force_key_frames", "expr:gte(t,n_forced*2)", "-threads", "1",
    ]  # fmt: skip


def probe_command(*, ffprobe: str, url: str, transport: str, timeout_s: float) -> list[str]:
    # The codecs come with the RTSP description: nothing needs analysing.
    return [
        ffprobe, "-v", "error", "-rtsp_transport", transport,
        "-timeout", str(int(timeout_s * 1_000_000)),
        "-analyzeduration", "0", "-probesize", "32",
        "-show_entries", "stream=codec_type,codec_name", "-of", "json", url,
    ]  # fmt: skip


def parse_probe(output: bytes) -> StreamCodecs | None:
    try:
        streams = json.loads(output)["streams"]
        found = [(s["codec_type"], s.get("codec_name", "unknown")) for s in streams]
    except (ValueError, KeyError, TypeError):
        return None
    return StreamCodecs(
        video=tuple(name for kind, name in found if kind == "video"),
        audio=tuple(name for kind, name in found if kind == "audio"),
    )


async def probe_stream(
    *, ffprobe: str, url: str, transport: str, timeout_s: float, camera_id: str
) -> StreamCodecs | None:
    """The camera's codecs, or None when it could not be asked (the session finds out why)."""
    command = probe_command(ffprobe=ffprobe, url=url, transport=transport, timeout_s=timeout_s)
    done = await run_to_end(command, name="ffprobe_camera", timeout_s=timeout_s + 5)
    if done.timed_out:
        log.warning("stream_probe_timed_out", camera_id=camera_id)
        return None
    codecs = parse_probe(done.stdout) if done.ok else None
    log.info(
        "stream_probed",
        camera_id=camera_id,
        video=list(codecs.video) if codecs else None,
        audio=list(codecs.audio) if codecs else None,
    )
    return codecs
