"""Pytest fixtures every service's tests share: a fresh database on SQLite and PostgreSQL, and a
real gRPC server of a service on a free loopback port.

Registered for the whole repository by the root conftest.py.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import structlog
from sqlalchemy.engine import make_url

from rtcc_common.logging import configure_logging
from rtcc_common.service_runtime import (
    BuildServer,
    BuiltServer,
    SettingsT,
    open_database,
    run_built_server,
)

POSTGRES_ENV = "RTCC_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """A new, empty PostgreSQL database for one test; dropped afterwards."""
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    url = make_url(admin)
    name = f"rtcc_test_{uuid.uuid4().hex[:12]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database URL, once per backend: every integration test runs on both."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'service.sqlite'}"
        return
    async with fresh_postgres_database() as url:
        yield url


@dataclass
class RunningService:
    address: str
    port: int
    built: BuiltServer


@asynccontextmanager
async def running_service(
    settings: SettingsT, build_server: BuildServer[SettingsT], *, migrations_dir: Path
) -> AsyncIterator[RunningService]:
    """The service's real gRPC server on a free loopback port, with its background work."""
    settings.grpc_host = "127.0.0.1"
    settings.grpc_port = 0
    db = await open_database(settings, migrations_dir=migrations_dir)
    built = build_server(settings, db)
    stop = asyncio.Event()
    task = asyncio.create_task(run_built_server(built, stop))
    try:
        yield RunningService(address=f"127.0.0.1:{built.port}", port=built.port, built=built)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await db.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data"
    path.mkdir()
    yield path


@dataclass
class LoggedLines:
    """What the real logging pipeline printed, in JSON, one event a line."""

    stream: io.StringIO

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        found = [json.loads(line) for line in self.text.splitlines() if line.strip()]
        return [e for e in found if name is None or e.get("event") == name]


@contextmanager
def logged_lines(level: str = "INFO") -> Iterator[LoggedLines]:
    """The process's logging set up as a service sets it up (JSON), printing into a buffer; the
    previous set-up is restored afterwards."""
    root = logging.getLogger()
    handlers, root_level = root.handlers[:], root.level
    config = structlog.get_config()
    stream = io.StringIO()
    configure_logging(log_format="json", level=level, stream=stream)
    try:
        yield LoggedLines(stream)
    finally:
        root.handlers[:] = handlers
        root.setLevel(root_level)
        structlog.configure(**config)
