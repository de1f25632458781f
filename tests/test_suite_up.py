"""`rtcc up` as a user meets it: everything starts, answers, recovers from a crash, and stops."""

from __future__ import annotations

import os
import signal
import time

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from rtcc_common.testing import fresh_postgres_database
from tests.suite import RunningSuite, pid_alive, start_suite

BACKENDS = {"camera_registry", "recorder", "lpr", "cases", "oversight"}


def test_readyz_names_every_backend(suite: RunningSuite) -> None:
    reply = httpx.get(f"{suite.url}/readyz")
    assert reply.status_code == 200
    assert set(reply.json()["backends"]) >= BACKENDS
    assert all(v == "ok" for v in reply.json()["backends"].values())
    assert httpx.get(f"{suite.url}/healthz").json() == {"status": "ok"}


def test_api_refuses_requests_without_a_valid_token(suite: RunningSuite) -> None:
    with suite.client() as anonymous:
        reply = anonymous.get("/v1/me")
        assert reply.status_code == 401
        assert reply.json()["detail"][0]["type"] == "unauthenticated"
        forged = anonymous.get("/v1/me", headers={"Authorization": "Bearer abc.def.ghi"})
        assert forged.status_code == 401


def test_token_from_cli_is_accepted_with_its_role(suite: RunningSuite) -> None:
    with suite.client("detective") as detective:
        reply = detective.get("/v1/me", headers={"X-Request-ID": "trace-me-1"})
    assert reply.status_code == 200
    assert reply.json()["role"] == "detective"
    assert reply.headers["x-request-id"] == "trace-me-1"


def test_killed_service_is_restarted_and_readiness_recovers(suite: RunningSuite) -> None:
    victim = suite.state()["pids"]["lpr"]
    os.kill(victim, signal.SIGKILL)
    saw_unready = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reply = httpx.get(f"{suite.url}/readyz", timeout=5)
        if reply.status_code == 503:
            saw_unready = True
            assert reply.json()["backends"]["lpr"] == "unavailable"
        if saw_unready and reply.status_code == 200:
            break
        time.sleep(0.2)
    assert saw_unready, "readyz never noticed the dead service"
    assert suite.wait_ready(timeout_s=60)["backends"]["lpr"] == "ok"
    assert suite.state()["pids"]["lpr"] != victim
    assert "process_restarting" in suite.log()


def test_sigterm_stops_every_process(fresh_data_dir) -> None:
    running = start_suite(fresh_data_dir)
    running.wait_ready()
    pids = [p for p in running.state()["pids"].values() if p]
    assert len(pids) >= 5
    assert running.stop() == 0
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(pid_alive(p) for p in pids):
        time.sleep(0.2)
    assert not [p for p in pids if pid_alive(p)], "orphaned processes after rtcc up stopped"


def test_second_rtcc_up_on_same_data_dir_is_refused(suite: RunningSuite) -> None:
    second = start_suite(suite.data_dir)
    assert second.process.wait(timeout=60) == 1
    assert "already using" in second.log()


@pytest.mark.postgres
async def test_suite_runs_on_postgresql_with_a_schema_per_service(fresh_data_dir) -> None:
    async with fresh_postgres_database() as url:
        running = start_suite(fresh_data_dir, env={"RTCC_DATABASE_URL": url})
        try:
            running.wait_ready()
        finally:
            running.stop()
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        conn = await asyncpg.connect(dsn)
        try:
            schemas = {
                r[0]
                for r in await conn.fetch("SELECT schema_name FROM information_schema.schemata")
            }
        finally:
            await conn.close()
    assert schemas >= BACKENDS
    assert not (fresh_data_dir / "db").exists(), (
        "SQLite files were made although PostgreSQL was set"
    )
