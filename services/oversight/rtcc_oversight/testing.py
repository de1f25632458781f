"""Helpers for tests of the oversight service and of every gateway test that needs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc.oversight.v1 import oversight_pb2_grpc
from rtcc_common.testing import running_service
from rtcc_oversight.server import build_server
from rtcc_oversight.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
ALL_TECHNOLOGIES = ("fixed_video", "resident_video", "lpr", "live_monitoring", "partner_sharing")


@dataclass
class Oversight:
    address: str
    stub: oversight_pb2_grpc.OversightServiceStub
    settings: Settings


async def approve(
    stub: oversight_pb2_grpc.OversightServiceStub, keys: Iterable[str] = ALL_TECHNOLOGIES
) -> None:
    for key in keys:
        await stub.DecideTechnology(
            pb.DecideTechnologyRequest(
                key=key,
                status="approved",
                ordinance_ref="Test Ordinance 1",
                use_policy="Used as the tests need.",
                decided_by="test-council",
            )
        )


@asynccontextmanager
async def running_oversight(
    settings: Settings, *, approved: Iterable[str] = ()
) -> AsyncIterator[Oversight]:
    """The real oversight service on a free port, with the given technologies approved."""
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = oversight_pb2_grpc.OversightServiceStub(channel)
            await approve(stub, approved)
            yield Oversight(address=running.address, stub=stub, settings=settings)
