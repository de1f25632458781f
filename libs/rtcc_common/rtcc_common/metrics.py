"""Prometheus metrics every process shares: gRPC request latency and status by method, and the
HTTP endpoint a scraper reads them from.

Each process serves its metrics on a port of its own (`RTCC_<PROCESS>_METRICS_PORT`), apart from
its API: IT's scrapers reach it on an internal network, and nothing on it is audit data (no
plates, users, case numbers or camera names, only counts by method, status and reason).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from prometheus_client import Counter, Histogram, start_http_server

from rtcc_common.grpc_interceptors import Continuation, _wrap_handler
from rtcc_common.logging import get_logger

log = get_logger(__name__)

# Seconds: from a cache hit (sub-millisecond) to a slow search or a stream held for minutes.
LATENCY_BUCKETS = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
)

GRPC_HANDLED = Counter(
    "rtcc_grpc_server_handled",
    "gRPC calls completed on this server, by method and status code.",
    ["method", "code"],
)
GRPC_LATENCY = Histogram(
    "rtcc_grpc_server_handling_seconds",
    "Time from a gRPC call's arrival to its last response (streams: the stream's life).",
    ["method"],
    buckets=LATENCY_BUCKETS,
)


def _code_of(context: grpc.aio.ServicerContext, default: grpc.StatusCode) -> str:
    code = context.code()
    if isinstance(code, grpc.StatusCode):
        return str(code.name)
    if isinstance(code, int):  # grpc.aio gives the raw number on some paths
        for known in grpc.StatusCode:
            if known.value[0] == code:
                return str(known.name)
    return str(default.name)


class RpcMetricsInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Counts every call by method and status, and times it; outermost, so it sees the status
    the error interceptor gave."""

    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        handled = {code.name: GRPC_HANDLED.labels(method, code.name) for code in grpc.StatusCode}
        latency = GRPC_LATENCY.labels(method)

        def finish(started: float, code: str) -> None:
            latency.observe(time.perf_counter() - started)
            counter = handled.get(code)
            (counter or GRPC_HANDLED.labels(method, code)).inc()

        def wrap_unary(behavior: Callable[..., Any]) -> Callable[..., Any]:
            async def run(request: Any, context: grpc.aio.ServicerContext) -> Any:
                started = time.perf_counter()
                code = "UNKNOWN"
                try:
                    response = await behavior(request, context)
                    code = _code_of(context, grpc.StatusCode.OK)
                    return response
                except BaseException:  # an abort has set its code; anything else is UNKNOWN
                    code = _code_of(context, grpc.StatusCode.UNKNOWN)
                    raise
                finally:
                    finish(started, code)

            return run

        def wrap_stream(behavior: Callable[..., Any]) -> Callable[..., Any]:
            async def run(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                started = time.perf_counter()
                code = "UNKNOWN"
                try:
                    async for item in behavior(request, context):
                        yield item
                    code = _code_of(context, grpc.StatusCode.OK)
                except BaseException:
                    code = _code_of(context, grpc.StatusCode.CANCELLED)
                    raise
                finally:
                    finish(started, code)

            return run

        return _wrap_handler(handler, wrap_unary, wrap_stream)


def serve_metrics(host: str, port: int | None) -> int | None:
    """Serves this process's metrics at http://host:port/metrics in a thread of its own (a
    scrape never waits on the event loop); returns the bound port, or None when turned off."""
    if port is None:
        return None
    try:
        server, _thread = start_http_server(port, addr=host)
    except OSError as exc:
        # A port clash costs the metrics, never the service's own work.
        log.error("metrics_unavailable", host=host, port=port, error=str(exc))
        return None
    bound = int(server.server_port)
    log.info("metrics_listening", host=host, port=bound)
    return bound
