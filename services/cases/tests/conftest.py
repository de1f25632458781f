"""A real cases service on a free port, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from rtcc.cases.v1 import cases_pb2_grpc
from rtcc_cases.server import build_server
from rtcc_common.testing import running_service
from services.cases.tests.support import MIGRATIONS, NO_RECORDER, cases_settings


@pytest.fixture
async def cases(
    database_url: str, data_dir: Path
) -> AsyncIterator[cases_pb2_grpc.CasesServiceStub]:
    """The cases service with its recorder down."""
    settings = cases_settings(database_url, data_dir, NO_RECORDER)
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            yield cases_pb2_grpc.CasesServiceStub(channel)
