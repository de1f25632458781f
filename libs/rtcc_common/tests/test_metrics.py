"""The metrics interceptor counts each call by method and the status the client saw, times it,
and the metrics endpoint serves both."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable

import grpc
import httpx
import pytest
from prometheus_client import REGISTRY

from rtcc_common.errors import NotFound
from rtcc_common.grpc_server import build_grpc_server, mark_serving
from rtcc_common.metrics import serve_metrics

UNARY = "/test.Metered/Call"
STREAM = "/test.Metered/Watch"


async def _call(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    if request == b"missing":
        raise NotFound("no such thing")
    if request == b"bug":
        raise RuntimeError("internals")
    if request == b"abort":
        await context.abort(grpc.StatusCode.PERMISSION_DENIED, "not yours")
    return request


async def _watch(request: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
    for _ in range(3):
        yield request
    if request == b"missing":
        raise NotFound("gone midway")


def _handler() -> grpc.GenericRpcHandler:
    identity = lambda b: b  # noqa: E731  (bytes in, bytes out)
    return grpc.method_handlers_generic_handler(
        "test.Metered",
        {
            "Call": grpc.unary_unary_rpc_method_handler(_call, identity, identity),
            "Watch": grpc.unary_stream_rpc_method_handler(_watch, identity, identity),
        },
    )


@pytest.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    server, port = build_grpc_server([], host="127.0.0.1", port=0)
    server.add_generic_rpc_handlers((_handler(),))
    await server.start()
    await mark_serving(server)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as chan:
        yield chan
    await server.stop(0)


def _handled(method: str, code: str) -> float:
    value = REGISTRY.get_sample_value(
        "rtcc_grpc_server_handled_total", {"method": method, "code": code}
    )
    return value or 0.0


def _timed(method: str) -> float:
    value = REGISTRY.get_sample_value("rtcc_grpc_server_handling_seconds_count", {"method": method})
    return value or 0.0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"fine", "OK"),
        (b"missing", "NOT_FOUND"),
        (b"bug", "INTERNAL"),
        (b"abort", "PERMISSION_DENIED"),
    ],
)
async def test_unary_calls_are_counted_by_the_status_the_client_sees(
    channel: grpc.aio.Channel, body: bytes, code: str
) -> None:
    before, timed_before = _handled(UNARY, code), _timed(UNARY)
    try:
        await channel.unary_unary(UNARY)(body, timeout=5)
        seen = "OK"
    except grpc.aio.AioRpcError as exc:
        seen = exc.code().name
    assert seen == code
    # The client may hear the status a moment before the server's call has wound up.
    await _settled(lambda: _handled(UNARY, code) == before + 1)
    assert _handled(UNARY, code) == before + 1
    assert _timed(UNARY) == timed_before + 1


async def _settled(done: Callable[[], bool], within_s: float = 5.0) -> None:
    """Lets the server's side of a call finish (same process, same event loop)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + within_s
    for _ in range(int(within_s / 0.01)):
        if done() or loop.time() > until:
            return
        await asyncio.sleep(0.01)


async def test_a_stream_is_counted_once_when_it_ends(channel: grpc.aio.Channel) -> None:
    ok, failed = _handled(STREAM, "OK"), _handled(STREAM, "NOT_FOUND")
    items = [item async for item in channel.unary_stream(STREAM)(b"x", timeout=5)]
    assert len(items) == 3
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in channel.unary_stream(STREAM)(b"missing", timeout=5):
            pass
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    await _settled(lambda: _handled(STREAM, "NOT_FOUND") == failed + 1)
    assert _handled(STREAM, "OK") == ok + 1
    assert _handled(STREAM, "NOT_FOUND") == failed + 1


async def test_the_endpoint_serves_the_counts(channel: grpc.aio.Channel) -> None:
    await channel.unary_unary(UNARY)(b"fine", timeout=5)
    port = serve_metrics("127.0.0.1", 0)
    assert port is not None
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    assert f'rtcc_grpc_server_handled_total{{code="OK",method="{UNARY}"}}' in text
    assert "rtcc_grpc_server_handling_seconds_bucket" in text
    assert serve_metrics("127.0.0.1", None) is None


def test_a_taken_metrics_port_costs_the_metrics_not_the_service() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert serve_metrics("127.0.0.1", taken.getsockname()[1]) is None
