"""camsim cameras that behave like the variety of real IP cameras: parameter sets only in the
SDP, an audio track, H.265, B-frames, Motion JPEG, UDP only, RTSP digest or basic
authentication; read back with PyAV and ffprobe over real RTSP."""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
from collections.abc import Iterator

import av
import av.error
import pytest

from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_cli.camsim_command import build_specs, configure_parser
from rtcc_common.errors import InvalidArgument, NotFound

READ_TIMEOUT_S = 30.0
FAST_OPEN = {"rtsp_transport": "tcp", "analyzeduration": "0", "probesize": "32"}
PASSWORD = "p@ss:w/rd#1%"  # every character a URL has to escape


def camera(name: str, **overrides: object) -> CameraSpec:
    fields: dict = dict(
        name=name, width=320, height=180, fps=15, bitrate_kbps=300, keyframe_interval=15
    )
    fields.update(overrides)
    return CameraSpec(**fields)


@pytest.fixture(scope="module")
def simulator() -> Iterator[CameraSimulator]:
    specs = [
        camera("oob", parameter_sets="out_of_band"),
        camera("aac", audio="aac"),
        camera("pcmu", audio="pcmu"),
        camera("pcma", audio="pcma", parameter_sets="out_of_band"),
        camera("hevc", codec="h265"),
        camera("secure", username="admin", password=PASSWORD),
    ]
    with CameraSimulator(specs, port=0) as sim:
        yield sim


def probe(url: str) -> list[dict]:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-of", "json",
         "-show_entries", "stream=codec_type,codec_name,width,height", url],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return list(json.loads(result.stdout)["streams"])


def decoded_sizes(url: str, count: int = 5) -> list[tuple[int, int]]:
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=READ_TIMEOUT_S) as container:
        sizes = []
        for frame in container.decode(video=0):
            sizes.append((frame.width, frame.height))
            if len(sizes) == count:
                return sizes
    return sizes


def nal_types(data: bytes) -> set[int]:
    return {unit.lstrip(b"\x00")[0] & 0x1F for unit in data.split(b"\x00\x00\x01")[1:] if unit}


def test_out_of_band_parameter_sets_are_only_in_the_sdp(simulator: CameraSimulator) -> None:
    with av.open(simulator.url("oob"), options=FAST_OPEN, timeout=READ_TIMEOUT_S) as container:
        stream = container.streams.video[0]
        # sprop-parameter-sets, as libavformat reads them from the SDP: SPS and PPS.
        assert {7, 8} <= nal_types(bytes(stream.codec_context.extradata or b""))
        keyframes = []
        for packet in container.demux(stream):
            if packet.is_keyframe:
                keyframes.append(bytes(packet))
            if len(keyframes) == 3:
                break
    assert all(5 in nal_types(k) and not {7, 8} & nal_types(k) for k in keyframes)
    assert decoded_sizes(simulator.url("oob")) == [(320, 180)] * 5


@pytest.mark.parametrize(
    ("name", "audio_codec"), [("aac", "aac"), ("pcmu", "pcm_mulaw"), ("pcma", "pcm_alaw")]
)
def test_cameras_with_audio_send_it_beside_the_pictures(
    simulator: CameraSimulator, name: str, audio_codec: str
) -> None:
    streams = probe(simulator.url(name))
    assert {(s["codec_type"], s["codec_name"]) for s in streams} == {
        ("video", "h264"),
        ("audio", audio_codec),
    }
    assert decoded_sizes(simulator.url(name)) == [(320, 180)] * 5


def test_h265_camera(simulator: CameraSimulator) -> None:
    [stream] = probe(simulator.url("hevc"))
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("hevc", 320, 180)
    assert decoded_sizes(simulator.url("hevc")) == [(320, 180)] * 5


def _refused(url: str) -> str:
    with pytest.raises(av.error.HTTPUnauthorizedError) as refused:
        av.open(url, options={"rtsp_transport": "tcp"}, timeout=READ_TIMEOUT_S)
    return str(refused.value)


def test_digest_camera_asks_for_its_credentials(simulator: CameraSimulator) -> None:
    url = simulator.url("secure")
    assert url.startswith("rtsp://admin:p%40ss%3Aw%2Frd%231%25@127.0.0.1:")
    assert decoded_sizes(url) == [(320, 180)] * 5
    _refused(simulator.url("secure", with_credentials=False))
    _refused(url.replace("p%40ss", "wrong"))
    # The open cameras stay open beside it.
    assert decoded_sizes(simulator.url("oob"), 1) == [(320, 180)]


def test_basic_camera_asks_for_its_credentials() -> None:
    spec = camera("secure", username="viewer", password=PASSWORD)
    with CameraSimulator([spec, camera("open")], port=0, rtsp_auth="basic") as sim:
        assert decoded_sizes(sim.url("secure"), 1) == [(320, 180)]
        _refused(sim.url("secure", with_credentials=False))
        assert decoded_sizes(sim.url("open"), 1) == [(320, 180)]


@pytest.mark.parametrize(
    "overrides",
    [
        {"codec": "vp8"},
        {"audio": "opus"},
        {"parameter_sets": "never"},
        {"codec": "h265", "parameter_sets": "out_of_band"},
        {"username": "a:b", "password": "x"},
        {"username": "admin"},
        {"username": "admin", "password": "has space"},
        {"b_frames": 5},
        {"codec": "mjpeg", "b_frames": 2},
        {"codec": "mjpeg", "width": 324},  # JPEG over RTP: multiples of 8
        {"transports": "sctp"},
    ],
)
def test_bad_variants_are_refused(overrides: dict) -> None:
    with pytest.raises(InvalidArgument):
        camera("cam", **overrides)


