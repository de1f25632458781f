"""Cases: how fast outcomes are recorded, and how long the attribution report takes over years of
them. Prints figures and the machine they were taken on.

    uv run python bench/cases_attribution.py [--postgres] [--years 10] [--per-year 1100]

--postgres runs on a fresh database on the server RTCC_TEST_POSTGRES_URL names (dropped after).

The reference city records about 600 arrests and 430 recovered vehicles a year; ten years of
that is the default history. It is written straight into the tables (the figure of interest is
the report, not the bulk load); then outcomes are added through the real gRPC API and reports
are asked for the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grpc

from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_cases.models import TECHNOLOGIES, Case, Outcome, OutcomeAssist
from rtcc_cases.server import build_server
from rtcc_cases.settings import Settings
from rtcc_common.service_runtime import open_database
from rtcc_common.testing import fresh_postgres_database, running_service

MIGRATIONS = Path(__file__).parents[1] / "services" / "cases" / "rtcc_cases" / "migrations"
OFFENSES = ("robbery", "carjacking", "shooting", "homicide", "stolen_vehicle", "burglary")
ACTOR = cases_pb2.Actor(subject="bench", role="detective")


async def load_history(settings: Settings, years: int, per_year: int) -> None:
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    rng = random.Random(7)
    today = datetime.now(UTC).date()
    first = date(today.year - years + 1, 1, 1)
    span = (today - first).days
    try:
        async with db.sessions.begin() as session:
            cases = [
                Case(number=f"H-{i}", offense=OFFENSES[i % len(OFFENSES)], created_by="bench")
                for i in range(years * per_year // 3)
            ]
            session.add_all(cases)
            for i in range(years * per_year):
                arrest = rng.random() < 0.58
                assisted = rng.random() < 0.8
                outcome = Outcome(
                    case_id=cases[i % len(cases)].id,
                    kind="arrest" if arrest else "vehicle_recovery",
                    occurred_on=first + timedelta(days=rng.randrange(span)),
                    center_assisted=assisted,
                    quantity=rng.choice((1, 1, 1, 2)) if arrest else 1,
                    charge="bench" if arrest else "",
                    plate="" if arrest else f"B{i}",
                    recorded_by="bench",
                )
                session.add(outcome)
                if assisted:
                    for technology in rng.sample(TECHNOLOGIES, rng.choice((1, 1, 2))):
                        session.add(OutcomeAssist(outcome_id=outcome.id, technology=technology))
    finally:
        await db.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(settings: Settings, adds: int, reports: int) -> None:
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = cases_pb2_grpc.CasesServiceStub(channel)
            case = await stub.CreateCase(
                cases_pb2.CreateCaseRequest(
                    actor=ACTOR, case=cases_pb2.CaseInput(number="BENCH-1", offense="robbery")
                )
            )
            outcome = cases_pb2.OutcomeInput(
                kind="arrest",
                occurred_on=datetime.now(UTC).date().isoformat(),
                charge="robbery",
                center_assisted=True,
                assisted_by=["live_view"],
            )
            began = time.perf_counter()
            for _ in range(adds):
                await stub.AddOutcome(
                    cases_pb2.AddOutcomeRequest(case_id=case.case.id, actor=ACTOR, outcome=outcome)
                )
            add_s = time.perf_counter() - began
            timings = []
            year = datetime.now(UTC).year
            for _ in range(reports):
                began = time.perf_counter()
                reply = await stub.GetAttributionReport(
                    cases_pb2.GetAttributionReportRequest(year=year)
                )
                timings.append((time.perf_counter() - began) * 1000)
    since = reply.since_inception
    print(f"AddOutcome, one caller:      {adds / add_s:8.1f} outcomes/s ({adds} calls)")
    print(
        f"attribution report:          p50 {statistics.median(timings):.1f} ms,"
        f" p95 {percentile(timings, 0.95):.1f} ms ({reports} calls)"
    )
    print(
        f"  since inception {since.first_day}: {since.arrests} arrests,"
        f" {since.vehicles_recovered} vehicles credited"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=1100)
    parser.add_argument("--adds", type=int, default=300)
    parser.add_argument("--reports", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            async with fresh_postgres_database() as url:
                await run(url, Path(tmp), args)
        else:
            await run(f"sqlite+aiosqlite:///{tmp}/cases.sqlite", Path(tmp), args)


async def run(url: str, tmp: Path, args: argparse.Namespace) -> None:
    settings = Settings(database_url=url, data_dir=tmp, recorder_addr="127.0.0.1:9")
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs,"
        f" python {platform.python_version()}"
    )
    print(f"database: {url.split('://')[0]}, history {args.years} x {args.per_year} outcomes")
    began = time.perf_counter()
    await load_history(settings, args.years, args.per_year)
    print(f"history loaded in {time.perf_counter() - began:.1f} s")
    await measure(settings, args.adds, args.reports)


if __name__ == "__main__":
    asyncio.run(main())
