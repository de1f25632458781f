"""How fast the recorder summarises 30 days of one camera for the look-back timeline.

    uv run --frozen python bench/recorder_summary.py [--database-url URL] [--queries 50]

Fills the recorder's index with 30 days of ten-second segments of one camera (~260,000 rows,
a dropped hour every day, each with its gap and reason) beside two other cameras' days, then
times `SummarizeRecordings` over the real gRPC server: the whole 30 days in 1,000 buckets (the
timeline zoomed out), one day in 1,440 one-minute buckets, and an hour in 360 ten-second buckets.
PostgreSQL by default (RTCC_TEST_POSTGRES_URL, or a local server on 127.0.0.1:5432); pass an
SQLite URL to measure the embedded default.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import insert
from sqlalchemy.engine import make_url

import rtcc_recorder
from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_common.service_runtime import Database, open_database
from rtcc_common.testing import running_service
from rtcc_recorder.models import CameraPolicy, Gap, Segment
from rtcc_recorder.server import build_server
from rtcc_recorder.settings import Settings

MIGRATIONS = Path(rtcc_recorder.__file__).parent / "migrations"
DAY = 86400.0
SEGMENT_S = 10.0
CAMERA = "bench-camera"
LOCAL_POSTGRES = "postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/postgres"


def stamp(seconds: float) -> Timestamp:
    value = Timestamp()
    value.FromNanoseconds(int(seconds * 1e9))
    return value


async def fill(db: Database, camera_id: str, start: float, days: int) -> int:
    """Back-to-back segments, but for an hour each day (03:00-04:00) the camera was down."""
    total = 0
    for day in range(days):
        day_start = start + day * DAY
        rows = []
        gap = (day_start + 3 * 3600, day_start + 4 * 3600)
        at = day_start
        while at < day_start + DAY:
            if not gap[0] <= at < gap[1]:
                rows.append(
                    {
                        "id": uuid.uuid4().hex,
                        "camera_id": camera_id,
                        "session_id": f"s{day}",
                        "path": f"{camera_id}/{day}/{at:.0f}.ts",
                        "start_ts": at,
                        "end_ts": at + SEGMENT_S,
                        "duration_s": SEGMENT_S,
                        "bytes": 2_500_000,
                        "created_ts": at + SEGMENT_S,
                    }
                )
            at += SEGMENT_S
        async with db.engine.begin() as conn:
            await conn.execute(insert(Segment), rows)
            await conn.execute(
                insert(Gap),
                [{"id": uuid.uuid4().hex, "camera_id": camera_id, "start_ts": gap[0],
                  "end_ts": gap[1], "reason": "connection_failed", "outage_reported": True}],
            )  # fmt: skip
        total += len(rows)
    return total


async def time_calls(
    stub: recorder_pb2_grpc.RecorderServiceStub, start: float, end: float, buckets: int, n: int
) -> tuple[list[float], float]:
    request = pb.SummarizeRecordingsRequest(
        camera_id=CAMERA, start=stamp(start), end=stamp(end), bucket_s=(end - start) / buckets
    )
    latencies = []
    recorded = 0.0
    for _ in range(n):
        began = time.perf_counter()
        reply = await stub.SummarizeRecordings(request)
        latencies.append((time.perf_counter() - began) * 1000)
        recorded = reply.recorded_s
    return latencies, recorded


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def fresh_postgres(admin_url: str) -> tuple[str, str]:
    url = make_url(admin_url)
    name = f"rtcc_bench_{uuid.uuid4().hex[:10]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return url.set(database=name).render_as_string(hide_password=False), dsn


async def drop_postgres(dsn: str, url: str) -> None:
    conn = await asyncpg.connect(dsn)
    await conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    await conn.close()


async def run(database_url: str, queries: int, days: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp), database_url=database_url, camera_registry_addr="127.0.0.1:9"
        )
        db = await open_database(settings, migrations_dir=MIGRATIONS)
        now = time.time()
        start = (now // DAY) * DAY - days * DAY
        async with db.sessions() as session:  # retention must not sweep the first day away
            session.add(CameraPolicy(camera_id=CAMERA, retention_days=days + 5))
            await session.commit()
        began = time.perf_counter()
        segments = await fill(db, CAMERA, start, days)
        for other in ("other-1", "other-2"):
            segments += await fill(db, other, start + (days - 1) * DAY, 1)
        if db.engine.dialect.name == "postgresql":
            async with db.engine.begin() as conn:
                await conn.exec_driver_sql("ANALYZE segments")
        print(f"filled {segments} segments in {time.perf_counter() - began:.1f} s")
        async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
            async with grpc.aio.insecure_channel(running.address) as channel:
                stub = recorder_pb2_grpc.RecorderServiceStub(channel)
                await time_calls(stub, start, start + days * DAY, 1000, 3)  # warm the cache
                end = start + days * DAY
                cases = (
                    (f"{days} days in 1000 buckets", start, end, 1000),
                    ("1 day in 1440 buckets", end - DAY, end, 1440),
                    ("1 hour in 360 buckets", end - 3600, end, 360),
                )
                for label, first, last, buckets in cases:
                    latencies, recorded = await time_calls(stub, first, last, buckets, queries)
                    print(
                        f"{label}: p50 {statistics.median(latencies):.1f} ms, "
                        f"p95 {percentile(latencies, 0.95):.1f} ms "
                        f"({queries} calls, {recorded / 3600:.1f} h recorded)"
                    )
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("RTCC_TEST_POSTGRES_URL") or LOCAL_POSTGRES
    )
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    load = os.getloadavg()
    backend = make_url(args.database_url).get_backend_name()
    print(
        f"recorder summary bench on {backend}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, load {load[0]:.1f}"
    )

    async def go() -> None:
        if backend == "postgresql":
            url, dsn = await fresh_postgres(args.database_url)
            try:
                await run(url, args.queries, args.days)
            finally:
                await drop_postgres(dsn, url)
        else:
            await run(args.database_url, args.queries, args.days)

    asyncio.run(go())


if __name__ == "__main__":
    main()
