"""rtcc camsim: real gst-rtsp-server cameras, read back over RTSP with PyAV and ffprobe."""

from __future__ import annotations

import itertools
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import pytest

from rtcc_cli.camsim import CameraSimulator, CameraSpec, generate_plates
from rtcc_cli.camsim.traffic import ENTER_S, VEHICLE_PERIOD_S
from rtcc_cli.camsim_command import build_specs, configure_parser
from rtcc_common.errors import InvalidArgument, Unavailable

WIDTH, HEIGHT = 640, 360
READ_TIMEOUT_S = 30.0
POLL_TIMEOUT_S = 30.0


def small_camera(name: str = "cam1", **overrides: object) -> CameraSpec:
    fields: dict = dict(
        name=name, width=WIDTH, height=HEIGHT, fps=15, bitrate_kbps=800, keyframe_interval=15
    )
    fields.update(overrides)
    return CameraSpec(**fields)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + POLL_TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.2)


def process_exists(pid: int) -> bool:
    """True while the pid is alive (a zombie left unreaped counts as alive too)."""
    return Path(f"/proc/{pid}").exists()


def open_rtsp(url: str, transport: str = "tcp") -> av.container.InputContainer:
    return av.open(url, options={"rtsp_transport": transport}, timeout=READ_TIMEOUT_S)


def luma_region(frame: av.VideoFrame, x0: int, y0: int, x1: int, y1: int) -> bytes:
    plane = frame.planes[0]
    data = bytes(plane)
    return b"".join(
        data[y * plane.line_size + x0 : y * plane.line_size + x1] for y in range(y0, y1)
    )


