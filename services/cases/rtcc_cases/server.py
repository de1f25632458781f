from __future__ import annotations

from rtcc.cases.v1 import cases_pb2_grpc
from rtcc_cases.footage_uploads import UploadSettings
from rtcc_cases.recorder_client import RecorderClient
from rtcc_cases.servicer import CasesServicer
from rtcc_cases.settings import Settings
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.service_runtime import BuiltServer, Database


def build_server(settings: Settings, db: Database) -> BuiltServer:
    # The channel connects lazily: the service starts, and serves all but footage, without it.
    recorder = RecorderClient(settings.recorder_addr, deadline_s=settings.recorder_deadline_s)
    binding = ServicerBinding(
        add_to_server=cases_pb2_grpc.add_CasesServiceServicer_to_server,
        servicer=CasesServicer(
            db=db,
            recorder=recorder,
            uploads=UploadSettings(
                directory=settings.data_dir / "footage_uploads",
                ffprobe=settings.ffprobe,
                max_bytes=settings.footage_upload_max_bytes,
            ),
        ),
        full_name="rtcc.cases.v1.CasesService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)
    return BuiltServer(server=server, port=port, on_stop=[recorder.close])
