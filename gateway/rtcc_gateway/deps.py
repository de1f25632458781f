"""What routes depend on: the backends, and `policy(action)`: the one dependency that
authenticates the caller, applies the action's row of the policy table and writes the audit
record of the call.

A route declares `call: Annotated[Call, policy("exports.create")]` and does its work; it may add
to `call.object_ids`, `call.query` and set `call.result`, and nothing else about access. The
record is written once the route has finished (or failed), before the response is sent, so an
access whose record cannot be stored is refused rather than served.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import grpc
from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError

from rtcc_common.logging import get_logger
from rtcc_gateway.auth.policy import (
    Audit,
    CaseRule,
    Rule,
    in_scopes,
    rule_for,
    technologies_needed,
    unapproved,
)
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends

log = get_logger(__name__)

MAX_REASON = 500
MAX_CASE_NUMBER = 64

# Dependencies are `async def` although some do not await: FastAPI runs a plain `def`
# dependency in a worker thread, and that hop costs more than the work on every request.


async def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


def _unauthenticated(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


async def authenticate(request: Request) -> Principal:
    """The caller, as the credential middleware resolved the request's one credential."""
    error = getattr(request.state, "credential_error", None)
    if error is not None:
        if error.status == 401:
            raise _unauthenticated(error.message)
        raise HTTPException(error.status, error.message)
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        raise _unauthenticated("a bearer token or an API key is required")
    return principal


@dataclass
class AuditEntry:
    action: str
    result: str
    object_ids: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    case_number: str | None = None
    technology: str | None = None


AuditSink = Callable[[Request, Principal | None, AuditEntry], Awaitable[None]]


@dataclass
class Call:
    """One request under the policy: who, why, and what its audit record will say."""

    action: str
    principal: Principal | None = None
    reason: str | None = None
    case_number: str | None = None
    object_ids: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    result: str = "ok"
    # Undone if the call's record cannot be stored (a live session the trail does not know of
    # must not go on).
    undo: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def caller(self) -> Principal:
        """The authenticated caller (every action but the public ones has one)."""
        assert self.principal is not None, f"{self.action} is public: it has no caller"
        return self.principal


class Refused(HTTPException):
    """A refusal by the policy itself (role, scope, approval, reason), audited as `denied`."""


def policy(action: str) -> Any:
    """The dependency for `action`: `call: Annotated[Call, policy("...")]`."""
    rule = rule_for(action)

    async def enforce(request: Request) -> AsyncIterator[Call]:
        call = Call(action=action)
        request.state.call = call
        try:
            if rule.public:
                # A public action grants nothing: a credential that does not verify is ignored.
                call.principal = getattr(request.state, "principal", None)
            else:
                call.principal = await authenticate(request)
            await _admit(request, rule, call)
            yield call
        except HTTPException as exc:
            if exc.status_code == 401 and not rule.public:
                raise  # nobody to attribute; logged, not written into the trail
            if isinstance(exc, Refused):
                call.result = "denied"
                call.query["refusal"] = exc.detail
            elif call.result == "ok":  # a route may say why it refused (e.g. "locked")
                call.result = f"failed: {exc.status_code}"
            await _write(request, rule, call)
            raise
        except grpc.aio.AioRpcError as exc:
            call.result = f"failed: {exc.code().name.lower()}"
            await _write(request, rule, call)
            raise
        except RequestValidationError:
            call.result = "failed: invalid_request"
            await _write(request, rule, call)
            raise
        except Exception:
            call.result = "failed: internal"
            await _write(request, rule, call)
            raise
        else:
            if rule.audit is Audit.ALWAYS:
                try:
                    await _write(request, rule, call, fail_request=True)
                except HTTPException:
                    for step in call.undo:
                        await step()
                    raise

    enforce.action = action  # type: ignore[attr-defined]
    return Depends(enforce, scope="function")


