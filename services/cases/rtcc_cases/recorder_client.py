"""The recorder as the cases service needs it: read an export's record, place and release holds.

Every call carries a deadline; a recorder that is down or slow becomes `Unavailable`, so only
the operations that need it fail, and they fail at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import grpc
import structlog
from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.recorder.v1 import recorder_pb2, recorder_pb2_grpc
from rtcc_common.errors import (
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    Unavailable,
)
from rtcc_common.logging import get_logger

log = get_logger(__name__)

_PASSED_ON: dict[grpc.StatusCode, type[DomainError]] = {
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
}


@dataclass(frozen=True)
class RecorderExport:
    id: str
    camera_id: str
    start_ts: float
    end_ts: float
    status: str
    sha256: str
    case_number: str


def _timestamp(ts: float) -> Timestamp:
    stamp = Timestamp()
    stamp.FromNanoseconds(round(ts * 1e9))
    return stamp


def _seconds(stamp: Timestamp) -> float:
    return stamp.ToNanoseconds() / 1e9


@contextmanager
def _recorder_errors(what: str) -> Iterator[None]:
    try:
        yield
    except grpc.aio.AioRpcError as exc:
        error = _PASSED_ON.get(exc.code())
        if error is not None:
            raise error(f"recorder: {exc.details()}") from exc
        log.warning("recorder_call_failed", call=what, grpc_status=exc.code().name)
        raise Unavailable(f"the recorder is unavailable ({what} failed); try again") from exc


def _metadata() -> tuple[tuple[str, str], ...]:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    return (("x-request-id", str(request_id)),) if request_id else ()


class RecorderClient:
    def __init__(self, address: str, *, deadline_s: float) -> None:
        self._channel = grpc.aio.insecure_channel(address)
        self._stub = recorder_pb2_grpc.RecorderServiceStub(self._channel)
        self._deadline_s = deadline_s

    async def get_export(self, export_id: str) -> RecorderExport:
        with _recorder_errors("get_export"):
            reply = await self._stub.GetExport(
                recorder_pb2.GetExportRequest(id=export_id),
                timeout=self._deadline_s,
                metadata=_metadata(),
            )
        export = reply.export
        return RecorderExport(
            id=export.id,
            camera_id=export.camera_id,
            start_ts=_seconds(export.start),
            end_ts=_seconds(export.end),
            status=export.status,
            sha256=export.sha256.lower(),
            case_number=export.case_number,
        )

    async def place_hold(
        self,
        *,
        case_id: str,
        camera_id: str,
        start_ts: float,
        end_ts: float,
        reason: str,
        placed_by: str,
    ) -> str:
        """The recorder's id of the new hold."""
        request = recorder_pb2.PlaceHoldRequest(
            case_id=case_id,
            camera_id=camera_id,
            start=_timestamp(start_ts),
            end=_timestamp(end_ts),
            reason=reason,
            placed_by=placed_by,
        )
        with _recorder_errors("place_hold"):
            reply = await self._stub.PlaceHold(
                request, timeout=self._deadline_s, metadata=_metadata()
            )
        return str(reply.hold.id)

    async def release_hold(self, *, hold_id: str, released_by: str, reason: str) -> None:
        request = recorder_pb2.ReleaseHoldRequest(
            hold_id=hold_id, released_by=released_by, reason=reason
        )
        with _recorder_errors("release_hold"):
            await self._stub.ReleaseHold(request, timeout=self._deadline_s, metadata=_metadata())

    async def close(self) -> None:
        await self._channel.close()
