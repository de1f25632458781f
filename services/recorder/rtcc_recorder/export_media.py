"""The media side of an export: exactly the range asked, by stream copy, checked before it counts.

A stream copy can only start on a keyframe. The file starts at the keyframe at or before the
asked start (concat `inpoint`), its timestamps are shifted so that the asked start is zero
(`-itsoffset`), and the MP4 muxer writes an edit list that hides the pictures before it: players
decode from the keyframe and show from the asked start. The end is cut on the packet (concat
`outpoint`). The played length is then the recorded part of [start, end] within a frame, and
ffprobe checks it, with decodable video, before the export is called done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rtcc_common.child_process import run_to_end
from rtcc_recorder.models import Segment

PROBE_TIMEOUT_S = 60.0
# Decoded at the start of a finished file to prove it holds pictures, not only packets.
DECODE_CHECK_S = 2.0
# Played and expected lengths may differ by a frame (the end cut on a packet) and rounding.
FRAMES_OF_SLACK = 1.5
MIN_SLACK_S = 0.05


@dataclass(frozen=True)
class SegmentFile:
    """What ffprobe says of a segment file: where its timestamps start, and its keyframes."""

    start_s: float
    keyframes: tuple[float, ...]


@dataclass(frozen=True)
class CutEntry:
    path: Path
    inpoint: float | None = None
    outpoint: float | None = None
    duration: float | None = None


@dataclass(frozen=True)
class CutPlan:
    entries: list[CutEntry]
    preroll_s: float  # from the first keyframe to the asked start: hidden by the edit list
    expected_s: float  # the length the played file must have


def segment_length(segment: Segment) -> float:
    """The media length of a segment: the camera's own clock when known (a probe of the file
    misses the last frame's duration), else its wall-clock span."""
    if segment.media_start_s is not None and segment.media_end_s is not None:
        return max(0.0, segment.media_end_s - segment.media_start_s)
    return max(0.0, segment.end_ts - segment.start_ts)


async def probe_segment(ffprobe: str, path: Path) -> SegmentFile:
    done = await run_to_end(
        [ffprobe, "-v", "error", "-select_streams", "v:0",
         "-show_entries", "format=start_time:packet=pts_time,flags", "-of", "json", str(path)],
        name="ffprobe_export", timeout_s=PROBE_TIMEOUT_S,
    )  # fmt: skip
    if not done.ok:
        raise ValueError(f"{path.name} cannot be read: {done.stderr_tail[-300:]}")
    found = json.loads(done.stdout or b"{}")
    packets = found.get("packets", [])
    keyframes = tuple(
        float(p["pts_time"])
        for p in packets
        if "K" in p.get("flags", "") and p.get("pts_time") not in (None, "N/A")
    )
    start = found.get("format", {}).get("start_time")
    if not keyframes or start in (None, "N/A"):
        raise ValueError(f"{path.name} holds no keyframe")
    return SegmentFile(start_s=float(start), keyframes=keyframes)


def plan_cut(
    root: Path,
    segments: list[Segment],
    *,
    start_ts: float,
    end_ts: float,
    first: SegmentFile,
    last: SegmentFile,
) -> CutPlan:
    """The concat entries that play [start_ts, end_ts] of `segments` (in order, overlapping the
    range); `first` and `last` are the probes of the first and last segment files."""
    head, tail = segments[0], segments[-1]
    offset = min(max(0.0, start_ts - head.start_ts), segment_length(head))
    target = first.start_s + offset
    keyframe = max((k for k in first.keyframes if k <= target + 1e-6), default=first.keyframes[0])
    preroll = max(0.0, target - keyframe)
    end_offset = min(max(0.0, end_ts - tail.start_ts), segment_length(tail))
    cut_end = end_offset < segment_length(tail) - 1e-3

    entries: list[CutEntry] = []
    expected = 0.0
    for index, segment in enumerate(segments):
        path = root / segment.path
        length = segment_length(segment)
        is_first, is_last = index == 0, index == len(segments) - 1
        inpoint = keyframe if is_first else None
        outpoint = (last.start_s + end_offset) if is_last and cut_end else None
        # A session's first segment may open with sound before its first picture: the file
        # plays from a keyframe, so what it can cover of the range begins there.
        begins = max(offset, keyframe - first.start_s) if is_first else 0.0
        ends = end_offset if is_last else length
        expected += max(0.0, ends - begins)
        duration: float | None
        if outpoint is not None:
            duration = None  # the outpoint ends it
        elif is_first:
            duration = length - (keyframe - first.start_s)
        else:
            duration = length
        entries.append(CutEntry(path=path, inpoint=inpoint, outpoint=outpoint, duration=duration))
    return CutPlan(entries=entries, preroll_s=preroll, expected_s=expected)