def test_cameras_sharing_a_user_must_share_its_password() -> None:
    with pytest.raises(InvalidArgument):
        CameraSimulator(
            [
                camera("a", username="admin", password="one"),
                camera("b", username="admin", password="two"),
            ]
        )


def test_command_flags_choose_the_variant() -> None:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    args = parser.parse_args(
        ["--count", "1", "--codec", "h264", "--parameter-sets", "out_of_band", "--audio", "pcmu",
         "--username", "admin", "--password", "secret", "--rtsp-auth", "basic",
         "--b-frames", "2", "--transports", "udp"]
    )  # fmt: skip
    [spec] = build_specs(args)
    assert (spec.codec, spec.parameter_sets, spec.audio) == ("h264", "out_of_band", "pcmu")
    assert (spec.b_frames, spec.transports) == (2, "udp")
    assert (spec.username, spec.password, args.rtsp_auth) == ("admin", "secret", "basic")


def test_a_camera_changes_size_and_jumps_its_clock_mid_session() -> None:
    """What a client of one RTSP session sees: a new picture size from a keyframe on, then
    timestamps that leap ahead an hour, then step back two seconds, at the camera's pace."""
    with CameraSimulator([camera("cam")], port=0) as sim:
        with av.open(sim.url("cam"), options=FAST_OPEN, timeout=READ_TIMEOUT_S) as container:
            stream = container.streams.video[0]
            seen: list[tuple[int | None, tuple[int, int] | None]] = []
            for index, packet in enumerate(container.demux(stream)):
                frames = stream.codec_context.decode(packet)
                size = (frames[0].width, frames[0].height) if frames else None
                seen.append((packet.pts, size))
                if index == 15:
                    sim.resize("cam", 640, 360)
                if index == 45:
                    sim.jump_clock("cam", 3600)
                if index == 75:
                    sim.jump_clock("cam", -2)
                if index == 105:
                    break
    sizes = [size for _, size in seen if size]
    assert sizes[0] == (320, 180) and sizes[-1] == (640, 360)
    steps = [b - a for (a, _), (b, _) in itertools.pairwise(seen[1:]) if a is not None and b]
    frame = 90_000 // 15
    assert sum(1 for s in steps if s > 3000 * 90_000) == 1  # the hour ahead
    assert sum(1 for s in steps if s < -90_000) == 1  # the two seconds back
    assert sum(1 for s in steps if s == frame) >= len(steps) - 4


def test_changes_to_a_camera_are_checked() -> None:
    with CameraSimulator([camera("cam")], port=0) as sim:
        for bad in ((641, 360), (64, 100_000)):
            with pytest.raises(InvalidArgument):
                sim.resize("cam", *bad)
        with pytest.raises(InvalidArgument):
            sim.jump_clock("cam", 10**9)
        with pytest.raises(NotFound):
            sim.resize("nobody", 320, 180)


@pytest.fixture(scope="module")
def field_cameras() -> Iterator[CameraSimulator]:
    specs = [
        camera("high-b", b_frames=3),
        camera("hevc-b", codec="h265", b_frames=2),
        camera("mjpeg", codec="mjpeg", height=176),
        camera("udp-only", transports="udp"),
    ]
    with CameraSimulator(specs, port=0) as sim:
        yield sim


def reordered_packets(url: str, count: int = 30) -> tuple[str, int]:
    """The stream's profile, and how many of its first packets are decoded before they are
    presented (pts != dts: B-frames)."""
    with av.open(url, options=FAST_OPEN, timeout=READ_TIMEOUT_S) as container:
        stream = container.streams.video[0]
        reordered = 0
        for index, packet in enumerate(container.demux(stream)):
            if packet.pts is not None and packet.dts is not None and packet.pts != packet.dts:
                reordered += 1
            if index == count:
                break
        return str(stream.codec_context.profile), reordered


@pytest.mark.parametrize(("name", "profile"), [("high-b", "High"), ("hevc-b", "Main")])
def test_b_frame_cameras_send_pictures_out_of_presentation_order(
    field_cameras: CameraSimulator, name: str, profile: str
) -> None:
    found, reordered = reordered_packets(field_cameras.url(name))
    assert found == profile
    assert reordered >= 10  # most pictures: 2 or 3 B-frames between references
    assert decoded_sizes(field_cameras.url(name), 20) == [(320, 180)] * 20


def test_mjpeg_camera(field_cameras: CameraSimulator) -> None:
    [stream] = probe(field_cameras.url("mjpeg"))
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("mjpeg", 320, 176)
    assert decoded_sizes(field_cameras.url("mjpeg")) == [(320, 176)] * 5


def test_a_udp_only_camera_refuses_tcp_as_vlc_does(field_cameras: CameraSimulator) -> None:
    url = field_cameras.url("udp-only")
    refused = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", url],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "461 Unsupported transport" in refused.stderr
    with av.open(url, options={"rtsp_transport": "udp"}, timeout=READ_TIMEOUT_S) as container:
        frames = [f for _, f in zip(range(5), container.decode(video=0), strict=False)]
    assert [(f.width, f.height) for f in frames] == [(320, 180)] * 5
