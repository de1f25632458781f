"""For tests of this service and of its clients (gateway, recorder): the real registry, running."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from rtcc_camera_registry.server import build_server
from rtcc_camera_registry.settings import Settings
from rtcc_common.testing import RunningService, running_service

MIGRATIONS = Path(__file__).parent / "migrations"


@asynccontextmanager
async def running_registry(
    database_url: str, data_dir: Path, **settings: Any
) -> AsyncIterator[RunningService]:
    """The registry's gRPC server on a free port; health probes hourly and cameras on this host
    allowed, unless asked otherwise."""
    settings.setdefault("health_interval_s", 3600.0)
    # Test cameras (camsim) serve on this host, which the stream policy otherwise refuses.
    settings.setdefault("stream_allowed_networks", ["127.0.0.0/8"])
    config = Settings(database_url=database_url, data_dir=data_dir, **settings)
    async with running_service(config, build_server, migrations_dir=MIGRATIONS) as running:
        yield running