def concat_script(plan: CutPlan) -> str:
    lines = ["ffconcat version 1.0"]
    for entry in plan.entries:
        lines.append(f"file '{entry.path.as_posix()}'")
        if entry.inpoint is not None:
            lines.append(f"inpoint {entry.inpoint:.6f}")
        if entry.outpoint is not None:
            lines.append(f"outpoint {entry.outpoint:.6f}")
        if entry.duration is not None and entry.duration > 0:
            lines.append(f"duration {entry.duration:.6f}")
    return "\n".join(lines) + "\n"


def cut_command(ffmpeg: str, *, script: Path, preroll_s: float, output: Path) -> list[str]:
    return [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        # The asked start becomes time zero; the pictures before it, from the keyframe on, get
        # negative times, which the MP4 muxer hides behind an edit list.
        "-itsoffset", f"{-preroll_s:.6f}",
        "-f", "concat", "-safe", "0", "-i", str(script),
        "-map", "0", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(output),
    ]  # fmt: skip


@dataclass(frozen=True)
class PlayedFile:
    duration_s: float  # as a player plays it: the edit list honoured
    video_codec: str
    frame_s: float  # one frame's duration


async def check_played(ffmpeg: str, ffprobe: str, path: Path, *, expected_s: float) -> PlayedFile:
    """The file as a player sees it; ValueError unless it holds decodable video of the expected
    length (within a frame)."""
    done = await run_to_end(
        [ffprobe, "-v", "error", "-show_entries",
         "format=duration:stream=codec_type,codec_name,avg_frame_rate,duration", "-of", "json",
         str(path)],
        name="ffprobe_export", timeout_s=PROBE_TIMEOUT_S,
    )  # fmt: skip
    if not done.ok:
        raise ValueError(f"the exported file cannot be read: {done.stderr_tail[-300:]}")
    found = json.loads(done.stdout or b"{}")
    video = [s for s in found.get("streams", []) if s.get("codec_type") == "video"]
    if not video or video[0].get("codec_name") in (None, "none", "unknown"):
        raise ValueError("the exported file holds no video stream a player can show")
    frame_s = _frame_duration(video[0].get("avg_frame_rate", "0/0"))
    duration = float(found.get("format", {}).get("duration") or 0.0)
    pictures = float(video[0].get("duration") or 0.0)
    if pictures > 0:
        # A sound track may run a fraction of a second past the last picture; the pictures'
        # own length misses the last one's duration.
        duration = min(duration, pictures + frame_s)
    slack = max(MIN_SLACK_S, FRAMES_OF_SLACK * frame_s)
    if abs(duration - expected_s) > slack:
        raise ValueError(
            f"the exported file plays {duration:.3f} s where {expected_s:.3f} s were recorded"
        )
    decoded = await run_to_end(
        [ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-t", f"{DECODE_CHECK_S}",
         "-i", str(path), "-map", "0:v:0", "-f", "framemd5", "-"],
        name="ffmpeg_export_check", timeout_s=PROBE_TIMEOUT_S,
    )  # fmt: skip
    frames = sum(1 for line in decoded.stdout.splitlines() if line and not line.startswith(b"#"))
    if not decoded.ok or frames == 0:
        raise ValueError(f"the exported video does not decode: {decoded.stderr_tail[-300:]}")
    return PlayedFile(duration_s=duration, video_codec=str(video[0]["codec_name"]), frame_s=frame_s)


def _frame_duration(rate: str) -> float:
    numerator, _, denominator = rate.partition("/")
    try:
        fps = float(numerator) / float(denominator or 1)
    except (ValueError, ZeroDivisionError):
        return 0.04
    return 1.0 / fps if fps > 0 else 0.04
