"""Whether a finished MPEG-TS segment holds video a player can start on, read from the file's
own structure: no child process per segment, so a thousand cameras' checks cost the recorder
little. A segment that fails is never indexed (its time becomes a gap with the reason).

What is checked: the file is not empty; its program map (PMT) names a video stream of a codec
players decode (H.264, H.265); and that stream's first picture starts with what a decoder needs
to begin there (H.264 SPS and an IDR or I slice; H.265 VPS/SPS and an intra picture), as
every segment cut on a keyframe with its parameter sets does. MJPEG muxed into MPEG-TS is a
private data stream (stream type 0x06): no video.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TS_PACKET = 188
SYNC = 0x47
# Enough for the tables and the first picture of a 4K camera's segment.
READ_LIMIT = 2 * 1024 * 1024
VIDEO_STREAM_TYPES = {0x1B: "h264", 0x24: "hevc"}
_H264_SPS, _H264_IDR, _H264_SLICE = 7, 5, 1
_HEVC_VPS, _HEVC_SPS = 32, 33
_HEVC_INTRA = range(16, 24)  # BLA, IDR, CRA: a picture that needs none before it


@dataclass(frozen=True)
class SegmentVideo:
    """What the check found: `problem` is None for a segment that plays."""

    problem: str | None  # empty, unreadable, no_video_stream, no_video_packets, no_keyframe
    codec: str | None = None
    bytes: int = 0


def _packets(data: bytes) -> list[tuple[int, bool, bytes]]:
    """(pid, payload_unit_start, payload) of each whole transport packet."""
    start = data.find(bytes([SYNC]))
    packets = []
    for offset in range(max(0, start), len(data) - TS_PACKET + 1, TS_PACKET):
        packet = data[offset : offset + TS_PACKET]
        if packet[0] != SYNC:
            break
        pid = ((packet[1] & 0x1F) << 8) | packet[2]
        unit_start = bool(packet[1] & 0x40)
        control = (packet[3] >> 4) & 0x3
        payload_at = 4
        if control & 0x2:  # adaptation field first
            payload_at += 1 + packet[4]
        if control & 0x1 and payload_at < TS_PACKET:
            packets.append((pid, unit_start, packet[payload_at:]))
    return packets


def _section(payload: bytes) -> bytes:
    """A PSI section (PAT, PMT) from the payload that starts it, pointer field skipped."""
    return payload[1 + payload[0] :] if payload else b""


def _pmt_pids(pat: bytes) -> list[int]:
    length = ((pat[1] & 0x0F) << 8) | pat[2]
    entries = pat[8 : 3 + length - 4]
    return [
        ((entries[i + 2] & 0x1F) << 8) | entries[i + 3]
        for i in range(0, len(entries) - 3, 4)
        if ((entries[i] << 8) | entries[i + 1]) != 0  # program 0 is the network PID
    ]


def _video_stream(pmt: bytes) -> tuple[int, str] | None:
    length = ((pmt[1] & 0x0F) << 8) | pmt[2]
    info_length = ((pmt[10] & 0x0F) << 8) | pmt[11]
    at, end = 12 + info_length, 3 + length - 4
    while at + 5 <= end:
        stream_type = pmt[at]
        pid = ((pmt[at + 1] & 0x1F) << 8) | pmt[at + 2]
        if stream_type in VIDEO_STREAM_TYPES:
            return pid, VIDEO_STREAM_TYPES[stream_type]
        at += 5 + (((pmt[at + 3] & 0x0F) << 8) | pmt[at + 4])
    return None


def nal_unit_types(data: bytes, codec: str) -> list[int]:
    """The NAL unit types of an Annex B buffer, in order."""
    types = []
    start = data.find(b"\x00\x00\x01")
    while start != -1 and start + 3 < len(data):
        header = data[start + 3]
        types.append(header & 0x1F if codec == "h264" else (header >> 1) & 0x3F)
        start = data.find(b"\x00\x00\x01", start + 3)
    return types


def starts_decoding(first_picture: bytes, codec: str) -> bool:
    """Whether a decoder can begin at this picture: parameter sets and an intra picture."""
    types = nal_unit_types(first_picture, codec)
    if codec == "h264":
        # An I slice that is not IDR (cameras with recovery points) reads as a slice: allowed.
        return _H264_SPS in types and bool({_H264_IDR, _H264_SLICE} & set(types))
    return {_HEVC_VPS, _HEVC_SPS} <= set(types) and any(t in _HEVC_INTRA for t in types)


def _first_picture(packets: list[tuple[int, bool, bytes]], pid: int) -> bytes | None:
    """The elementary stream bytes of the first PES packet on `pid` (its header skipped)."""
    collected: list[bytes] = []
    for packet_pid, unit_start, payload in packets:
        if packet_pid != pid:
            continue
        if unit_start:
            if collected:
                break
            if payload[:3] != b"\x00\x00\x01" or len(payload) < 9:
                continue
            collected.append(payload[9 + payload[8] :])
        elif collected:
            collected.append(payload)
    return b"".join(collected) if collected else None


def check_segment_bytes(data: bytes, size: int) -> SegmentVideo:
    if size == 0:
        return SegmentVideo("empty")
    packets = _packets(data)
    if not packets:
        return SegmentVideo("unreadable", bytes=size)
    pat = next((_section(p) for pid, start, p in packets if pid == 0 and start), None)
    if pat is None or len(pat) < 12:
        return SegmentVideo("unreadable", bytes=size)
    pmt_pids = set(_pmt_pids(pat))
    video = None
    for pid, start, payload in packets:
        if pid in pmt_pids and start:
            pmt = _section(payload)
            video = _video_stream(pmt) if len(pmt) >= 12 else None
            break
    if video is None:
        return SegmentVideo("no_video_stream", bytes=size)
    pid, codec = video
    picture = _first_picture(packets, pid)
    if picture is None:
        return SegmentVideo("no_video_packets", codec=codec, bytes=size)
    if not starts_decoding(picture, codec):
        return SegmentVideo("no_keyframe", codec=codec, bytes=size)
    return SegmentVideo(None, codec=codec, bytes=size)


def check_segment(path: Path) -> SegmentVideo:
    """Blocking (file I/O): run it in a thread."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            data = handle.read(min(size, READ_LIMIT))
    except OSError:
        return SegmentVideo("unreadable")
    return check_segment_bytes(data, size)
