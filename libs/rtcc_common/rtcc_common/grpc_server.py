"""Build and run a grpc.aio server the same way in every service."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from rtcc_common.grpc_interceptors import DomainErrorInterceptor, RequestIdInterceptor
from rtcc_common.logging import get_logger
from rtcc_common.metrics import RpcMetricsInterceptor

log = get_logger(__name__)

# Plate images and bulk imports are larger than grpc's 4 MiB default.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ServicerBinding:
    """One servicer and the generated function that registers it."""

    add_to_server: Callable[[Any, grpc.aio.Server], None]
    servicer: Any
    full_name: str  # e.g. "rtcc.camera_registry.v1.CameraRegistryService"


def build_grpc_server(
    bindings: Iterable[ServicerBinding], *, host: str, port: int
) -> tuple[grpc.aio.Server, int]:
    """A server with our interceptors, health and reflection; returns it and the bound port."""
    server = grpc.aio.server(
        interceptors=[RpcMetricsInterceptor(), RequestIdInterceptor(), DomainErrorInterceptor()],
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ],
    )
    bindings = list(bindings)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names = [b.full_name for b in bindings]
    for binding in bindings:
        binding.add_to_server(binding.servicer, server)
    reflection.enable_server_reflection(
        [*names, health.SERVICE_NAME, reflection.SERVICE_NAME], server
    )
    bound_port = server.add_insecure_port(f"{host}:{port}")
    server.health_servicer = health_servicer  # type: ignore[attr-defined]
    server.service_names = names  # type: ignore[attr-defined]
    return server, bound_port


async def mark_serving(server: grpc.aio.Server) -> None:
    serving = health_pb2.HealthCheckResponse.SERVING
    await server.health_servicer.set("", serving)  # type: ignore[attr-defined]
    for name in server.service_names:  # type: ignore[attr-defined]
        await server.health_servicer.set(name, serving)  # type: ignore[attr-defined]
