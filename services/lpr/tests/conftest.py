from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from rtcc.lpr.v1 import lpr_pb2_grpc
from rtcc_common.testing import running_service
from rtcc_lpr.server import build_server
from rtcc_lpr.settings import Settings
from rtcc_lpr.testing import MIGRATIONS, Lpr


@pytest.fixture
async def lpr(database_url: str, data_dir: Path) -> AsyncIterator[Lpr]:
    settings = Settings(database_url=database_url, data_dir=data_dir, camera_reading=False)
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            yield Lpr(running.address, lpr_pb2_grpc.LprServiceStub(channel), settings)
