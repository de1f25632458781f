from __future__ import annotations

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc

from rtcc_gateway.clients import Backends
from rtcc_gateway.params import BackendsDep

router = APIRouter(tags=["health"])
# The oversight service's health entry for its scheduled verification of the audit chain.
AUDIT_CHAIN_HEALTH = "rtcc.oversight.v1.AuditChain"


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the gateway process answers."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, backends: BackendsDep) -> JSONResponse:
    """Readiness: every backend answers its health check; names the ones that do not. An audit
    chain that its last verification found broken makes the suite not ready too: accesses are
    still served and recorded, but the trail they go into can no longer be trusted, and that
    needs a person."""
    timeout_s = request.app.state.settings.readiness_timeout_s
    checks = await backends.readiness(timeout_s)
    # A service shutting down marks every name NOT_SERVING: that says nothing of the chain.
    chain = await _audit_chain(backends, timeout_s) if checks.get("oversight") else "unknown"
    ready = all(checks.values()) and chain != "broken"
    body = {
        "status": "ready" if ready else "not_ready",
        "backends": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        "audit_chain": chain,
    }
    return JSONResponse(body, status_code=200 if ready else 503)


async def _audit_chain(backends: Backends, timeout_s: float) -> str:
    """intact, broken, or unknown (not verified yet, or oversight unreachable)."""
    stub = health_pb2_grpc.HealthStub(backends.channels["oversight"])
    try:
        reply = await stub.Check(
            health_pb2.HealthCheckRequest(service=AUDIT_CHAIN_HEALTH), timeout=timeout_s
        )
    except grpc.aio.AioRpcError:
        return "unknown"
    if reply.status == health_pb2.HealthCheckResponse.SERVING:
        return "intact"
    if reply.status == health_pb2.HealthCheckResponse.NOT_SERVING:
        return "broken"
    return "unknown"
