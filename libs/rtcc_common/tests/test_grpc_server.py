"""The server factory: interceptors map domain errors and carry the request id; health works."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
import structlog
from grpc_health.v1 import health_pb2, health_pb2_grpc

from rtcc_common.errors import AlreadyExists, InvalidArgument, NotFound
from rtcc_common.grpc_server import build_grpc_server, mark_serving

seen_request_ids: list[str] = []


async def _raise(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    seen_request_ids.append(structlog.contextvars.get_contextvars().get("request_id", ""))
    kind = request.decode()
    if kind == "not_found":
        raise NotFound("camera 7 does not exist")
    if kind == "invalid":
        raise InvalidArgument("lat must be between -90 and 90")
    if kind == "exists":
        raise AlreadyExists("case 2026-001 exists")
    if kind == "bug":
        raise RuntimeError("secret internals /var/lib/x")
    return b"ok:" + request


def _generic_handler() -> grpc.GenericRpcHandler:
    identity = lambda b: b  # noqa: E731  (bytes in, bytes out)
    return grpc.method_handlers_generic_handler(
        "test.Probe",
        {"Call": grpc.unary_unary_rpc_method_handler(_raise, identity, identity)},
    )


@pytest.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    server, port = build_grpc_server([], host="127.0.0.1", port=0)
    server.add_generic_rpc_handlers((_generic_handler(),))
    await server.start()
    await mark_serving(server)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as chan:
        yield chan
    await server.stop(0)


async def _call(channel: grpc.aio.Channel, body: bytes, metadata: tuple = ()) -> bytes:
    method = channel.unary_unary("/test.Probe/Call")
    return await method(body, metadata=metadata, timeout=5)


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("not_found", grpc.StatusCode.NOT_FOUND, "camera 7 does not exist"),
        ("invalid", grpc.StatusCode.INVALID_ARGUMENT, "lat must be between -90 and 90"),
        ("exists", grpc.StatusCode.ALREADY_EXISTS, "case 2026-001 exists"),
        ("bug", grpc.StatusCode.INTERNAL, "internal error"),
    ],
)
async def test_domain_errors_become_their_status(
    channel: grpc.aio.Channel, kind: str, code: grpc.StatusCode, message: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _call(channel, kind.encode())
    assert caught.value.code() == code
    assert caught.value.details() == message


async def test_request_id_from_metadata_is_bound(channel: grpc.aio.Channel) -> None:
    assert await _call(channel, b"fine", (("x-request-id", "req-42"),)) == b"ok:fine"
    assert seen_request_ids[-1] == "req-42"
    await _call(channel, b"fine")
    assert seen_request_ids[-1] not in ("", "req-42")


async def test_health_reports_serving(channel: grpc.aio.Channel) -> None:
    reply = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
