"""The activity level from packet sizes alone: no I/O, sequences of coded frames."""

from __future__ import annotations

from rtcc_recorder.activity import (
    CameraActivity,
    CodedFrame,
    QuietBaseline,
    level,
    seconds_of,
    slice_bytes,
    spans_of,
)


def frames(sizes_per_second: list[int], *, fps: int = 10, key_every: int = 10) -> list[CodedFrame]:
    """A stream whose predicted frames in second i are sizes_per_second[i] bytes each; every
    keyframe is 50 times larger whatever happens."""
    listed = []
    for second, size in enumerate(sizes_per_second):
        for n in range(fps):
            index = second * fps + n
            key = index % key_every == 0
            listed.append(CodedFrame(index / fps, key, size * 50 if key else size))
    return listed


def test_keyframes_are_left_out_of_each_second() -> None:
    seconds = seconds_of(frames([100, 100, 400]), duration_s=3.0)
    assert seconds == [100.0, 100.0, 400.0]


def test_a_second_without_predicted_frames_is_none() -> None:
    only_keys = [CodedFrame(0.0, True, 5000), CodedFrame(1.0, True, 5000)]
    assert seconds_of(only_keys, duration_s=2.0) == [None, None]


def test_level_is_zero_at_quiet_and_half_at_twice_the_quiet() -> None:
    assert level(100.0, 100.0) == 0.0
    assert level(80.0, 100.0) == 0.0
    assert level(200.0, 100.0) == 0.5
    assert level(400.0, 100.0) == 0.75


def test_baseline_is_a_low_percentile_of_the_window() -> None:
    baseline = QuietBaseline(window_s=100, percentile=0.15)
    baseline.add([100.0] * 60 + [1000.0] * 40)  # busy 40% of the time
    assert baseline.quiet() == 100.0
    baseline.add([300.0] * 100)  # the window forgets what is older than it
    assert len(baseline) == 100
    assert baseline.quiet() == 300.0


def test_spans_join_runs_closer_than_the_merge_gap() -> None:
    levels = [0.0, 0.6, 0.7, 0.0, 0.8, 0.0, 0.0, 0.0, 0.55]
    spans = spans_of(100.0, levels, floor=0.5, merge_gap_s=1.0)
    assert [(s.start_ts, s.end_ts, s.peak_level) for s in spans] == [
        (101.0, 105.0, 0.8),
        (108.0, 109.0, 0.55),
    ]


def test_constant_noise_gives_no_activity_and_a_burst_does() -> None:
    camera = CameraActivity(warmup_s=20)
    quiet = [200 + (i * 37) % 40 for i in range(60)]  # 200-240 bytes: the sensor's noise
    found = camera.add_segment("still", 0.0, seconds_of(frames(quiet), duration_s=60))
    assert found == [("still", [])]
    burst = [210, 220, 900, 1200, 800, 215, 205, 230]
    (key, spans), *_ = camera.add_segment("burst", 60.0, seconds_of(frames(burst), duration_s=8))
    assert key == "burst"
    assert [(s.start_ts, s.end_ts) for s in spans] == [(62.0, 65.0)]
    assert 0.8 < spans[0].peak_level < 0.85  # 1200 bytes against a quiet of ~205


def test_segments_wait_for_the_warm_up_and_are_measured_then() -> None:
    camera = CameraActivity(warmup_s=10)
    assert camera.add_segment("a", 0.0, [100.0, 100.0, 500.0, 100.0]) == []
    found = camera.add_segment("b", 4.0, [100.0] * 6)
    assert [key for key, _ in found] == ["a", "b"]
    assert [(s.start_ts, s.end_ts) for s in found[0][1]] == [(2.0, 3.0)]
    assert found[1][1] == []


def test_only_picture_slices_count_not_filler_or_parameter_sets() -> None:
    sps = b"\x00\x00\x00\x01\x67" + b"\x11" * 20
    pps = b"\x00\x00\x00\x01\x68" + b"\x22" * 5
    idr = b"\x00\x00\x01\x65" + b"\x33" * 300
    filler = b"\x00\x00\x01\x0c" + b"\xff" * 5000
    assert slice_bytes(sps + pps + idr + filler, "h264") == 301
    p_slice = b"\x00\x00\x00\x01\x41" + b"\x44" * 99
    assert slice_bytes(p_slice + filler, "h264") == 100
    hevc_trail = b"\x00\x00\x01\x02\x01" + b"\x55" * 50  # TRAIL_R, type 1
    hevc_filler = b"\x00\x00\x01\x4c\x01" + b"\xff" * 900  # FD_NUT, type 38
    assert slice_bytes(hevc_trail + hevc_filler, "hevc") == 52


def test_the_first_second_of_a_session_is_left_out() -> None:
    camera = CameraActivity(warmup_s=4)
    found = camera.add_segment("a", 0.0, [900.0, 100.0, 100.0, 100.0, 100.0], session_start=True)
    assert found == [("a", [])]
    found = camera.add_segment("b", 5.0, [900.0, 100.0])
    assert [(s.start_ts, s.end_ts) for s in found[0][1]] == [(5.0, 6.0)]
