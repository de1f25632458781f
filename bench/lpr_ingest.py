"""Plate ingest through the public API with a 1,000,000-entry hotlist, and read-to-alert latency.

    uv run python bench/lpr_ingest.py [--database-url URL] [--entries 1000000] [--seconds 30]

Starts the lpr service and the gateway as processes, imports the hotlist as a CSV through
`POST /v1/lpr/hotlists/{id}/import` (timed), then posts batches of reads from several
concurrent clients for --seconds (one read in --hit-every hits the list) and prints the
acknowledged reads per second. Nothing lost: the reads table must hold exactly the reads
acknowledged `stored`. Alert latency: an SSE subscriber on `/v1/lpr/alerts/stream` times
each hit from the moment its POST was sent, under load and then on an idle system.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import string
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from lpr_bench_support import Suite, percentile, process_cpu_seconds, running_suite
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

LETTERS = string.ascii_uppercase


def hotlist_plate(number: int) -> str:
    """Hotlist plates start with Q, which the load's plates never do."""
    digits = []
    for _ in range(6):
        number, rest = divmod(number, 36)
        digits.append((string.digits + LETTERS)[rest])
    return "Q" + "".join(digits)


def hotlist_csv(entries: int) -> bytes:
    lines = ["plate,state,reason,case_number,vehicle_description"]
    lines += [f"{hotlist_plate(i)},TX,stolen,C{i},grey sedan" for i in range(entries)]
    return ("\n".join(lines) + "\n").encode()


def read(read_id: str, plate: str) -> dict[str, object]:
    return {
        "read_id": read_id,
        "plate": plate,
        "state": "TX",
        "confidence": 0.9,
        "reader_id": f"R{random.randrange(375):04d}",
        "observed_at": datetime.now(UTC).isoformat(),
        "latitude": 32.78,
        "longitude": -96.8,
    }


def load_bodies(batches: int, batch: int, hit_every: int, entries: int) -> list[bytes]:
    rng = random.Random(1)
    bodies = []
    for b in range(batches):
        reads = []
        for i in range(batch):
            number = b * batch + i
            plate = (
                hotlist_plate(rng.randrange(entries))
                if number % hit_every == 0
                else "".join(rng.choices(LETTERS[:16], k=3)) + f"{rng.randrange(10000):04d}"
            )
            reads.append(read(f"load-{number}", plate))
        bodies.append(json.dumps({"reads": reads}).encode())
    return bodies


