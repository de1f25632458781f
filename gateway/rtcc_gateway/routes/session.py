from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.deps import authenticate

router = APIRouter(prefix="/v1", tags=["session"])


@router.get("/me")
async def whoami(principal: Annotated[Principal, Depends(authenticate)]) -> dict[str, str | None]:
    """The caller as the gateway sees it: subject, role and agency."""
    return {"subject": principal.subject, "role": principal.role, "agency": principal.agency}
