"""Verification on a schedule: a broken chain is logged as an error and shown in the service's
health under its own name, which the gateway's /readyz reports as `audit_chain: broken`."""

from __future__ import annotations

import asyncio
import time

from grpc_health.v1 import health, health_pb2

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_oversight.audit import AuditWriter
from rtcc_oversight.audit_anchor import AuditAnchor
from rtcc_oversight.audit_verify import Verification, verify_chain

log = get_logger(__name__)

# The health service's name for the chain: SERVING while intact, NOT_SERVING once broken.
AUDIT_CHAIN_HEALTH = "rtcc.oversight.v1.AuditChain"
_SERVING = health_pb2.HealthCheckResponse.SERVING
_NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class AuditWatch:
    def __init__(
        self,
        *,
        db: Database,
        anchor: AuditAnchor,
        writer: AuditWriter,
        interval_s: float,
    ) -> None:
        self._db = db
        self._anchor = anchor
        self._writer = writer
        self._health: health.aio.HealthServicer | None = None
        self._interval_s = interval_s
        self.last: Verification | None = None

    def report_to(self, health_servicer: health.aio.HealthServicer) -> None:
        """The server's health service, once the server is built."""
        self._health = health_servicer

    async def _set_health(self, status: health_pb2.HealthCheckResponse.ServingStatus) -> None:
        if self._health is not None:
            await self._health.set(AUDIT_CHAIN_HEALTH, status)

    async def verify(self) -> Verification:
        """One verification (scheduled or asked for); its verdict becomes the chain's health."""
        await self._writer.anchored.wait()
        # Records committed but not yet checkpointed are checkpointed first, so that a
        # verification vouches for everything written before it.
        await self._writer.checkpoint()
        started = time.perf_counter()
        result = await verify_chain(self._db, self._anchor)
        elapsed_s = round(time.perf_counter() - started, 3)
        was_intact = self.last is None or self.last.intact
        self.last = result
        if result.intact:
            await self._set_health(_SERVING)
            if not was_intact:
                log.warning("audit_chain_intact_again", records=result.checked)
            log.info("audit_chain_verified", records=result.checked, elapsed_s=elapsed_s)
        else:
            await self._set_health(_NOT_SERVING)
            log.error(
                "audit_chain_broken",
                first_bad_seq=result.first_bad_seq,
                problem=result.problem,
                records_checked=result.checked,
            )
        return result

    async def run(self) -> None:
        while True:
            try:
                await self.verify()
            except Exception:
                # A verification that could not run (database down) says nothing of the chain.
                log.error("audit_verification_failed", exc_info=True)
            await asyncio.sleep(self._interval_s)