class AlertClock:
    """Times each marked read's alert on the SSE stream from the moment its POST was sent, and
    from the moment it was acknowledged (the budget's "read accepted"): under load the POST
    itself queues behind other batches. An alert that arrived before its acknowledgement
    counts 0 from acceptance."""

    def __init__(self) -> None:
        self.sent: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self.arrived: dict[str, float] = {}
        self.subscribed = asyncio.Event()
        self.acknowledged = 0
        self.failed = 0  # probes answered with an error (e.g. the gateway's deadline)

    async def listen(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        async with client.stream(
            "GET", "/v1/lpr/alerts/stream", headers=headers, timeout=None
        ) as stream:
            async for line in stream.aiter_lines():
                if line == ": subscribed":
                    self.subscribed.set()
                if line.startswith("data: "):
                    read_id = json.loads(line[6:])["read"]["read_id"]
                    if read_id in self.sent:
                        self.arrived[read_id] = time.perf_counter()

    def take_latencies(self) -> tuple[list[float], list[float]]:
        """(POST sent -> SSE, accepted -> SSE) in ms for every acknowledged probe with an
        alert; forgets them."""
        from_sent, from_ack = [], []
        for read_id, arrived in self.arrived.items():
            if read_id in self.acked:
                from_sent.append((arrived - self.sent[read_id]) * 1000)
                from_ack.append(max(0.0, arrived - self.acked[read_id]) * 1000)
        self.sent.clear()
        self.acked.clear()
        self.arrived.clear()
        return from_sent, from_ack

    async def probe(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        name: str,
        plate: str,
        count: int,
        every_s: float,
    ) -> None:
        for n in range(count):
            read_id = f"{name}-{n}"
            body = json.dumps({"reads": [read(read_id, plate)]}).encode()
            self.sent[read_id] = time.perf_counter()
            reply = await client.post(
                "/v1/lpr/reads",
                content=body,
                headers={**headers, "content-type": "application/json"},
            )
            if reply.status_code == 200 and reply.json()["stored"] == 1:
                self.acked[read_id] = time.perf_counter()
                self.acknowledged += 1
            else:
                self.failed += 1
                self.sent.pop(read_id)
            await asyncio.sleep(every_s)


async def ingest_load(
    suite: Suite,
    bodies: list[bytes],
    seconds: float,
    concurrency: int,
) -> tuple[int, int, float]:
    headers = {**suite.headers("reader"), "content-type": "application/json"}
    stored = errors = 0
    queue = iter(bodies)
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal stored, errors
        for body in queue:
            if time.perf_counter() > deadline:
                return
            reply = await client.post("/v1/lpr/reads", content=body, headers=headers)
            if reply.status_code == 200:
                stored += reply.json()["stored"]
            else:
                errors += 1

    async with httpx.AsyncClient(base_url=suite.base_url, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return stored, errors, time.perf_counter() - started


async def count_reads(database_url: str) -> int:
    engine = create_async_engine(database_url)
    table = "lpr.reads" if engine.dialect.name == "postgresql" else "reads"
    async with engine.connect() as conn:
        count = (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
    await engine.dispose()
    return int(count)


async def run(suite: Suite, args: argparse.Namespace) -> None:
    admin = suite.headers("admin")
    async with httpx.AsyncClient(base_url=suite.base_url, timeout=600) as client:
        created = await client.post(
            "/v1/lpr/hotlists", headers=admin, json={"name": "ncic-bench", "source": "NCIC"}
        )
        hotlist_id = created.json()["id"]
        csv = hotlist_csv(args.entries)
        started = time.perf_counter()
        imported = await client.post(
            f"/v1/lpr/hotlists/{hotlist_id}/import?replace=true",
            content=csv,
            headers={**admin, "content-type": "text/csv"},
        )
        import_s = time.perf_counter() - started
        print(
            f"hotlist import: {imported.json()['imported']:,} entries "
            f"({len(csv) / 1e6:.0f} MB CSV) in {import_s:.1f} s"
        )
        bodies = load_bodies(
            int(args.seconds * 20_000 / args.batch) + 1, args.batch, args.hit_every, args.entries
        )
        clock = AlertClock()
        listener = asyncio.create_task(clock.listen(client, suite.headers("analyst")))
        await asyncio.wait_for(clock.subscribed.wait(), timeout=30)
        cpu_before = {pid: process_cpu_seconds(pid) for pid in (suite.lpr_pid, suite.gateway_pid)}
        probe = asyncio.create_task(
            clock.probe(client, suite.headers("reader"), "busy", hotlist_plate(7), 10_000, 0.1)
        )
        stored, errors, elapsed = await ingest_load(suite, bodies, args.seconds, args.concurrency)
        probe.cancel()
        await asyncio.gather(probe, return_exceptions=True)
        cpu = {pid: process_cpu_seconds(pid) - cpu_before[pid] for pid in cpu_before}
        await asyncio.sleep(1)  # the last alerts of the load reach the listener
        busy = clock.take_latencies()
        await clock.probe(
            client, suite.headers("reader"), "idle", hotlist_plate(8), args.alert_samples, 0.05
        )
        await asyncio.sleep(1)
        idle = clock.take_latencies()
        listener.cancel()
    in_table = await count_reads(args.database_url)
    acknowledged = stored + clock.acknowledged
    lost = max(0, acknowledged - in_table)
    print(
        f"ingest: {stored:,} reads stored in {elapsed:.1f} s = {stored / elapsed:,.0f} reads/s "
        f"(batches of {args.batch}, {args.concurrency} clients, 1 hit in {args.hit_every}); "
        f"HTTP errors: {errors}"
    )
    print(
        f"  CPU: lpr service {cpu[suite.lpr_pid] / elapsed:.0%}, gateway "
        f"{cpu[suite.gateway_pid] / elapsed:.0%} of one core"
    )
    print(
        f"nothing lost: acknowledged {acknowledged:,}, reads table holds {in_table:,} "
        f"(a probe cut off at the end of the load may be stored unacknowledged); lost: {lost}; "
        f"probe reads answered with an error: {clock.failed}"
    )
    for name, (from_sent, from_ack) in (("under load", busy), ("idle", idle)):
        for start, values in (("POST sent", from_sent), ("read accepted", from_ack)):
            if values:
                print(
                    f"alert latency {name} ({start} -> SSE event), {len(values)} alerts: "
                    f"p50 {percentile(values, 0.5):.1f} ms, p99 {percentile(values, 0.99):.1f} ms"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--hit-every", type=int, default=1000)
    parser.add_argument("--alert-samples", type=int, default=200)
    args = parser.parse_args()
    print(
        f"machine: {platform.node()}, {platform.machine()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        args.database_url = args.database_url or f"sqlite+aiosqlite:///{data_dir}/lpr.sqlite"
        print(f"database: {args.database_url.split('@')[-1]}")
        with running_suite(data_dir, args.database_url) as suite:
            asyncio.run(run(suite, args))


if __name__ == "__main__":
    main()
