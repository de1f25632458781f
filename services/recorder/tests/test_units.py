"""The logic between the processes: wall-clock mapping, backoff, the watchdog, file naming."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from rtcc_common.backoff import backoff_delay
from rtcc_common.camera_feed import hide_credentials
from rtcc_common.errors import InvalidArgument
from rtcc_recorder.export_coverage import coverage_of
from rtcc_recorder.export_media import SegmentFile, concat_script, plan_cut
from rtcc_recorder.ingest import (
    FIRST_PTS_FROM_DTS,
    camera_dir_name,
    clock_jumped_back,
    ffmpeg_command,
    opened_ts_of,
    relative_dir_for,
)
from rtcc_recorder.models import Gap, Segment
from rtcc_recorder.recording_health import RecordingBoard
from rtcc_recorder.recordings import recorded_seconds
from rtcc_recorder.segment_check import check_segment
from rtcc_recorder.stream_probe import (
    StreamCodecs,
    audio_arguments,
    parse_probe,
    transcoded_from,
    video_arguments,
)
from rtcc_recorder.wallclock import WallClockMapper
from rtcc_recorder.watchdog import FrameWatchdog

T0 = 1_800_000_000.0


def mapper() -> WallClockMapper:
    return WallClockMapper(segment_s=10, tolerance_s=2, session_start_ts=T0)


def test_a_steady_camera_gives_contiguous_segments_timed_by_its_own_clock() -> None:
    clock = mapper()
    first = clock.map(media_start=0, media_end=10, observed_end_ts=T0 + 10.3)
    second = clock.map(media_start=10, media_end=20, observed_end_ts=T0 + 20.1)
    assert first.trusted and second.trusted
    assert first.end_ts - first.start_ts == pytest.approx(10)
    assert second.start_ts == first.end_ts
    assert second.end_ts == pytest.approx(first.end_ts + 10)


def test_a_drifting_camera_is_noted_and_the_recorder_clock_wins() -> None:
    clock = mapper()
    clock.map(media_start=0, media_end=10, observed_end_ts=T0 + 10)
    # The camera says 10 s passed; the recorder saw 15 s.
    span = clock.map(media_start=10, media_end=20, observed_end_ts=T0 + 25)
    assert not span.trusted
    assert span.drift_s == pytest.approx(-5)
    assert (span.start_ts, span.end_ts) == (pytest.approx(T0 + 10), pytest.approx(T0 + 25))


@pytest.mark.parametrize(("media_start", "media_end"), [(50, 40), (10, 99_999), (5, 5)])
def test_jumping_or_backward_timestamps_never_stop_the_mapping(
    media_start: float, media_end: float
) -> None:
    clock = mapper()
    clock.map(media_start=0, media_end=10, observed_end_ts=T0 + 10)
    span = clock.map(media_start=media_start, media_end=media_end, observed_end_ts=T0 + 20)
    assert not span.trusted
    assert (span.start_ts, span.end_ts) == (pytest.approx(T0 + 10), pytest.approx(T0 + 20))
    after = clock.map(media_start=0, media_end=10, observed_end_ts=T0 + 30)
    assert after.trusted and after.start_ts == span.end_ts


def test_the_first_segment_starts_no_earlier_than_the_session() -> None:
    span = mapper().map(media_start=0, media_end=30, observed_end_ts=T0 + 12)
    assert span.start_ts == T0


def test_backoff_grows_to_its_ceiling_with_jitter() -> None:
    assert backoff_delay(0, min_s=1, max_s=30) == 0
    delays = [backoff_delay(attempt, min_s=1, max_s=30) for attempt in range(1, 12)]
    assert 0.5 <= delays[0] <= 1
    assert all(d <= 30 for d in delays) and max(delays) > 10
    assert len({backoff_delay(8, min_s=1, max_s=30) for _ in range(20)}) > 1


def test_watchdog_counts_only_frames_that_arrive() -> None:
    watchdog = FrameWatchdog(stall_timeout_s=10, last_progress_at=0)
    watchdog.feed(15, now=1)
    watchdog.feed(15, now=9)  # the same count again: the stream is not moving
    assert not watchdog.stalled(now=10)
    assert watchdog.stalled(now=11.5)
    watchdog.feed(16, now=12)
    assert not watchdog.stalled(now=12)


def test_segment_names_give_their_dated_folder_and_opening_time() -> None:
    name = "cam-7-20261125T235959Z-abc123.ts"
    assert relative_dir_for(name, "cam-7") == Path("cam-7/2026/11/25")
    assert opened_ts_of(name) == 1795651199.0
    assert opened_ts_of("notes.txt") is None
    with pytest.raises(InvalidArgument):
        camera_dir_name("../etc")


def test_ffmpeg_records_by_stream_copy_over_tcp_on_keyframe_cuts() -> None:
    command = ffmpeg_command(
        ffmpeg="ffmpeg", url="rtsp://cam/1", transport="tcp", segment_s=10,
        pattern=Path("/r/%Y.ts"), list_fd=3, progress_s=5,
    )  # fmt: skip
    joined = " ".join(command)
    for part in ("-rtsp_transport tcp", "-c:v copy", "-c:a copy", "-f segment",
                 "-segment_time 10", "-reset_timestamps 1", "-strftime 1",
                 "-segment_list pipe:3"):  # fmt: skip
        assert part in joined
    # A B-frame camera's first picture gets a presentation time; parameter sets on keyframes.
    bsf = command[command.index("-bsf:v") + 1]
    assert bsf == f"{FIRST_PTS_FROM_DTS},dump_extra=freq=keyframe"
    assert "-vcodec" not in joined and "libx264" not in joined


def test_mjpeg_is_encoded_to_h264_and_h264_or_h265_copied() -> None:
    mjpeg = StreamCodecs(video=("mjpeg",), audio=())
    assert transcoded_from(mjpeg) == "mjpeg"
    arguments = video_arguments(mjpeg)
    assert arguments[:2] == ["-c:v", "libx264"] and "yuv420p" in arguments
    for codec in ("h264", "hevc"):
        assert video_arguments(StreamCodecs(video=(codec,), audio=())) == ["-c:v", "copy"]
    assert video_arguments(None) == ["-c:v", "copy"]  # the camera could not be asked


def _ts_file(path: Path, codec: str) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x96:rate=10",
         "-t", "1", "-c:v", codec, "-f", "mpegts", str(path)],
        check=True,
    )  # fmt: skip
    return path


def test_a_segment_counts_only_with_video_a_decoder_can_start_on(tmp_path: Path) -> None:
    good = check_segment(_ts_file(tmp_path / "h264.ts", "libx264"))
    assert (good.problem, good.codec) == (None, "h264")
    # MJPEG in MPEG-TS is a private data stream: no video any player shows.
    assert check_segment(_ts_file(tmp_path / "mjpeg.ts", "mjpeg")).problem == "no_video_stream"
    (tmp_path / "empty.ts").write_bytes(b"")
    assert check_segment(tmp_path / "empty.ts").problem == "empty"
    (tmp_path / "junk.ts").write_bytes(b"not a transport stream" * 50)
    assert check_segment(tmp_path / "junk.ts").problem == "unreadable"
    assert check_segment(tmp_path / "missing.ts").problem == "unreadable"
    # Cut before the first keyframe's data (the tables only): no picture to start on.
    head = (tmp_path / "h264.ts").read_bytes()[: 188 * 3]
    (tmp_path / "head.ts").write_bytes(head)
    assert check_segment(tmp_path / "head.ts").problem in ("no_video_packets", "no_keyframe")


def test_the_recorder_reports_old_footage_as_no_recording() -> None:
    board = RecordingBoard(segment_s=10, stall_timeout_s=15)
    board.session_starting("cam", transport="tcp")
    assert board.snapshot(1000.0) == {}  # nothing said yet: not reported
    board.segment_recorded(
        "cam", end_ts=1000.0, size=5, codec="h264", transcoded_from="", transport="udp"
    )
    assert board.snapshot(1010.0)["cam"].recording
    late = board.snapshot(1000.0 + board.fresh_s + 1)["cam"]
    assert (late.recording, late.detail, late.last_segment_bytes) == (False, "no_recent_segment", 5)
    board.not_recording("cam", "stalled")
    assert board.snapshot(1010.0)["cam"].detail == "stalled"


def test_a_camera_clock_stepping_back_is_told_from_reordered_pictures() -> None:
    warning = "[segment @ 0x1] Non-monotonous DTS in output stream 0:0; previous: {}, current: {}"
    assert clock_jumped_back(warning.format(324_948_000, 324_774_000))  # 1.9 s back
    assert not clock_jumped_back(warning.format(900_000, 897_000))  # a picture reordered
    assert not clock_jumped_back("[rtsp @ 0x1] RTP: missed 3 packets")


@pytest.mark.parametrize(
    ("audio", "arguments"),
    [
        ((), ["-c:a", "copy"]),
        (("aac",), ["-c:a", "copy"]),
        (("pcm_mulaw",), ["-c:a", "aac", "-b:a", "32k"]),
        (("pcm_alaw",), ["-c:a", "aac", "-b:a", "32k"]),
        (("adpcm_g726",), ["-c:a", "aac", "-b:a", "32k"]),
    ],
)
def test_audio_that_mpeg_ts_cannot_carry_is_encoded_to_aac(
    audio: tuple[str, ...], arguments: list[str]
) -> None:
    assert audio_arguments(StreamCodecs(video=("h264",), audio=audio)) == arguments
    assert audio_arguments(None) == ["-c:a", "copy"]  # the camera could not be asked


def test_probe_output_gives_the_codecs() -> None:
    output = b'{"streams": [{"codec_type": "video", "codec_name": "h264"},'
    output += b' {"codec_type": "audio", "codec_name": "pcm_mulaw"}, {"codec_type": "data"}]}'
    assert parse_probe(output) == StreamCodecs(video=("h264",), audio=("pcm_mulaw",))
    assert parse_probe(b"not json") is None
    assert parse_probe(b'{"streams": 3}') is None


def _segment(
    start: float, end: float, media_start_s: float | None = None, media_end_s: float | None = None
) -> Segment:
    return Segment(
        camera_id="c", session_id="s", path=f"c/{start}.ts", start_ts=start, end_ts=end,
        duration_s=end - start, bytes=1, media_start_s=media_start_s, media_end_s=media_end_s,
    )  # fmt: skip


def test_recorded_seconds_are_clipped_to_the_window() -> None:
    segments = [_segment(0, 10), _segment(10, 20), _segment(30, 40)]
    assert recorded_seconds(segments, 5, 35) == pytest.approx(5 + 10 + 5)


def test_export_starts_on_the_keyframe_before_and_cuts_the_end_on_the_packet() -> None:
    segments = [
        _segment(0, 10, media_start_s=0.0, media_end_s=10.0),
        _segment(10, 20, media_start_s=0.0, media_end_s=10.0),
        _segment(20, 30, media_start_s=0.0, media_end_s=10.0),
    ]
    # MPEG-TS segments start their timestamps at 1.4 s; a keyframe each second.
    probed = SegmentFile(start_s=1.4, keyframes=tuple(1.4 + k for k in range(10)))
    plan = plan_cut(Path("/rec"), segments, start_ts=3.5, end_ts=23.5, first=probed, last=probed)
    assert plan.preroll_s == pytest.approx(0.5)  # from the keyframe at 3 s, hidden
    assert plan.expected_s == pytest.approx(20.0)
    assert concat_script(plan).splitlines() == [
        "ffconcat version 1.0",
        "file '/rec/c/0.ts'",
        "inpoint 4.400000",
        "duration 7.000000",
        "file '/rec/c/10.ts'",
        "duration 10.000000",
        "file '/rec/c/20.ts'",
        "outpoint 4.900000",
    ]
    inside = plan_cut(Path("/rec"), segments[1:2], start_ts=12.0, end_ts=13.3, first=probed,
                      last=probed)  # fmt: skip
    assert inside.preroll_s == pytest.approx(0.0) and inside.expected_s == pytest.approx(1.3)
    assert inside.entries[0].inpoint == pytest.approx(3.4)
    assert inside.entries[0].outpoint == pytest.approx(4.7)


def test_export_coverage_states_every_gap_inside_the_range() -> None:
    segments = [_segment(100, 110), _segment(110, 120), _segment(400, 410)]
    gaps = [Gap(camera_id="c", start_ts=120, end_ts=400, reason="connection_failed")]
    found = coverage_of(segments, gaps, start_ts=50, end_ts=7250, now_ts=1e12)
    assert found.recorded_s == pytest.approx(30)
    assert [(s.start_ts, s.end_ts, s.file_offset_s) for s in found.spans] == [
        (100, 120, 0), (400, 410, 20)
    ]  # fmt: skip
    assert [(h.start_ts, h.end_ts, h.reason) for h in found.holes] == [
        (50, 100, "not_recorded"), (120, 400, "connection_failed"), (410, 7250, "not_recorded")
    ]  # fmt: skip
    assert "30.0 s recorded of the 7200.0 s asked" in found.summary()
    # Time that has not happened yet is no gap.
    assert coverage_of(segments[:2], [], start_ts=100, end_ts=200, now_ts=120).complete


@pytest.mark.parametrize(
    "url",
    [
        "rtsp://admin:s3cret@10.0.0.1:554/stream1",
        "rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.1:554/stream1",
        "rtsp://admin:p@ss@10.0.0.1:554/stream1",  # an unescaped '@' in the password
    ],
)
def test_camera_credentials_stay_out_of_ffmpeg_log_lines(url: str) -> None:
    line = f"[rtsp @ 0x1] 401 Unauthorized: '{url}'"
    assert (
        hide_credentials(line) == "[rtsp @ 0x1] 401 Unauthorized: 'rtsp://***@10.0.0.1:554/stream1'"
    )
