"""Sign-in timing as an outsider sees it: does an unknown username, a wrong password for a known
one or a locked account take a different time? And do audit appends wait while logins hash?

    uv run python bench/login_timing.py [--logins 50] [--database URL]

Each attempt is one Authenticate call to a real oversight service (gRPC, SQLite by default),
the three kinds taken in turn. Every attempt comes from a new source address, and the known
account is unlocked after each of its attempts, so that no throttle or lockout answers instead
of a check; the locked account is locked everywhere (failures from five addresses).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import grpc

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc.oversight.v1.oversight_pb2_grpc import OversightServiceStub as Stub
from rtcc_oversight.settings import Settings
from rtcc_oversight.testing import running_oversight

PASSWORD = "correct horse battery"


async def _timed_login(stub: Stub, username: str, source: str) -> float:
    request = pb.AuthenticateRequest(
        username=username, password="not the password", totp="123456", source=source
    )
    started = time.perf_counter()
    await stub.Authenticate(request)
    return (time.perf_counter() - started) * 1000


async def _lock_everywhere(stub: Stub, username: str) -> None:
    """Five failures from each of five addresses: locked at every address."""
    for source in range(5):
        for _ in range(5):
            await _timed_login(stub, username, f"10.3.{source}.1")


async def _interleaved(stub: Stub, known_id: str, logins: int) -> dict[str, list[float]]:
    """One attempt of each kind in turn, so that a load that changes during the run weighs on
    every kind alike. Each comes from its own address, so no throttle answers instead."""
    times: dict[str, list[float]] = {"known": [], "unknown": [], "locked": []}
    for n in range(logins):
        address = f"{n // 250}.{n % 250}"
        times["known"].append(await _timed_login(stub, "known", f"10.1.{address}"))
        await stub.UpdateUser(pb.UpdateUserRequest(id=known_id, unlock=True))
        times["unknown"].append(await _timed_login(stub, f"nobody{n}", f"10.2.{address}"))
        times["locked"].append(await _timed_login(stub, "victim", f"10.5.{address}"))
    return times


async def _appends_during_logins(stub: Stub) -> tuple[list[float], float]:
    """AppendAudit latencies while eight logins hash at once, and the same with none."""

    async def appends(count: int) -> list[float]:
        times = []
        for n in range(count):
            record = pb.AuditRecord(action="bench.append", result="ok", request_id=str(n))
            started = time.perf_counter()
            await stub.AppendAudit(pb.AppendAuditRequest(record=record))
            times.append((time.perf_counter() - started) * 1000)
        return times

    quiet = statistics.median(await appends(50))
    # Wrong passwords from eight addresses: every one of them hashes.
    logins = [_timed_login(stub, "known", f"10.4.0.{n}") for n in range(8)]
    busy = asyncio.ensure_future(appends(50))
    await asyncio.gather(busy, *logins)
    return busy.result(), quiet


def _figures(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{name:<28} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"


async def main(logins: int, database: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = database or f"sqlite+aiosqlite:///{Path(folder) / 'oversight.sqlite'}"
        settings = Settings(database_url=url, data_dir=Path(folder))
        async with running_oversight(settings) as oversight:
            async with grpc.aio.insecure_channel(oversight.address) as channel:
                stub = Stub(channel)
                made = {}
                for name in ("known", "victim"):
                    made[name] = await stub.CreateUser(
                        pb.CreateUserRequest(username=name, password=PASSWORD, role="analyst")
                    )
                await _timed_login(stub, "warm-up", "10.9.9.9")
                await _lock_everywhere(stub, "victim")
                times = await _interleaved(stub, made["known"].user.id, logins)
                busy, quiet = await _appends_during_logins(stub)
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cpus")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"database: {'postgresql' if database else 'sqlite'}; {logins} logins each")
    print(_figures("known user, wrong password", times["known"]))
    print(_figures("unknown username", times["unknown"]))
    print(_figures("locked account", times["locked"]))
    for kind in ("unknown", "locked"):
        ratio = statistics.median(times[kind]) / statistics.median(times["known"])
        print(f"{kind} / known median ratio: {ratio:.2f}")
    print(f"AppendAudit median with no logins: {quiet:.1f} ms")
    print(_figures("AppendAudit while 8 logins hash", busy) + f"  max {max(busy):6.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--logins", type=int, default=50)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.logins, args.database))
