"""The activity level from packet sizes alone: no I/O, sequences of coded frames."""

from __future__ import annotations

from rtcc_recorder.activity import (
    CameraActivity,
    CodedFrame,
    PlaceShape,
    RecentSeconds,
    gop_positions,
    level,
    seconds_of,
    slice_bytes,
    spans_of,
)

FPS = 10


def frames(
    sizes_per_second: list[int], *, key_every: int = 20, refine: int = 0
) -> list[CodedFrame]:
    """A stream whose predicted frames in second i are sizes_per_second[i] bytes each, with a
    keyframe every `key_every` frames 50 times larger whatever happens, and `refine` bytes more
    on the three frames after each keyframe (what an encoder spends refining it)."""
    listed = []
    for second, size in enumerate(sizes_per_second):
        for n in range(FPS):
            index = second * FPS + n
            place = index % key_every
            coded = size * 50 if place == 0 else size + (refine if place <= 3 else 0)
            listed.append(CodedFrame(index / FPS, place == 0, coded))
    return listed


def test_keyframes_are_left_out_of_each_second() -> None:
    assert seconds_of(frames([100, 100, 400]), duration_s=3.0) == [100.0, 100.0, 400.0]


def test_a_second_without_predicted_frames_is_none() -> None:
    only_keys = [CodedFrame(0.0, True, 5000), CodedFrame(1.0, True, 5000)]
    assert seconds_of(only_keys, duration_s=2.0) == [None, None]


def test_frames_are_divided_by_what_their_place_costs_when_nothing_happens() -> None:
    shape = PlaceShape()
    still = frames([100] * 30, refine=700)  # the 3 frames after a keyframe cost 8 times more
    for frame, position in zip(still, gop_positions(still), strict=True):
        if not frame.keyframe:
            shape.add(position, frame.coded_bytes)
    shape.refresh()
    assert [shape.factor(p) for p in range(1, 6)] == [8.0, 8.0, 8.0, 1.0, 1.0]
    # Without the shape, every other second (the one holding a keyframe) looks busier.
    assert seconds_of(still[:40], duration_s=4) == [3000 / 9, 100.0, 3000 / 9, 100.0]
    assert seconds_of(still[:40], shape, duration_s=4) == [100.0, 100.0, 100.0, 100.0]


def test_places_in_the_group_of_pictures_count_from_each_keyframe() -> None:
    stream = [CodedFrame(i / 10, i % 4 == 0, 10) for i in range(9)]
    assert gop_positions(stream) == [0, 1, 2, 3, 0, 1, 2, 3, 0]


def test_level_is_zero_at_quiet_and_half_at_twice_the_quiet() -> None:
    assert level(100.0, 100.0) == 0.0
    assert level(80.0, 100.0) == 0.0
    assert level(200.0, 100.0) == 0.5
    assert level(400.0, 100.0) == 0.75


def test_the_quiet_is_a_low_percentile_of_the_recent_seconds() -> None:
    recent = RecentSeconds(window_s=100, percentile=0.15)
    recent.add([100.0] * 60 + [1000.0] * 40)  # busy 40% of the time
    assert recent.quiet() == 100.0
    recent.add([300.0] * 100)  # the window forgets what is older than it
    assert len(recent) == 100
    assert recent.quiet() == 300.0


def test_spans_join_runs_closer_than_the_merge_gap() -> None:
    levels = [0.0, 0.6, 0.7, 0.0, 0.8, 0.0, 0.0, 0.0, 0.55]
    spans = spans_of(100.0, levels, floor=0.5, merge_gap_s=1.0)
    assert [(s.start_ts, s.end_ts, s.peak_level) for s in spans] == [
        (101.0, 105.0, 0.8),
        (108.0, 109.0, 0.55),
    ]


def test_noise_and_keyframe_refinement_give_no_activity_and_a_burst_does() -> None:
    camera = CameraActivity(warmup_s=20)
    noise = [200 + (i * 37) % 40 for i in range(60)]  # 200-240 bytes: the sensor's noise
    # Each keyframe (every 2 s) is followed by frames 8 times larger than the rest: every
    # other second costs far more, with nothing moving.
    still = frames(noise, refine=1600)
    assert camera.add_segment("still", 0.0, still, duration_s=60) == [("still", [])]
    burst = [210, 220, 1200, 1500, 1000, 215, 205, 230]
    found = camera.add_segment("burst", 60.0, frames(burst, refine=1600), duration_s=8)
    (key, spans), *_ = found
    assert key == "burst"
    assert [(s.start_ts, s.end_ts) for s in spans] == [(62.0, 65.0)]
    assert 0.8 < spans[0].peak_level < 0.9  # 1500 bytes a frame against a quiet of ~200


def test_segments_wait_for_the_warm_up_and_are_measured_then() -> None:
    camera = CameraActivity(warmup_s=10)
    assert camera.add_segment("a", 0.0, frames([100, 100, 500, 100]), duration_s=4) == []
    found = camera.add_segment("b", 4.0, frames([100] * 6), duration_s=6)
    assert [key for key, _ in found] == ["a", "b"]
    assert [(s.start_ts, s.end_ts) for s in found[0][1]] == [(2.0, 3.0)]
    assert found[1][1] == []


def test_the_first_second_of_a_session_is_left_out() -> None:
    camera = CameraActivity(warmup_s=4)
    first = frames([900, 100, 100, 100, 100])
    found = camera.add_segment("a", 0.0, first, duration_s=5, session_start=True)
    assert found == [("a", [])]
    found = camera.add_segment("b", 5.0, frames([900, 100]), duration_s=2)
    assert [(s.start_ts, s.end_ts) for s in found[0][1]] == [(5.0, 6.0)]


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
