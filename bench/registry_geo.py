"""`near` search at 100,000 cameras on SQLite and PostgreSQL, through the registry's gRPC API.

    uv run python bench/registry_geo.py [--cameras 100000] [--queries 500] [--postgres URL]

Fills a fresh database through ImportCameras (batches of 10,000, timed), spread over a
40 km x 40 km city, then times SearchCameras near random points of the city (radius 250 m,
1 km and 5 km, the 100 nearest) and a bounding box, and prints p50/p95 in milliseconds with
the query plan that shows the grid-cell index at work. PostgreSQL runs when --postgres (or
RTCC_TEST_POSTGRES_URL) names a server; each run gets a database of its own, dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import grpc
from sqlalchemy import text

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.geo.search import Near, near_candidates
from rtcc_camera_registry.testing import running_registry
from rtcc_common.db import create_engine
from rtcc_common.logging import configure_logging
from rtcc_common.testing import POSTGRES_ENV, fresh_postgres_database

CITY = (41.8781, -87.6298)
CITY_HALF_SPAN_DEG = (0.18, 0.24)  # about 40 km x 40 km
BATCH = 10_000


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version()}


def random_point(rng: random.Random) -> tuple[float, float]:
    return (
        CITY[0] + rng.uniform(-CITY_HALF_SPAN_DEG[0], CITY_HALF_SPAN_DEG[0]),
        CITY[1] + rng.uniform(-CITY_HALF_SPAN_DEG[1], CITY_HALF_SPAN_DEG[1]),
    )


def camera_rows(count: int, rng: random.Random) -> list[pb.CameraInput]:
    rows = []
    for i in range(count):
        lat, lon = random_point(rng)
        rows.append(
            pb.CameraInput(
                name=f"camera {i}",
                ownership=rng.choice(
                    [pb.OWNERSHIP_CITY, pb.OWNERSHIP_BUSINESS, pb.OWNERSHIP_RESIDENT]
                ),
                technology="fixed",
                location=pb.Location(lat=lat, lon=lon, address=f"{i} Bench St"),
                stream_url=f"rtsp://user:pw@10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}/main",
                permissions=pb.Permissions(live=True, record=True),
                lifecycle=pb.LIFECYCLE_ACTIVE,
                external_id=f"bench-{i}",
            )
        )
    return rows


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


async def fill(stub: camera_registry_pb2_grpc.CameraRegistryServiceStub, count: int) -> float:
    rows = camera_rows(count, random.Random(1))
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        reply = await stub.ImportCameras(
            pb.ImportCamerasRequest(cameras=rows[start : start + BATCH])
        )
        failed = [r for r in reply.rows if r.outcome == pb.ImportRowResult.OUTCOME_FAILED]
        assert not failed, failed[0]
    return time.perf_counter() - started


async def time_near(
    stub: camera_registry_pb2_grpc.CameraRegistryServiceStub, radius_m: float, queries: int
) -> dict[str, Any]:
    rng = random.Random(int(radius_m))
    samples, hits = [], []
    for _ in range(queries):
        lat, lon = random_point(rng)
        request = pb.SearchCamerasRequest(
            near=pb.NearPoint(lat=lat, lon=lon, radius_m=radius_m), limit=100
        )
        started = time.perf_counter()
        reply = await stub.SearchCameras(request)
        samples.append((time.perf_counter() - started) * 1000)
        hits.append(len(reply.hits))
    return {
        "radius_m": radius_m,
        **percentiles(samples),
        "mean_hits": round(statistics.mean(hits), 1),
    }


async def time_bbox(
    stub: camera_registry_pb2_grpc.CameraRegistryServiceStub, queries: int
) -> dict[str, Any]:
    rng = random.Random(3)
    samples = []
    for _ in range(queries):
        lat, lon = random_point(rng)
        box = pb.BoundingBox(min_lat=lat, min_lon=lon, max_lat=lat + 0.01, max_lon=lon + 0.01)
        started = time.perf_counter()
        await stub.SearchCameras(pb.SearchCamerasRequest(bbox=box, limit=100))
        samples.append((time.perf_counter() - started) * 1000)
    return {"bbox_deg": 0.01, **percentiles(samples)}


async def query_plan(database_url: str) -> list[str]:
    """How the database runs the service's own candidate query for a 1 km search."""
    engine = create_engine(database_url, schema="camera_registry")
    query = near_candidates(Near(CITY[0], CITY[1], 1000.0)).compile(
        dialect=engine.dialect, compile_kwargs={"literal_binds": True}
    )
    prefix = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    async with engine.connect() as conn:
        rows = (await conn.execute(text(f"{prefix} {query}"))).all()
    await engine.dispose()
    return [str(row[-1]) for row in rows]


async def run_backend(name: str, database_url: str, cameras: int, queries: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        async with running_registry(database_url, Path(data_dir)) as registry:
            async with grpc.aio.insecure_channel(
                registry.address, options=[("grpc.max_send_message_length", 64 << 20)]
            ) as channel:
                stub = camera_registry_pb2_grpc.CameraRegistryServiceStub(channel)
                fill_s = await fill(stub, cameras)
                await time_near(stub, 1000, 20)  # warm caches before timing
                result = {
                    "backend": name,
                    "cameras": cameras,
                    "import_s": round(fill_s, 1),
                    "import_rows_per_s": round(cameras / fill_s),
                    "near": [await time_near(stub, r, queries) for r in (250, 1000, 5000)],
                    "bbox": await time_bbox(stub, queries),
                    "plan": await query_plan(database_url),
                }
    print(json.dumps(result, indent=2), flush=True)
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    configure_logging(level="WARNING")  # stdout carries the figures only
    print(json.dumps({"machine": machine()}), flush=True)
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            await run_backend(
                "sqlite", f"sqlite+aiosqlite:///{tmp}/registry.sqlite", args.cameras, args.queries
            )
    if args.postgres:
        os.environ[POSTGRES_ENV] = args.postgres
        async with fresh_postgres_database() as url:
            await run_backend("postgresql", url, args.cameras, args.queries)


if __name__ == "__main__":
    asyncio.run(main())
