from __future__ import annotations

import asyncio

from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import BuiltServer, Database
from rtcc_recorder import metrics as recorder_metrics
from rtcc_recorder.export import ExportRunner
from rtcc_recorder.fleet import RecorderFleet
from rtcc_recorder.instance import claim_instance_name
from rtcc_recorder.reconcile import MediaTools, reconcile_camera
from rtcc_recorder.registry import registry_client
from rtcc_recorder.retention import run_sweeper
from rtcc_recorder.servicer import RecorderServicer
from rtcc_recorder.settings import Settings

log = get_logger(__name__)


async def _reconcile_periodically(db: Database, settings: Settings, fleet: RecorderFleet) -> None:
    while True:
        await asyncio.sleep(settings.reconcile_interval_s)
        for camera_id in sorted(fleet.recording):
            try:
                await reconcile_camera(
                    db,
                    settings.recordings_path,
                    camera_id,
                    tools=MediaTools(ffmpeg=settings.ffmpeg, ffprobe=settings.ffprobe),
                    min_age_s=3 * settings.segment_s + settings.stall_timeout_s,
                )
            except Exception:
                log.exception("reconcile_failed", camera_id=camera_id)


def build_server(settings: Settings, db: Database) -> BuiltServer:
    settings.recordings_path.mkdir(parents=True, exist_ok=True)
    # Unless one is set, the same name as before a restart: its own leases come back at once.
    instance = None if settings.instance_id else claim_instance_name(settings.data_dir)
    if instance is not None:
        settings.instance_id = instance.name

    async def release_name() -> None:
        if instance is not None:
            instance.release()

    registry = registry_client(settings.camera_registry_addr)
    fleet = RecorderFleet(settings=settings, db=db, registry=registry)
    recorder_metrics.watch(settings.recordings_path, lambda: len(fleet.recording))
    exports = ExportRunner(db, settings)
    binding = ServicerBinding(
        add_to_server=recorder_pb2_grpc.add_RecorderServiceServicer_to_server,
        servicer=RecorderServicer(
            db=db, settings=settings, exports=exports, recording_now=lambda: fleet.recording
        ),
        full_name="rtcc.recorder.v1.RecorderService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)
    return BuiltServer(
        server=server,
        port=port,
        background=[
            fleet.follow_registry,
            fleet.keep_leases,
            fleet.report_health,
            lambda: run_sweeper(db, settings),
            lambda: _reconcile_periodically(db, settings, fleet),
            exports.serve,
        ],
        on_stop=[exports.close, registry.close, release_name],
    )
