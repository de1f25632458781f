from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from rtcc_gateway.deps import Call, policy

router = APIRouter(prefix="/v1", tags=["session"])


@router.get("/me")
async def whoami(call: Annotated[Call, policy("session.me")]) -> dict[str, str | None]:
    """The caller as the gateway sees it: subject, role and agency."""
    principal = call.caller
    return {"subject": principal.subject, "role": principal.role, "agency": principal.agency}
