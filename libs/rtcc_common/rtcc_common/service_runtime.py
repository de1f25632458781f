"""The start-up every service shares: logging, its database at the current schema, its server,
its background work, and a graceful stop on SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import grpc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from rtcc_common.db import create_engine, session_factory
from rtcc_common.grpc_server import mark_serving
from rtcc_common.logging import configure_logging, get_logger
from rtcc_common.metrics import serve_metrics
from rtcc_common.migrations import upgrade_to_head
from rtcc_common.settings import ServiceSettings

log = get_logger(__name__)

STOP_GRACE_S = 5.0


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def close(self) -> None:
        await self.engine.dispose()


async def open_database(settings: ServiceSettings, *, migrations_dir: Path) -> Database:
    """This service's database, migrated to the current schema."""
    schema = settings.service_name
    engine = create_engine(settings.database_url, schema=schema)
    await upgrade_to_head(engine, migrations_dir=migrations_dir, schema=schema)
    return Database(engine=engine, sessions=session_factory(engine))


@dataclass
class BuiltServer:
    """What a service's `build_server` returns: the server, and work that runs beside it."""

    server: grpc.aio.Server
    port: int
    background: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)
    on_stop: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)


async def run_built_server(built: BuiltServer, stop: asyncio.Event) -> None:
    """Serve until `stop` is set, then stop the background work and the server, in that order."""
    await built.server.start()
    await mark_serving(built.server)
    tasks = [asyncio.create_task(work()) for work in built.background]
    waiter = asyncio.create_task(built.server.wait_for_termination())
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({waiter, stopper, *tasks}, return_when=asyncio.FIRST_COMPLETED)
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            log.error("background_task_failed", exc_info=task.exception())
    log.info("server_stopping")
    await built.server.health_servicer.enter_graceful_shutdown()  # type: ignore[attr-defined]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for hook in built.on_stop:
        await hook()
    await built.server.stop(STOP_GRACE_S)
    waiter.cancel()
    stopper.cancel()
    log.info("server_stopped")


SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
# Each service's factory takes its own settings class.
BuildServer = Callable[[SettingsT, Database], BuiltServer]


async def _serve(
    settings: SettingsT, build_server: BuildServer[SettingsT], migrations_dir: Path
) -> None:
    db = await open_database(settings, migrations_dir=migrations_dir)
    built = build_server(settings, db)
    log.info("service_listening", service=settings.service_name, port=built.port)
    serve_metrics(settings.metrics_host, settings.metrics_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await run_built_server(built, stop)
    finally:
        await db.close()


def run_service(
    settings: SettingsT, build_server: BuildServer[SettingsT], migrations_dir: Path
) -> None:
    """The body of every service's `__main__`."""
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    asyncio.run(_serve(settings, build_server, migrations_dir))
