"""Helpers for tests of the lpr service and of the gateway's plate routes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
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
