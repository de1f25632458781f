from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from rtcc_gateway.auth.policy import POLICY
from rtcc_gateway.deps import Call, policy

router = APIRouter(prefix="/v1", tags=["session"])


@router.get("/me")
async def whoami(call: Annotated[Call, policy("session.me")]) -> dict[str, Any]:
    """The caller as the gateway sees it: subject, role and agency, and the actions its role's
    rows allow (`may`), so that a client offers only what the gateway would let it do."""
    principal = call.caller
    return {
        "subject": principal.subject,
        "role": principal.role,
        "agency": principal.agency,
        "may": sorted(action for action, rule in POLICY.items() if principal.role in rule.roles),
    }
