from __future__ import annotations

from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry.cache import CameraCache
from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.crypto import CredentialCipher
from rtcc_camera_registry.feed import ChangeFeed
from rtcc_camera_registry.health.monitor import HealthMonitor
from rtcc_camera_registry.servicer import CameraRegistryServicer
from rtcc_camera_registry.settings import Settings
from rtcc_camera_registry.stream_policy import StreamAddressPolicy
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.service_runtime import BuiltServer, Database


def build_server(settings: Settings, db: Database) -> BuiltServer:
    registry = Registry(
        db=db,
        cipher=CredentialCipher(settings.credentials_key),
        feed=ChangeFeed(settings.watch_queue_size),
        cache=CameraCache(settings.camera_cache_size),
        streams=StreamAddressPolicy.build(
            schemes=settings.stream_schemes,
            denied=settings.stream_denied_networks,
            allowed=settings.stream_allowed_networks,
        ),
    )
    binding = ServicerBinding(
        add_to_server=camera_registry_pb2_grpc.add_CameraRegistryServiceServicer_to_server,
        servicer=CameraRegistryServicer(registry=registry),
        full_name="rtcc.camera_registry.v1.CameraRegistryService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)
    monitor = HealthMonitor(
        registry,
        interval_s=settings.health_interval_s,
        timeout_s=settings.health_timeout_s,
        concurrency=settings.health_concurrency,
    )
    # Ending the watch streams first lets the server stop without waiting out its grace period.
    return BuiltServer(
        server=server,
        port=port,
        background=[monitor.run, monitor.probe_newcomers],
        on_stop=[registry.feed.close],
    )
