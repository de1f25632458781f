"""gRPC channels to the services: one per backend, each call with a deadline and request id."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.cases.v1 import cases_pb2_grpc
from rtcc.lpr.v1 import lpr_pb2_grpc
from rtcc.oversight.v1 import oversight_pb2_grpc
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_gateway.settings import GatewaySettings

request_id_var: ContextVar[str] = ContextVar("request_id", default="")


def _details_with(details: grpc.aio.ClientCallDetails, timeout: float | None) -> Any:
    metadata = grpc.aio.Metadata(*(details.metadata or ()))
    request_id = request_id_var.get()
    if request_id and "x-request-id" not in metadata:
        metadata.add("x-request-id", request_id)
    return grpc.aio.ClientCallDetails(
        method=details.method,
        timeout=details.timeout if details.timeout is not None else timeout,
        metadata=metadata,
        credentials=details.credentials,
        wait_for_ready=details.wait_for_ready,
    )


class _UnaryDeadline(grpc.aio.UnaryUnaryClientInterceptor, grpc.aio.StreamUnaryClientInterceptor):
    """Unary answers get the default deadline when the caller gave none."""

    def __init__(self, deadline_s: float) -> None:
        self._deadline_s = deadline_s

    async def intercept_unary_unary(
        self, continuation: Callable[..., Any], client_call_details: Any, request: Any
    ) -> Any:
        return await continuation(_details_with(client_call_details, self._deadline_s), request)

    async def intercept_stream_unary(
        self, continuation: Callable[..., Any], client_call_details: Any, request_iterator: Any
    ) -> Any:
        return await continuation(
            _details_with(client_call_details, self._deadline_s), request_iterator
        )


class _StreamRequestId(
    grpc.aio.UnaryStreamClientInterceptor, grpc.aio.StreamStreamClientInterceptor
):
    """Subscriptions (server streams) run as long as the viewer stays; they carry the id only."""

    async def intercept_unary_stream(
        self, continuation: Callable[..., Any], client_call_details: Any, request: Any
    ) -> Any:
        return await continuation(_details_with(client_call_details, None), request)

    async def intercept_stream_stream(
        self, continuation: Callable[..., Any], client_call_details: Any, request_iterator: Any
    ) -> Any:
        return await continuation(_details_with(client_call_details, None), request_iterator)


@dataclass
class Backends:
    channels: dict[str, grpc.aio.Channel]
    camera_registry: camera_registry_pb2_grpc.CameraRegistryServiceStub
    recorder: recorder_pb2_grpc.RecorderServiceStub
    lpr: lpr_pb2_grpc.LprServiceStub
    cases: cases_pb2_grpc.CasesServiceStub
    oversight: oversight_pb2_grpc.OversightServiceStub

    async def readiness(self, timeout_s: float) -> dict[str, bool]:
        """Whether each backend answers its health check within the timeout."""

        async def check(channel: grpc.aio.Channel) -> bool:
            try:
                reply = await health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=timeout_s
                )
            except grpc.aio.AioRpcError:
                return False
            return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)

        names = list(self.channels)
        results = await asyncio.gather(*(check(self.channels[n]) for n in names))
        return dict(zip(names, results, strict=True))

    async def close(self) -> None:
        await asyncio.gather(*(channel.close() for channel in self.channels.values()))


def connect_backends(settings: GatewaySettings) -> Backends:
    interceptors: list[Any] = [_UnaryDeadline(settings.call_deadline_s), _StreamRequestId()]
    options = [
        ("grpc.max_receive_message_length", 64 * 1024 * 1024),
        ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ]
    channels = {
        name: grpc.aio.insecure_channel(addr, interceptors=interceptors, options=options)
        for name, addr in settings.backend_addresses().items()
    }
    return Backends(
        channels=channels,
        camera_registry=camera_registry_pb2_grpc.CameraRegistryServiceStub(
            channels["camera_registry"]
        ),
        recorder=recorder_pb2_grpc.RecorderServiceStub(channels["recorder"]),
        lpr=lpr_pb2_grpc.LprServiceStub(channels["lpr"]),
        cases=cases_pb2_grpc.CasesServiceStub(channels["cases"]),
        oversight=oversight_pb2_grpc.OversightServiceStub(channels["oversight"]),
    )
