"""The lpr service's Prometheus metrics (served by rtcc_common.metrics)."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import Counter

from rtcc_lpr.ingest import ReadResult

READS = Counter(
    "rtcc_lpr_reads",
    "Plate reads in committed batches, by outcome (stored, duplicate, rejected).",
    ["outcome"],
)
ALERTS_RAISED = Counter(
    "rtcc_lpr_alerts_raised",
    "Hotlist alerts published to subscribers after their commit (new and repeated).",
)


def count_reads(results: Sequence[ReadResult]) -> None:
    for result in results:
        READS.labels(result.outcome.value).inc()
