from __future__ import annotations

from rtcc.lpr.v1 import lpr_pb2_grpc
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.service_runtime import BuiltServer, Database
from rtcc_lpr.recognition import Recognition
from rtcc_lpr.service import LprService
from rtcc_lpr.servicer import LprServicer
from rtcc_lpr.settings import Settings


def build_server(settings: Settings, db: Database) -> BuiltServer:
    service = LprService(settings=settings, db=db)
    binding = ServicerBinding(
        add_to_server=lpr_pb2_grpc.add_LprServiceServicer_to_server,
        servicer=LprServicer(service=service, recognition=Recognition()),
        full_name="rtcc.lpr.v1.LprService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)

    async def stop_watchers() -> None:
        service.hub.close()

    return BuiltServer(
        server=server,
        port=port,
        background=[service.run_background],
        on_stop=[stop_watchers],
    )
