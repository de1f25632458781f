from __future__ import annotations

from rtcc.lpr.v1 import lpr_pb2_grpc
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.service_runtime import BuiltServer, Database
from rtcc_lpr.camera_reading.fleet import CameraReadingFleet
from rtcc_lpr.camera_reading.reader import ReadingPolicy
from rtcc_lpr.camera_reading.registry import RegistryClient, registry_client
from rtcc_lpr.recognition import Recognition
from rtcc_lpr.service import LprService
from rtcc_lpr.servicer import LprServicer
from rtcc_lpr.settings import Settings


def build_server(settings: Settings, db: Database) -> BuiltServer:
    service = LprService(settings=settings, db=db)
    recognition = Recognition()
    binding = ServicerBinding(
        add_to_server=lpr_pb2_grpc.add_LprServiceServicer_to_server,
        servicer=LprServicer(service=service, recognition=recognition),
        full_name="rtcc.lpr.v1.LprService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)

    async def stop_watchers() -> None:
        service.hub.close()

    background = [service.run_background]
    on_stop = [stop_watchers]
    if settings.camera_reading:
        registry = registry_client(settings.camera_registry_addr)
        fleet = camera_reading_fleet(settings, registry, recognition, service)
        background.append(fleet.follow_registry)
        on_stop.append(registry.close)
    return BuiltServer(server=server, port=port, background=background, on_stop=on_stop)


def camera_reading_fleet(
    settings: Settings, registry: RegistryClient, recognition: Recognition, service: LprService
) -> CameraReadingFleet:
    policy = ReadingPolicy(
        mode=settings.camera_sampling,
        frames_per_second=settings.camera_frames_per_second,
        home_state=settings.home_state,
        retry_min_s=settings.camera_retry_min_s,
        retry_max_s=settings.camera_retry_max_s,
    )
    return CameraReadingFleet(
        registry=registry,
        recognition=recognition,
        ingest=service.ingest,
        policy=policy,
        registry_retry_s=settings.registry_retry_s,
    )
