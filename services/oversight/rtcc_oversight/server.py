from __future__ import annotations

import asyncio

import grpc

from rtcc.oversight.v1 import oversight_pb2_grpc
from rtcc_common.grpc_server import ServicerBinding, build_grpc_server
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import BuiltServer, Database
from rtcc_oversight.audit import AuditWriter
from rtcc_oversight.audit_anchor import AuditAnchor, CheckpointLog, load_audit_key
from rtcc_oversight.audit_watch import AuditWatch
from rtcc_oversight.identity import SessionPolicy
from rtcc_oversight.login import LoginPolicy, forget_old_failures
from rtcc_oversight.login_throttle import LoginThrottle
from rtcc_oversight.passwords import PasswordHasher
from rtcc_oversight.report import ReportChannels
from rtcc_oversight.sealed import SecretBox
from rtcc_oversight.servicer import OversightServicer, Policies
from rtcc_oversight.settings import Settings

log = get_logger(__name__)


def build_anchor(settings: Settings) -> AuditAnchor:
    assert settings.audit_key_file is not None and settings.audit_checkpoint_file is not None
    key, _ = load_audit_key(
        key=settings.audit_key,
        key_file=settings.audit_key_file,
        create=settings.environment == "development",
    )
    return AuditAnchor(
        key=key,
        checkpoints=CheckpointLog(settings.audit_checkpoint_file, key),
        checkpoint_interval_s=settings.audit_checkpoint_interval_s,
        checkpoint_every=settings.audit_checkpoint_every,
    )


def build_login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        max_failed=settings.max_failed_logins,
        account_max_failed=settings.account_max_failed_logins,
        window_s=settings.login_failure_window_s,
        lockout_s=settings.lockout_s,
        box=SecretBox(settings.secrets_key),
        hasher=PasswordHasher(workers=settings.login_hash_workers),
        throttle=LoginThrottle(
            burst=settings.login_throttle_burst, refill_s=settings.login_throttle_refill_s
        ),
    )


def build_server(settings: Settings, db: Database) -> BuiltServer:
    anchor = build_anchor(settings)
    writer = AuditWriter(db, anchor)
    # The report's channels connect lazily: the service serves everything else without them.
    report = ReportChannels(
        camera_registry=grpc.aio.insecure_channel(settings.camera_registry_addr),
        recorder=grpc.aio.insecure_channel(settings.recorder_addr),
        lpr=grpc.aio.insecure_channel(settings.lpr_addr),
        cases=grpc.aio.insecure_channel(settings.cases_addr),
        deadline_s=settings.report_call_deadline_s,
    )
    login = build_login_policy(settings)
    policies = Policies(
        login=login,
        session=SessionPolicy(idle_s=settings.session_idle_s, max_s=settings.session_max_s),
        totp_issuer=settings.totp_issuer,
    )
    watch = AuditWatch(
        db=db, anchor=anchor, writer=writer, interval_s=settings.audit_verify_interval_s
    )
    servicer = OversightServicer(
        db=db, writer=writer, watch=watch, policies=policies, report=report
    )
    binding = ServicerBinding(
        add_to_server=oversight_pb2_grpc.add_OversightServiceServicer_to_server,
        servicer=servicer,
        full_name="rtcc.oversight.v1.OversightService",
    )
    server, port = build_grpc_server([binding], host=settings.grpc_host, port=settings.grpc_port)
    watch.report_to(server.health_servicer)  # type: ignore[attr-defined]

    async def login_housekeeping() -> None:
        while True:
            await asyncio.sleep(settings.login_failure_window_s)
            try:
                await forget_old_failures(
                    sessions=db.sessions, window_s=settings.login_failure_window_s
                )
            except Exception:
                log.error("login_housekeeping_failed", exc_info=True)

    async def close() -> None:
        for channel in (report.camera_registry, report.recorder, report.lpr, report.cases):
            await channel.close()
        login.hasher.close()

    return BuiltServer(
        server=server,
        port=port,
        background=[writer.run, writer.run_checkpoints, watch.run, login_housekeeping],
        on_stop=[close],
    )
