"""Fills the lpr service's PostgreSQL schema with synthetic plate reads for the search bench.

    uv run python bench/lpr_generate_reads.py --url postgresql://postgres@127.0.0.1/rtcc_lpr_bench \
        [--reads 60000000] [--readers 375] [--vehicles 3000000] [--days 30]

The rows are made inside PostgreSQL (generate_series, chunk by chunk), not sent from Python,
and the search indexes are dropped first and built once at the end: that is how a large
table loads fastest. Each vehicle is one plate seen about reads/vehicles times over the
window by readers spread over a city. The schema is the service's own (its migrations run
first). Stops at --max-minutes with what it has loaded, and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import time
from pathlib import Path

import asyncpg

from rtcc_common.service_runtime import open_database
from rtcc_lpr.plates import CONFUSION_CLASSES
from rtcc_lpr.settings import Settings

SCHEMA = "lpr"
MIGRATIONS = Path(__file__).parents[1] / "services" / "lpr" / "rtcc_lpr" / "migrations"
CHUNK = 2_000_000
# The migration's secondary indexes on reads, rebuilt after the load with the same definitions.
READ_INDEXES = {
    "ix_reads_plate_time": "(plate_normalized, observed_at)",
    "ix_reads_skeleton_time": "(plate_skeleton, observed_at)",
    "ix_reads_reader_time": "(reader_id, observed_at)",
    "ix_reads_observed_at": "(observed_at)",
    "ix_reads_case_number": "(case_number)",
    "ix_reads_plate_pattern": "(plate_normalized text_pattern_ops)",
    "ix_reads_plate_trgm": "USING gin (plate_normalized public.gin_trgm_ops)",
}


def skeleton_sql(column: str) -> str:
    """The skeleton as PostgreSQL's translate(), from the same classes the service uses."""
    source = "".join(group[1:] for group in CONFUSION_CLASSES)
    target = "".join(group[0] * (len(group) - 1) for group in CONFUSION_CLASSES)
    return f"translate({column}, '{source}', '{target}')"


def plate_sql(vehicle: str) -> str:
    """Three letters and four digits, a different plate for every vehicle number."""
    letters = "||".join(f"chr((65 + ({vehicle} / {26**i}) % 26)::int)" for i in range(3))
    return f"({letters} || lpad((({vehicle} * 7919) % 10000)::text, 4, '0'))"


def insert_sql(start: int, count: int, args: argparse.Namespace) -> str:
    plate = plate_sql("v")
    return f"""
    INSERT INTO reads (read_id, plate, plate_normalized, plate_skeleton, state, confidence,
                       reader_id, camera_id, observed_at, latitude, longitude, has_hit)
    SELECT 'gen-' || i, p, p, {skeleton_sql("p")},
           CASE WHEN v % 10 = 0 THEN 'OK' ELSE 'TX' END,
           0.6 + (i % 40) / 100.0,
           'R' || lpad(r::text, 4, '0'), '',
           now() - (random() * interval '{args.days} days'),
           32.70 + (r % 25) * 0.01, -96.90 + (r / 25) * 0.01,
           false
    FROM (
        SELECT i, v, {plate} AS p, 1 + (v * 31 + i) % {args.readers} AS r
        FROM (SELECT i, ((hashint4(i::int) & 2147483647) % {args.vehicles})::bigint AS v
              FROM generate_series({start}::bigint, {start + count - 1}::bigint) AS i) s
    ) t
    """


async def main(args: argparse.Namespace) -> None:
    settings = Settings(database_url=args.url.replace("postgresql://", "postgresql+asyncpg://"))
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    await db.close()
    conn = await asyncpg.connect(args.url, server_settings={"search_path": SCHEMA})
    await conn.execute("SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2")
    already = await conn.fetchval("SELECT count(*) FROM reads")
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
        f"PostgreSQL {conn.get_server_version()}; reads already there: {already:,}"
    )
    for name in READ_INDEXES:
        await conn.execute(f"DROP INDEX IF EXISTS {name}")
    started = time.monotonic()
    loaded = already
    while loaded < args.reads and time.monotonic() - started < args.max_minutes * 60:
        count = min(CHUNK, args.reads - loaded)
        chunk_started = time.monotonic()
        await conn.execute(insert_sql(loaded + 1, count, args))
        loaded += count
        rate = count / (time.monotonic() - chunk_started)
        print(f"  {loaded:>12,} reads  ({rate:,.0f} rows/s)", flush=True)
    load_s = time.monotonic() - started
    for name, definition in READ_INDEXES.items():
        index_started = time.monotonic()
        await conn.execute(f"CREATE INDEX {name} ON reads {definition}")
        print(f"  index {name}: {time.monotonic() - index_started:.0f} s", flush=True)
    await conn.execute("ANALYZE reads")
    size = await conn.fetchval("SELECT pg_size_pretty(pg_total_relation_size('reads'))")
    print(
        f"loaded {loaded:,} reads ({load_s:.0f} s of inserts, "
        f"{time.monotonic() - started:.0f} s with indexes); table and indexes: {size}"
    )
    if loaded < args.reads:
        print(f"STOPPED EARLY at {loaded:,} of {args.reads:,} reads (--max-minutes)")
    await conn.close()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/rtcc_lpr_bench")
    parser.add_argument("--reads", type=int, default=60_000_000)
    parser.add_argument("--readers", type=int, default=375)
    parser.add_argument("--vehicles", type=int, default=3_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--max-minutes", type=float, default=120.0)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
