"""Server interceptors: bind the caller's request id, and map domain errors to gRPC status."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
import structlog

from rtcc_common.errors import DomainError
from rtcc_common.logging import get_logger

log = get_logger(__name__)

REQUEST_ID_KEY = "x-request-id"

Continuation = Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler | None]]


def _request_id_from(metadata: Any) -> str:
    for key, value in metadata or ():
        if key == REQUEST_ID_KEY:
            return str(value)
    return uuid.uuid4().hex


def _wrap_handler(
    handler: grpc.RpcMethodHandler, wrap_unary: Callable[..., Any], wrap_stream: Callable[..., Any]
) -> grpc.RpcMethodHandler:
    if handler.unary_unary:
        return grpc.unary_unary_rpc_method_handler(
            wrap_unary(handler.unary_unary),
            handler.request_deserializer,
            handler.response_serializer,
        )
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(
            wrap_unary(handler.stream_unary),
            handler.request_deserializer,
            handler.response_serializer,
        )
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(
            wrap_stream(handler.unary_stream),
            handler.request_deserializer,
            handler.response_serializer,
        )
    return grpc.stream_stream_rpc_method_handler(
        wrap_stream(handler.stream_stream),
        handler.request_deserializer,
        handler.response_serializer,
    )


class RequestIdInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Binds `request_id` (from the gateway's metadata, or a new one) to every log line."""

    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        request_id = _request_id_from(handler_call_details.invocation_metadata)
        method = handler_call_details.method

        def wrap_unary(behavior: Callable[..., Any]) -> Callable[..., Any]:
            async def run(request: Any, context: grpc.aio.ServicerContext) -> Any:
                structlog.contextvars.bind_contextvars(request_id=request_id, rpc=method)
                return await behavior(request, context)

            return run

        def wrap_stream(behavior: Callable[..., Any]) -> Callable[..., Any]:
            async def run(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                structlog.contextvars.bind_contextvars(request_id=request_id, rpc=method)
                async for item in behavior(request, context):
                    yield item

            return run

        return _wrap_handler(handler, wrap_unary, wrap_stream)


class DomainErrorInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Domain errors become their status; anything unexpected is logged and hidden."""

    async def intercept_service(
        self, continuation: Continuation, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None

        def wrap_unary(behavior: Callable[..., Any]) -> Callable[..., Any]:
            async def run(request: Any, context: grpc.aio.ServicerContext) -> Any:
                try:
                    return await behavior(request, context)
                except DomainError as exc:
                    await context.abort(exc.status, exc.message)
                except grpc.aio.AbortError:
                    raise
                except Exception:
                    log.exception("rpc_failed")
                    await context.abort(grpc.StatusCode.INTERNAL, "internal error")

            return run

        def wrap_stream(behavior: Callable[..., Any]) -> Callable[..., Any]:
            async def run(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                try:
                    async for item in behavior(request, context):
                        yield item
                except DomainError as exc:
                    await context.abort(exc.status, exc.message)
                except grpc.aio.AbortError:
                    raise
                except Exception:
                    log.exception("rpc_failed")
                    await context.abort(grpc.StatusCode.INTERNAL, "internal error")

            return run

        return _wrap_handler(handler, wrap_unary, wrap_stream)
