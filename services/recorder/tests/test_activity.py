"""The activity index against what is known to have moved: camsim's vehicles through the real
recorder, and pictures made by ffmpeg (a still scene, a moving one) through the same analysis.

Figures printed (pytest -s) are the measurements the thresholds come from."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_cli.camsim.traffic import DWELL_S, ENTER_S, LEAVE_S, VEHICLE_PERIOD_S
from rtcc_common.testing import running_service
from rtcc_recorder.activity import CameraActivity
from rtcc_recorder.activity_index import read_coded_frames
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RegistryCameras,
    recorder_test_settings,
    seconds,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
Interval = tuple[float, float]
RECORD_S = 60.0
# A span is 1-second bins on the recorder's wall clock, which trails the camera's by its
# latency: an edge within this much of a true one is the same edge.
TOLERANCE_S = 0.5
# Measured on camsim over 60 s (15 motions): precision 0.97, recall 1.00 (before frames were
# divided by their place in the group of pictures: 0.86 and 0.98); on the ffmpeg scene 1.00
# and 1.00. What costs precision is the empty second between a vehicle leaving and the next
# arriving, joined into one span. The floors leave room for a busy machine's jitter (a late
# segment shifts edges) but not for a detector that misses or invents passages.
PRECISION_MIN = 0.7
RECALL_MIN = 0.9


def camsim_motion(start: float, end: float) -> list[Interval]:
    """When a camsim vehicle moves (driving in, driving out): it stands still in between."""
    moving: list[Interval] = []
    first = int(start // VEHICLE_PERIOD_S)
    for n in range(first, int(end // VEHICLE_PERIOD_S) + 1):
        t0 = n * VEHICLE_PERIOD_S
        moving += [(t0, t0 + ENTER_S), (t0 + ENTER_S + DWELL_S, t0 + ENTER_S + DWELL_S + LEAVE_S)]
    return [(a, b) for a, b in moving if a >= start and b <= end]


def scored(spans: Sequence[Interval], truth: Sequence[Interval]) -> tuple[float, float]:
    """Precision: share of the spans' time when something moved (edges given TOLERANCE_S).
    Recall: share of the motions that a span overlaps."""

    def overlap(a: Interval, b: Interval, slack: float = 0.0) -> float:
        return max(0.0, min(a[1], b[1] + slack) - max(a[0], b[0] - slack))

    span_time = sum(b - a for a, b in spans)
    moving_time = sum(overlap(s, t, TOLERANCE_S) for s in spans for t in truth)
    precision = moving_time / span_time if span_time else 1.0
    found = sum(1 for t in truth if any(overlap(s, t) > 0 for s in spans))
    recall = found / len(truth) if truth else 1.0
    return precision, recall


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_camsim_passages_are_found_by_the_recorder(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)
            began = time.time()

            async def recorded_for(span_s: float) -> pb.ListRecordingsResponse | None:
                reply = await stub.ListRecordings(
                    pb.ListRecordingsRequest(
                        camera_id=cam1, start=stamp(began - 60), end=stamp(time.time() + 60)
                    )
                )
                if not reply.segments:
                    return None
                first, last = reply.segments[0], reply.segments[-1]
                return reply if seconds(last.end) - seconds(first.start) >= span_s else None

            recorded = await wait_for(lambda: recorded_for(RECORD_S), within_s=RECORD_S + 60)
            start, end = seconds(recorded.segments[0].start), seconds(recorded.segments[-1].end)

            async def activity(min_level: float) -> pb.ListActivityResponse:
                request = pb.ListActivityRequest(
                    camera_id=cam1, start=stamp(start), end=stamp(end), min_level=min_level
                )
                return await stub.ListActivity(request)

            # The last segments' activity is measured a moment after they are indexed.
            reply = await wait_for(
                lambda: _activity_up_to(activity, end - 4), within_s=20, interval=1
            )
            strong = await activity(0.9)
            everything = await activity(0.0)  # what was measured by the time strong was asked
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await activity(1.5)
            assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    spans = [(seconds(s.start), seconds(s.end)) for s in reply.spans]
    truth = camsim_motion(start, end)
    precision, recall = scored(spans, truth)
    peaks = sorted(round(s.peak_level, 2) for s in reply.spans)
    print(f"\ncamsim {end - start:.0f} s: {len(truth)} motions, {len(spans)} spans,")
    print(f"precision {precision:.2f} recall {recall:.2f} peaks {peaks}")
    assert precision >= PRECISION_MIN and recall >= RECALL_MIN
    # The strong spans are among the others (a merged span may hold several strong ones).
    assert all(s.peak_level >= 0.9 for s in strong.spans)
    assert all(
        any(
            seconds(a.start) - 0.01 <= seconds(s.start) and seconds(s.end) <= seconds(a.end) + 0.01
            for a in everything.spans
        )
        for s in strong.spans
    )


async def _activity_up_to(activity, until: float):  # type: ignore[no-untyped-def]
    reply = await activity(0.0)
    return reply if reply.spans and seconds(reply.spans[-1].end) >= until else None


def generated_segments(folder: Path, picture: str, duration_s: int) -> list[Path]:
    """An ffmpeg-made camera: this lavfi picture encoded like a camera at a constant
    300 kbit/s padded with filler, cut into 2-second MPEG-TS segments. No sensor noise: ffmpeg's
    temporal noise, even faint, fills the whole 300 kbit/s budget at this size (measured), and an
    encoder that spends everything on noise tells nothing by its sizes."""
    folder.mkdir()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", picture, "-t", str(duration_s),
         "-c:v", "libx264", "-preset", "ultrafast",
         "-tune", "zerolatency", "-g", "15", "-b:v", "300k", "-minrate", "300k",
         "-maxrate", "300k", "-bufsize", "300k", "-x264-params", "nal-hrd=cbr:filler=1",
         "-f", "segment", "-segment_time", "2", "-segment_format", "mpegts",
         str(folder / "%04d.ts")],
        check=True,
    )  # fmt: skip
    return sorted(folder.glob("*.ts"))


def measured(paths: list[Path]) -> list[Interval]:
    """The recorder's analysis of each file in turn, as one camera; times from the first."""
    camera = CameraActivity()
    spans: list[Interval] = []
    offset = 0.0
    for number, path in enumerate(paths):
        frames = read_coded_frames(path)
        duration = max(f.pts_s for f in frames) - min(f.pts_s for f in frames) + 1 / 15
        for _, found in camera.add_segment(
            path.name, offset, frames, duration_s=duration, session_start=number == 0
        ):
            spans += [(s.start_ts, s.end_ts) for s in found]
        offset += duration
    return spans


def test_a_still_scene_gives_no_activity(tmp_path: Path) -> None:
    still = "color=c=0x506070:s=320x180:r=15,drawgrid=w=40:h=40:color=white"
    spans = measured(generated_segments(tmp_path / "still", still, 60))
    print(f"\nstill scene 60 s: spans {spans}")
    assert spans == []


def test_a_moving_scene_not_made_by_camsim(tmp_path: Path) -> None:
    # A box crosses the picture for 4 s every 15 s, over a still background.
    moving = (
        "color=c=0x506070:s=320x180:r=15,drawgrid=w=40:h=40:color=white[bg];"
        "color=c=orange:s=48x32:r=15[box];"
        "[bg][box]overlay=x='if(lt(mod(t,15),4),mod(t,15)*80-48,-100)':y=70:shortest=1"
    )
    spans = measured(generated_segments(tmp_path / "moving", moving, 90))
    truth = [(t, t + 4.0) for t in range(0, 90, 15)]
    precision, recall = scored(spans, truth)
    print(f"\nffmpeg scene 90 s: {len(truth)} motions, spans {spans}")
    print(f"precision {precision:.2f} recall {recall:.2f}")
    assert precision >= PRECISION_MIN and recall >= RECALL_MIN