def mean_difference(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


@pytest.fixture(scope="module")
def simulator() -> Iterator[CameraSimulator]:
    with CameraSimulator(
        [small_camera("cam1", plates=["7ABC123"]), small_camera("cam10")], port=0
    ) as sim:
        yield sim


# -- the picture and the stream ---------------------------------------------------------


def test_tcp_stream_is_h264_of_the_configured_size_and_decodes(simulator: CameraSimulator):
    with open_rtsp(simulator.url("cam1")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = []
        for frame in container.decode(stream):
            frames.append(frame)
            if len(frames) == 5:
                break
    assert [(f.width, f.height) for f in frames] == [(WIDTH, HEIGHT)] * 5


def test_udp_transport_serves_the_same_stream(simulator: CameraSimulator):
    probe = subprocess.run(
        [
            "ffprobe", "-v", "error", "-rtsp_transport", "udp",
            "-show_entries", "stream=codec_name,width,height", "-of", "json",
            simulator.url("cam10"),
        ],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    (stream,) = json.loads(probe.stdout)["streams"]
    assert stream == {"codec_name": "h264", "width": WIDTH, "height": HEIGHT}


def test_the_clock_in_the_picture_advances(simulator: CameraSimulator):
    # The header bar (top 8%) shows the camera name at the left and the clock, which ends
    # with the seconds and "UTC", at the right.
    bar = int(HEIGHT * 0.08)
    seconds = (int(WIDTH * 0.7), 0, WIDTH, bar)
    name = (0, 0, WIDTH // 4, bar)
    with open_rtsp(simulator.url("cam1")) as container:
        frames = container.decode(video=0)
        first = next(frames)
        later_than = time.monotonic() + 2.5
        later = next(f for f in frames if time.monotonic() > later_than)
    clock_change = mean_difference(luma_region(first, *seconds), luma_region(later, *seconds))
    name_change = mean_difference(luma_region(first, *name), luma_region(later, *name))
    # Coding noise moves a still region a little; a new digit moves it a lot more.
    assert clock_change > 0.5
    assert clock_change > 3 * name_change


def test_vehicles_come_and_stop_with_their_plate_mid_picture(simulator: CameraSimulator):
    spec = simulator.cameras[0]
    # Where the plate stands (see scene.py): a quarter of the width, centred, lower half.
    plate_w, plate_h = WIDTH // 4, WIDTH // 8
    x0, y0 = (WIDTH - plate_w) // 2, int(HEIGHT * 0.40 + HEIGHT * 0.56 * 0.36)
    region = (x0 + 8, y0 + 8, x0 + plate_w - 8, y0 + plate_h - 8)

    def shows_plate(frame: av.VideoFrame) -> bool:
        pixels = luma_region(frame, *region)
        white = sum(p > 200 for p in pixels) / len(pixels)
        dark = sum(p < 80 for p in pixels) / len(pixels)
        return white > 0.4 and dark > 0.1  # a white plate with dark characters

    seen_plate_at: float | None = None
    seen_without_plate = False
    deadline = time.monotonic() + 4 * VEHICLE_PERIOD_S
    with open_rtsp(simulator.url("cam1")) as container:
        for frame in container.decode(video=0):
            if shows_plate(frame):
                seen_plate_at = time.time()
            else:
                seen_without_plate = True
            if (seen_plate_at and seen_without_plate) or time.monotonic() > deadline:
                break
    assert seen_plate_at is not None, "a plate appeared mid-picture"
    assert seen_without_plate, "and was not there all the time"
    # The schedule agrees: that vehicle stood there shortly before (decoding lags a bit).
    recent = [seen_plate_at - k * 0.25 for k in range(40)]
    assert "7ABC123" in {spec.stopped_plate_at(t) for t in recent}


def test_session_count_follows_the_clients(simulator: CameraSimulator):
    # Earlier tests' clients may still be tearing down.
    wait_until(lambda: simulator.sessions("cam1") == 0, "no client reads cam1")
    with open_rtsp(simulator.url("cam1")) as container:
        next(container.decode(video=0))
        assert simulator.sessions("cam1") == 1
        assert simulator.sessions("cam10") == 0, "cam1's session is not counted for cam10"
        with open_rtsp(simulator.url("cam1"), transport="udp") as second:
            next(second.decode(video=0))
            assert simulator.sessions("cam1") == 2
    wait_until(lambda: simulator.sessions("cam1") == 0, "the clients' sessions are gone")


def test_a_client_reconnecting_at_once_is_served(simulator: CameraSimulator):
    """A recorder reconnects the moment a stream drops; the server must not refuse it."""
    for _ in range(4):
        with open_rtsp(simulator.url("cam10")) as container:
            assert next(container.decode(video=0)).width == WIDTH


def test_status_endpoint_lists_every_mount(simulator: CameraSimulator):
    status = simulator.status()
    assert set(status["mounts"]) == {"cam1", "cam10"}


# -- keyframes -------------------------------------------------------------------------

# Open as a live-view relay does: no probing, the first packet comes as soon as it arrives.
FAST_OPEN = {"rtsp_transport": "tcp", "analyzeduration": "0", "probesize": "32"}
NAL_IDR, NAL_SPS, NAL_PPS = 5, 7, 8


def nal_units(data: bytes) -> list[bytes]:
    """The NAL units of an Annex B access unit, without their start codes."""
    return [unit.lstrip(b"\x00") for unit in data.split(b"\x00\x00\x01")[1:]]


def test_a_new_client_starts_on_a_keyframe_made_for_it_not_the_scheduled_one():
    """Like a real IP camera, each new RTSP session begins with an IDR picture and its SPS/PPS
    at once, even while the encoder streams to another client and its next scheduled keyframe
    is ten seconds away."""
    interval = 150  # 10 s at 15 fps
    with CameraSimulator([small_camera("cam1", keyframe_interval=interval)], port=0) as sim:
        with av.open(sim.url("cam1"), options=FAST_OPEN, timeout=READ_TIMEOUT_S) as first:
            first_packets = first.demux(video=0)
            assert next(first_packets).is_keyframe
            with av.open(sim.url("cam1"), options=FAST_OPEN, timeout=READ_TIMEOUT_S) as second:
                joined = bytes(next(second.demux(video=0)))
            # The first client's stream counts the time in pictures: the keyframe made for the
            # second client shows up there too, well before the scheduled one.
            index, extra_keyframe = next(
                (i, bytes(p)) for i, p in enumerate(first_packets, start=1) if p.is_keyframe
            )
    assert index < interval // 2, "the new client waited for the scheduled keyframe"
    types = [unit[0] & 0x1F for unit in nal_units(joined)]
    assert {NAL_SPS, NAL_PPS, NAL_IDR} <= set(types)
    assert nal_units(joined)[-1] == nal_units(extra_keyframe)[-1], "the same IDR picture"


def test_keyframes_otherwise_keep_the_configured_interval():
    interval = 15
    with CameraSimulator([small_camera("cam1", keyframe_interval=interval)], port=0) as sim:
        with av.open(sim.url("cam1"), options=FAST_OPEN, timeout=READ_TIMEOUT_S) as client:
            keyframes = []
            for index, packet in enumerate(client.demux(video=0)):
                if packet.is_keyframe:
                    keyframes.append(index)
                if len(keyframes) == 4:
                    break
    assert keyframes[0] == 0, "the stream starts on a keyframe"
    assert [b - a for a, b in itertools.pairwise(keyframes)] == [interval] * 3


# -- lifecycle --------------------------------------------------------------------------


def test_stop_leaves_no_process_and_restart_keeps_the_url():
    sim = CameraSimulator([small_camera()], port=0)
    sim.start()
    try:
        url, first_pid = sim.url("cam1"), sim.pid
        assert first_pid is not None and process_exists(first_pid)
        sim.stop()
        assert not process_exists(first_pid)
        assert sim.pid is None
        sim.start()
        assert sim.url("cam1") == url
        with open_rtsp(url) as container:
            assert next(container.decode(video=0)).width == WIDTH
    finally:
        sim.stop()


def test_the_server_does_not_outlive_a_killed_owner():
    owner_code = (
        "from rtcc_cli.camsim import CameraSimulator, CameraSpec\n"
        "sim = CameraSimulator([CameraSpec(name='cam1', width=320, height=240)], port=0)\n"
        "sim.start()\n"
        "print('server pid', sim.pid, flush=True)\n"
        "input()\n"
    )
    owner = subprocess.Popen(
        [sys.executable, "-c", owner_code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert owner.stdout is not None
        lines = iter(owner.stdout.readline, b"")
        server_pid = int(next(line for line in lines if line.startswith(b"server pid")).split()[2])
        assert process_exists(server_pid)
        owner.kill()
        owner.wait()
        wait_until(lambda: not process_exists(server_pid), "the orphaned server exits")
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()


def test_a_port_in_use_is_reported_and_leaves_no_process():
    with CameraSimulator([small_camera()], port=0) as first:
        second = CameraSimulator([small_camera()], port=first.port)
        with pytest.raises(Unavailable):
            second.start()
        assert second.pid is None
        assert first.sessions("cam1") == 0, "the first server is untouched"


def test_shared_encoding_serves_every_mount_from_one_encoder():
    cameras = [small_camera(f"cam{i}") for i in range(1, 4)]
    with CameraSimulator(cameras, port=0, shared_encoding=True) as sim:
        assert sim.encoders == 1
        for name in ("cam1", "cam3"):
            with open_rtsp(sim.url(name)) as container:
                frame = next(container.decode(video=0))
                assert (frame.width, frame.height) == (WIDTH, HEIGHT)


# -- the command ------------------------------------------------------------------------


def test_rtcc_camsim_serves_until_sigterm():
    rtcc = Path(sys.executable).with_name("rtcc")
    command = [str(rtcc), "camsim", "--count", "2", "--port", "0"]
    command += ["--width", str(WIDTH), "--height", str(HEIGHT), "--fps", "10"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        urls = [process.stdout.readline().strip() for _ in range(2)]
        assert all(re.fullmatch(r"rtsp://127\.0\.0\.1:\d+/cam[12]", url) for url in urls)
        with open_rtsp(urls[1]) as container:
            assert next(container.decode(video=0)).height == HEIGHT
        server_pids = _children_of(process.pid)
        assert server_pids, "the RTSP server runs as a child process"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not any(process_exists(pid) for pid in server_pids)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


# -- specs and plates -------------------------------------------------------------------


def test_generated_plates_are_fixed_per_camera_and_look_like_plates():
    plates = generate_plates("cam7")
    assert plates == generate_plates("cam7")
    assert plates != generate_plates("cam8")
    assert len(set(plates)) == len(plates)
    assert all(re.fullmatch(r"[1-9][A-HJ-NPR-Z]{3}[0-9]{3}", p) for p in plates)
    assert CameraSpec(name="cam7").shown_plates() == plates
    assert CameraSpec(name="cam7", plates=["7ABC123"]).shown_plates() == ["7ABC123"]


def test_plates_follow_the_traffic_schedule():
    spec = CameraSpec(name="cam1", plates=["1AAA111", "2BBB222"])
    start = 1000 * VEHICLE_PERIOD_S  # vehicle 1000 enters, its plate is plates[0]
    assert spec.plate_at(start + 0.5) == "1AAA111"
    assert spec.stopped_plate_at(start + 0.5) is None, "still driving in"
    assert spec.stopped_plate_at(start + ENTER_S + 0.1) == "1AAA111"
    assert spec.plate_at(start + VEHICLE_PERIOD_S - 0.1) is None, "the road is empty"
    assert spec.stopped_plate_at(start + VEHICLE_PERIOD_S + ENTER_S + 1) == "2BBB222"


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "../etc"},
        {"name": ""},
        {"width": 641},
        {"height": 0},
        {"fps": 0},
        {"bitrate_kbps": 10},
        {"keyframe_interval": 0},
        {"plates": ["7abc123"]},
        {"plates": ["TOO-LONG-PLATE"]},
    ],
)
def test_bad_camera_specs_are_refused(overrides: dict):
    with pytest.raises(InvalidArgument):
        small_camera(**overrides)


def test_duplicate_camera_names_are_refused():
    with pytest.raises(InvalidArgument):
        CameraSimulator([small_camera("a"), small_camera("a")])


def test_command_flags_become_camera_specs():
    import argparse

    parser = argparse.ArgumentParser()
    configure_parser(parser)
    args = parser.parse_args(
        ["--count", "3", "--width", "320", "--height", "240", "--fps", "12",
         "--bitrate-kbps", "500", "--keyframe-interval", "24", "--plates", "7abc123, 8XYZ999",
         "--shared-encoding"]
    )  # fmt: skip
    specs = build_specs(args)
    assert [s.name for s in specs] == ["cam1", "cam2", "cam3"]
    assert specs[2] == CameraSpec(
        name="cam3", width=320, height=240, fps=12, bitrate_kbps=500,
        keyframe_interval=24, plates=["7ABC123", "8XYZ999"],
    )  # fmt: skip
    assert args.shared_encoding is True
