from __future__ import annotations

import grpc

from rtcc.oversight.v1 import oversight_pb2_grpc
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.service_runtime import BuiltServer, Database
from rtcc_oversight.audit import AuditWriter
from rtcc_oversight.identity import LoginPolicy, SessionPolicy
from rtcc_oversight.report import ReportChannels
from rtcc_oversight.sealed import SecretBox
from rtcc_oversight.servicer import OversightServicer, Policies
from rtcc_oversight.settings import Settings


def build_server(settings: Settings, db: Database) -> BuiltServer:
    writer = AuditWriter(db)
    # The report's channels connect lazily: the service serves everything else without them.
    report = ReportChannels(
        camera_registry=grpc.aio.insecure_channel(settings.camera_registry_addr),
        recorder=grpc.aio.insecure_channel(settings.recorder_addr),
        lpr=grpc.aio.insecure_channel(settings.lpr_addr),
        cases=grpc.aio.insecure_channel(settings.cases_addr),
        deadline_s=settings.report_call_deadline_s,
    )
    policies = Policies(
        login=LoginPolicy(
            max_failed=settings.max_failed_logins,
            lockout_s=settings.lockout_s,
            box=SecretBox(settings.secrets_key),
        ),
        session=SessionPolicy(idle_s=settings.session_idle_s, max_s=settings.session_max_s),
        totp_issuer=settings.totp_issuer,
    )
    binding = ServicerBinding(
        add_to_server=oversight_pb2_grpc.add_OversightServiceServicer_to_server,
        servicer=OversightServicer(db=db, writer=writer, policies=policies, report=report),
        full_name="rtcc.oversight.v1.OversightService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)

    async def close_channels() -> None:
        for channel in (report.camera_registry, report.recorder, report.lpr, report.cases):
            await channel.close()

    return BuiltServer(server=server, port=port, background=[writer.run], on_stop=[close_channels])