async def _admit(request: Request, rule: Rule, call: Call) -> None:
    call.object_ids = [_object_id(k, v) for k, v in request.path_params.items()]
    body = await _json_body(request) if rule.reads_body else {}
    for name in rule.record:
        value = _param(request, body, name)
        if value not in (None, "", []):
            call.query[name] = value
    principal = call.principal
    if principal is not None and not rule.public:
        await admit_caller(request, principal, rule, call.action)
        for name, other in rule.also_when:
            if _param(request, body, name):
                await admit_caller(request, principal, rule_for(other), other)
    reason = _text(_param(request, body, "reason"), "reason", MAX_REASON)
    case_number = _text(_param(request, body, "case_number"), "case_number", MAX_CASE_NUMBER)
    call.reason, call.case_number = reason, case_number
    if rule.reason and not reason:
        raise Refused(400, f"a reason is required for {call.action} (reason=...)")
    needs_case = rule.case_number is CaseRule.ALWAYS or (
        rule.case_number is CaseRule.PARTNERS
        and principal is not None
        and principal.role == "partner"
    )
    if needs_case and not case_number:
        raise Refused(400, f"a case number is required for {call.action} (case_number=...)")


def _object_id(name: str, value: Any) -> str:
    """A path parameter as the audit record names it; a secret (an owner's one-time upload
    token) by a prefix of its hash, which identifies it without letting anyone use it."""
    if name == "token":
        return "token-sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:16]
    return str(value)


async def admit_caller(request: Request, principal: Principal, rule: Rule, action: str) -> None:
    if principal.role not in rule.roles:
        raise Refused(403, f"role '{principal.role}' may not {action}")
    if rule.scope and not (
        in_scopes(principal.scopes, rule.scope) or in_scopes(principal.scopes, action)
    ):
        raise Refused(403, f"this API key's scopes do not include {rule.scope}")
    missing = await _missing_approval(request, principal.role, rule, action)
    if missing:
        raise Refused(403, missing)


async def _json_body(request: Request) -> dict[str, Any]:
    if request.method in ("GET", "HEAD", "DELETE"):
        return {}
    if "json" not in request.headers.get("content-type", ""):
        return {}
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _param(request: Request, body: dict[str, Any], name: str) -> Any:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        return values
    if values:
        return values[0]
    return body.get(name)


def _text(value: Any, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise HTTPException(400, f"{name} must be text")
    if len(value) > limit:
        raise HTTPException(400, f"{name} is longer than {limit} characters")
    return value.strip() or None


async def _missing_approval(request: Request, role: str, rule: Rule, action: str) -> str | None:
    needed = technologies_needed(role, rule)
    if not needed:
        return None
    try:
        technologies = await request.app.state.policy_cache.technologies()
    except grpc.aio.AioRpcError as exc:
        log.warning("approvals_unavailable", action=action, code=exc.code().name)
        raise HTTPException(
            503, f"cannot confirm the approval of {', '.join(needed)}: oversight is unavailable"
        ) from exc
    return unapproved(technologies, role, rule, action)


async def _write(request: Request, rule: Rule, call: Call, *, fail_request: bool = False) -> None:
    if rule.audit is Audit.NEVER:
        return
    entry = AuditEntry(
        action=call.action,
        result=call.result,
        object_ids=call.object_ids,
        query=call.query,
        reason=call.reason,
        case_number=call.case_number,
        technology=rule.technology,
    )
    sink: AuditSink = request.app.state.audit_sink
    try:
        await sink(request, call.principal, entry)
    except HTTPException:
        if fail_request:
            raise
        # The call already failed; its own error is what the caller must see.
        log.error("audit_record_of_failed_call_not_stored", action=call.action)


async def audit_event(request: Request, principal: Principal | None, entry: AuditEntry) -> None:
    """A record for what happens after the call (a live session ending, a stream closed)."""
    sink: AuditSink = request.app.state.audit_sink
    await sink(request, principal, entry)
