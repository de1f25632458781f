"""What routes depend on: the backends, the caller (authenticated and authorized), the reason
for a sensitive query, and the audit trail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

import grpc
from fastapi import Depends, HTTPException, Query, Request

from rtcc_common.logging import get_logger
from rtcc_gateway.auth.permissions import in_scopes, is_allowed, technologies_needed
from rtcc_gateway.auth.tokens import InvalidToken, Principal
from rtcc_gateway.clients import Backends

log = get_logger(__name__)


# Dependencies are `async def` although they do not await: FastAPI runs a plain `def` dependency
# in a worker thread, and that hop costs more than the work on every request.


async def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


async def authenticate(request: Request) -> Principal:
    """The caller: an API key or login session resolved by the credential middleware, or a token
    signed with the gateway's key."""
    error = getattr(request.state, "credential_error", None)
    if error is not None:
        raise HTTPException(error.status, error.message, headers={"WWW-Authenticate": "Bearer"})
    resolved: Principal | None = getattr(request.state, "principal", None)
    if resolved is not None:
        return resolved
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    try:
        principal = request.app.state.verified_tokens.verify(token.strip())
    except InvalidToken as exc:
        raise HTTPException(
            401, f"invalid token: {exc}", headers={"WWW-Authenticate": "Bearer"}
        ) from exc
    request.state.principal = principal
    return principal


def authorize(action: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets the call through only if the caller's role (and API key's scopes)
    allow `action`, and the council has approved every technology the action uses. A refusal is
    audited."""

    async def check(
        request: Request, principal: Annotated[Principal, Depends(authenticate)]
    ) -> Principal:
        if not is_allowed(principal.role, action):
            await _refuse(request, action, f"role '{principal.role}' may not {action}")
        if not in_scopes(principal.scopes, action):
            await _refuse(request, action, f"this API key's scopes do not include {action}")
        missing = await _missing_approval(request, principal.role, action)
        if missing:
            await _refuse(request, action, missing)
        request.state.action = action
        return principal

    return check


async def _missing_approval(request: Request, role: str, action: str) -> str | None:
    needed = technologies_needed(role, action)
    if not needed:
        return None
    try:
        technologies = await request.app.state.policy_cache.technologies()
    except grpc.aio.AioRpcError as exc:
        log.warning("approvals_unavailable", action=action, code=exc.code().name)
        raise HTTPException(
            503, f"cannot confirm the approval of {', '.join(needed)}: oversight is unavailable"
        ) from exc
    for key in needed:
        tech = technologies.get(key)
        status = tech.status if tech is not None else "unknown"
        if status != "approved":
            return (
                f"technology '{key}' is not approved (status: {status}); "
                f"{action} needs the council's approval of '{key}'"
            )
    return None


async def _refuse(request: Request, action: str, message: str) -> None:
    await Auditor(request).record(
        AuditEntry(action=action, result="denied", query={"refusal": message})
    )
    raise HTTPException(403, message)


@dataclass(frozen=True)
class Purpose:
    """Why a sensitive query is made; required by policy for plates, look-back and exports."""

    reason: str
    case_number: str | None


async def require_reason(
    request: Request,
    reason: Annotated[str | None, Query(max_length=500)] = None,
    case_number: Annotated[str | None, Query(max_length=64)] = None,
) -> Purpose:
    """Declared after the route's `authorize` dependency, so that a query refused for want of a
    reason is audited under the action the caller was allowed to attempt."""
    if reason is None or not reason.strip():
        message = "a reason is required for this query (?reason=...)"
        await Auditor(request).record(
            AuditEntry(action=request.state.action, result="denied", query={"refusal": message})
        )
        raise HTTPException(400, message)
    return Purpose(reason=reason.strip(), case_number=case_number)


@dataclass
class AuditEntry:
    action: str
    result: str
    object_ids: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    case_number: str | None = None


AuditSink = Callable[[Request, Principal | None, AuditEntry], Awaitable[None]]


class Auditor:
    """Writes one audit record per access; bound to the request and its caller."""

    def __init__(self, request: Request) -> None:
        self._request = request
        self._sink: AuditSink = request.app.state.audit_sink

    async def record(self, entry: AuditEntry) -> None:
        principal = getattr(self._request.state, "principal", None)
        await self._sink(self._request, principal, entry)


async def get_auditor(request: Request) -> Auditor:
    return Auditor(request)
