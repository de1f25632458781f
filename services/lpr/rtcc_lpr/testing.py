"""Helpers for tests of the lpr service and of the gateway's plate routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
from rtcc_common.testing import RunningService, running_service
from rtcc_lpr.server import build_server
from rtcc_lpr.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"
# The smallest valid JPEG header is enough for the store, which checks the magic bytes.
JPEG = b"\xff\xd8\xff\xe0" + b"plate-crop" * 10


@dataclass
class Lpr:
    address: str
    stub: lpr_pb2_grpc.LprServiceStub
    settings: Settings


def stamp(value: datetime) -> Timestamp:
    result = Timestamp()
    result.FromDatetime(value)
    return result


def read(read_id: str, plate: str, state: str = "TX", **fields: object) -> lpr_pb2.ReadInput:
    values: dict[str, object] = {
        "read_id": read_id,
        "plate": plate,
        "state": state,
        "confidence": 0.9,
        "reader_id": "reader-1",
        "observed_at": stamp(datetime.now(UTC)),
        "location": lpr_pb2.Location(latitude=32.78, longitude=-96.80),
    }
    values.update(fields)
    return lpr_pb2.ReadInput(**values)  # type: ignore[arg-type]


def read_body(read_id: str, plate: str, **fields: object) -> dict[str, object]:
    """One read as a reader posts it to POST /v1/lpr/reads."""
    return {
        "read_id": read_id,
        "plate": plate,
        "state": "TX",
        "confidence": 0.95,
        "reader_id": "reader-1",
        "observed_at": datetime.now(UTC).isoformat(),
        "latitude": 32.78,
        "longitude": -96.8,
        **fields,
    }


@asynccontextmanager
async def running_lpr(database_url: str, data_dir: Path) -> AsyncIterator[RunningService]:
    """The lpr service's gRPC server on a free port, beside other services' databases."""
    if database_url.startswith("sqlite"):
        # One SQLite file per service, as `rtcc up` lays them out; PostgreSQL has a schema each.
        database_url = f"sqlite+aiosqlite:///{data_dir / 'lpr.sqlite'}"
    settings = Settings(database_url=database_url, data_dir=data_dir / "lpr")
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        yield running
