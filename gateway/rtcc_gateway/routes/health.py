from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import get_backends

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the gateway process answers."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(
    request: Request, backends: Annotated[Backends, Depends(get_backends)]
) -> JSONResponse:
    """Readiness: every backend answers its health check; names the ones that do not."""
    checks = await backends.readiness(request.app.state.settings.readiness_timeout_s)
    ready = all(checks.values())
    body = {
        "status": "ready" if ready else "not_ready",
        "backends": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
    }
    return JSONResponse(body, status_code=200 if ready else 503)
