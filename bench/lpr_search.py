"""Plate search latency through the public API over the reads that lpr_generate_reads.py loaded.

    uv run python bench/lpr_search.py [--database-url URL] [--queries 200]

Starts the lpr service and the gateway on that PostgreSQL database, samples plates that were
really read, and times `GET /v1/lpr/reads` (first page of 100, newest first, over the whole
30 days) for each match kind: exact; fuzzy (the plate with look-alike characters swapped);
wildcard in three shapes, `ABC?234`, `ABC1*` and `*C1234` (no literal prefix).
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx
from lpr_bench_support import Suite, percentile, running_suite

# The swaps an OCR makes; the fuzzy query asks with the wrong character.
MISREAD = str.maketrans({"0": "O", "1": "I", "8": "B", "5": "S", "2": "Z", "6": "G", "O": "0"})
REASON = {"reason": "search latency benchmark"}


async def sample_plates(url: str, count: int) -> tuple[list[str], int]:
    conn = await asyncpg.connect(url, server_settings={"search_path": "lpr"})
    total = await conn.fetchval("SELECT reltuples::bigint FROM pg_class WHERE relname = 'reads'")
    rows = await conn.fetch(
        "SELECT plate_normalized FROM reads TABLESAMPLE SYSTEM (0.05) LIMIT $1", count
    )
    await conn.close()
    return [r[0] for r in rows], int(total)


def queries(plates: list[str]) -> dict[str, list[dict[str, str]]]:
    shapes = (lambda p: p[:3] + "?" + p[4:], lambda p: p[:4] + "*", lambda p: "*" + p[2:])
    return {
        "exact": [{"plate": p, "match": "exact"} for p in plates],
        "fuzzy": [{"plate": p.translate(MISREAD), "match": "fuzzy"} for p in plates],
        "wildcard": [
            {"plate": shapes[n % 3](p), "match": "wildcard"} for n, p in enumerate(plates)
        ],
    }


async def time_queries(
    client: httpx.AsyncClient, headers: dict[str, str], params: list[dict[str, str]]
) -> tuple[list[float], list[int]]:
    latencies, found = [], []
    for query in params:
        started = time.perf_counter()
        reply = await client.get(
            "/v1/lpr/reads", params={**REASON, **query, "page_size": "100"}, headers=headers
        )
        latencies.append((time.perf_counter() - started) * 1000)
        reply.raise_for_status()
        found.append(len(reply.json()["reads"]))
    return latencies, found


async def run(suite: Suite, args: argparse.Namespace) -> None:
    plates, total = await sample_plates(args.database_url.replace("+asyncpg", ""), args.queries)
    print(f"reads in the table: about {total:,}; {len(plates)} sampled plates")
    headers = suite.headers("analyst")
    async with httpx.AsyncClient(base_url=suite.base_url, timeout=60) as client:
        for kind, params in queries(plates).items():
            await time_queries(client, headers, params[: args.warmup])
            latencies, found = await time_queries(client, headers, params)
            print(
                f"{kind:>8}: p50 {percentile(latencies, 0.5):7.1f} ms  "
                f"p95 {percentile(latencies, 0.95):7.1f} ms  max {max(latencies):7.1f} ms  "
                f"({len(latencies)} queries, {sum(found) / len(found):.1f} reads per answer)"
            )
            if kind == "wildcard":
                for shape in range(3):
                    part = latencies[shape::3]
                    print(
                        f"          {params[shape]['plate']:>8} shape: "
                        f"p50 {percentile(part, 0.5):.1f} ms, p95 {percentile(part, 0.95):.1f} ms"
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/rtcc_lpr_bench"
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    print(
        f"machine: {platform.node()}, {platform.machine()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        # Generated reads span exactly the retention window: keep the sweeper off them.
        env = {"RTCC_LPR_RETENTION_DAYS": "3650"}
        with running_suite(Path(tmp), args.database_url, env) as suite:
            asyncio.run(run(suite, args))


if __name__ == "__main__":
    main()
