"""The recorder's Prometheus metrics (served by rtcc_common.metrics). No camera ids in labels: a
city has thousands, and per-camera state is the registry's health, not a time series here."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from prometheus_client import Counter, Gauge, Histogram

from rtcc_recorder.models import Segment

CAMERAS_RECORDING = Gauge(
    "rtcc_recorder_cameras_recording", "Cameras this instance is recording now."
)
SEGMENTS_WRITTEN = Counter("rtcc_recorder_segments_written", "Finished segments indexed.")
SEGMENT_BYTES_WRITTEN = Counter(
    "rtcc_recorder_segment_bytes_written", "Bytes of the finished segments indexed."
)
SEGMENT_LAG = Histogram(
    "rtcc_recorder_segment_lag_seconds",
    "From a segment's last frame to its row committed in the index.",
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0),
)
GAPS_OPENED = Counter("rtcc_recorder_gaps_opened", "Gaps recorded, by reason.", ["reason"])
FOOTAGE_BYTES = Gauge(
    "rtcc_recorder_footage_bytes", "Bytes of indexed footage, as of the last retention sweep."
)
DISK_FREE_BYTES = Gauge(
    "rtcc_recorder_disk_free_bytes", "Free bytes on the file system that holds the footage."
)
RETENTION_DELETIONS = Counter(
    "rtcc_recorder_retention_deletions",
    "Segments deleted by the sweeper, by rule (expired, over_cap, pressure).",
    ["rule"],
)
RETENTION_FREED_BYTES = Counter(
    "rtcc_recorder_retention_freed_bytes", "Bytes freed by the sweeper."
)
ACTIVITY_CPU_SECONDS = Counter(
    "rtcc_recorder_activity_cpu_seconds",
    "CPU time of the activity index's thread (demuxing segments and measuring them).",
)
ACTIVITY_SEGMENTS = Counter(
    "rtcc_recorder_activity_segments", "Segments whose activity was measured."
)


def count_indexed(segments: Sequence[Segment]) -> None:
    now = time.time()
    for segment in segments:
        SEGMENTS_WRITTEN.inc()
        SEGMENT_BYTES_WRITTEN.inc(segment.bytes)
        SEGMENT_LAG.observe(max(0.0, now - segment.end_ts))


def watch(recordings_path: Path, recording: Callable[[], int]) -> None:
    """Gauges read when scraped: cameras recording, and the footage disk's free space."""
    CAMERAS_RECORDING.set_function(recording)
    DISK_FREE_BYTES.set_function(lambda: shutil.disk_usage(recordings_path).free)
