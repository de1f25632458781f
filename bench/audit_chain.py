"""Audit trail throughput: records appended per second through the oversight service's gRPC
API by many concurrent callers (as gateway requests arrive), and the time to verify the chain.

    uv run python bench/audit_chain.py [--records 20000] [--concurrency 200] [--database URL]

Without --database it runs on a fresh SQLite file; give a PostgreSQL URL
(postgresql+asyncpg://postgres@127.0.0.1:5432/DBNAME) to measure that instead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import grpc

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc.oversight.v1 import oversight_pb2_grpc
from rtcc_oversight.settings import Settings
from rtcc_oversight.testing import running_oversight


def _record(n: int) -> pb.AuditRecord:
    return pb.AuditRecord(
        subject=f"analyst{n % 17}",
        agency="CPD",
        role="analyst",
        action="lpr.reads.search",
        technology="lpr",
        query_json=json.dumps({"plate": f"ABC{n:04d}", "match": "exact"}),
        reason="burglary follow-up",
        case_number=f"24-{n % 500:04d}",
        result="3 reads",
        source="127.0.0.1",
        request_id=f"{n:032x}",
    )


async def _append_all(
    stub: oversight_pb2_grpc.OversightServiceStub, records: int, concurrency: int
) -> list[float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(records):
        queue.put_nowait(n)

    async def worker() -> None:
        while not queue.empty():
            n = queue.get_nowait()
            started = time.perf_counter()
            await stub.AppendAudit(pb.AppendAuditRequest(record=_record(n)))
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


async def main(records: int, concurrency: int, database: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = database or f"sqlite+aiosqlite:///{Path(folder) / 'oversight.sqlite'}"
        settings = Settings(database_url=url, data_dir=Path(folder))
        async with running_oversight(settings) as oversight:
            async with grpc.aio.insecure_channel(oversight.address) as channel:
                stub = oversight_pb2_grpc.OversightServiceStub(channel)
                started = time.perf_counter()
                latencies = sorted(await _append_all(stub, records, concurrency))
                elapsed = time.perf_counter() - started
                verify_started = time.perf_counter()
                verdict = await stub.VerifyAudit(pb.VerifyAuditRequest())
                verify_s = time.perf_counter() - verify_started
    p = lambda q: latencies[int(q * (len(latencies) - 1))] * 1000  # noqa: E731
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cpus")
    print(f"database: {'postgresql' if database else 'sqlite'}")
    rate = records / elapsed
    print(f"appended {records} records, {concurrency} concurrent callers: {rate:.0f}/s")
    print(f"append latency ms: p50 {p(0.5):.1f}  p95 {p(0.95):.1f}  p99 {p(0.99):.1f}")
    print(f"verify: {verdict.records_checked} records in {verify_s:.2f} s, intact={verdict.intact}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.records, args.concurrency, args.database))
