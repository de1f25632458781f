"""Signing in (password and TOTP, short-lived token), signing out, and API keys."""

from __future__ import annotations

import math
import time
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request, Response
from pydantic import BaseModel, Field

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_gateway.auth.tokens import Principal, issue_token
from rtcc_gateway.convert.oversight import key_out
from rtcc_gateway.convert.times import to_epoch
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.metrics import count_login_refusal
from rtcc_gateway.params import BackendsDep

router = APIRouter(prefix="/v1/auth", tags=["auth"])


class LoginBody(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    totp: str = Field(min_length=6, max_length=8, pattern=r"^[0-9]+$")


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    role: str
    agency: str | None


# Unknown username, wrong password or code, and a locked account get one answer, so that it
# does not tell which usernames exist; the audit record keeps the true cause. A disabled account
# is named only to someone who gave its password and code.
INVALID_LOGIN = "invalid username, password or code"
_REFUSALS = {
    pb.AUTH_OUTCOME_BAD_CREDENTIALS: (401, "bad_credentials", INVALID_LOGIN),
    pb.AUTH_OUTCOME_UNKNOWN_USER: (401, "unknown_user", INVALID_LOGIN),
    pb.AUTH_OUTCOME_LOCKED: (401, "locked", INVALID_LOGIN),
    pb.AUTH_OUTCOME_DISABLED: (403, "disabled", "this account is disabled"),
}


@router.post("/login")
async def login(
    body: LoginBody,
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("auth.login")],
) -> TokenOut:
    """Password and a TOTP code give a short-lived token. Five failures from one address lock
    the account at that address for ten minutes (more, from several, lock it everywhere); an
    address with many failures is throttled (429) whatever username it tries."""
    reply = await backends.oversight.Authenticate(
        pb.AuthenticateRequest(
            username=body.username,
            password=body.password,
            totp=body.totp,
            source=request.client.host if request.client else "",
        )
    )
    user = reply.user
    call.principal = Principal(
        subject=body.username.strip().lower(),
        role=user.role,
        agency=user.agency or None,
        token_id="",
        session_id=reply.session_id or None,
    )
    if reply.outcome == pb.AUTH_OUTCOME_THROTTLED:
        wait_s = max(1, math.ceil(reply.retry_after))
        call.result = "throttled"
        count_login_refusal("throttled")
        raise HTTPException(
            429,
            f"too many failed sign-ins from this address; try again in {wait_s} s",
            headers={"Retry-After": str(wait_s)},
        )
    if reply.outcome != pb.AUTH_OUTCOME_OK:
        status, result, message = _REFUSALS.get(reply.outcome, (401, "refused", INVALID_LOGIN))
        call.result = result
        count_login_refusal(result)
        if reply.locked_until:
            call.query["locked_for_s"] = max(1, math.ceil(reply.locked_until - time.time()))
        raise HTTPException(status, message, headers={"WWW-Authenticate": "Bearer"})
    settings = request.app.state.settings
    token = issue_token(
        request.app.state.token_key,
        role=user.role,
        subject=user.username,
        agency=user.agency or None,
        ttl_s=settings.access_token_ttl_s,
        session_id=reply.session_id,
    )
    call.object_ids.append(user.id)
    return TokenOut(
        access_token=token,
        expires_in=settings.access_token_ttl_s,
        role=user.role,
        agency=user.agency or None,
    )


@router.post("/refresh")
async def refresh(
    request: Request,
    call: Annotated[Call, policy("auth.refresh")],
) -> TokenOut:
    """A new short-lived token for a login session that is still active: a person signs in once
    a shift, not every quarter hour. The session's idle and maximum lifetimes still apply (the
    credentials check has just touched it), so a client should renew only while its user is
    active."""
    principal = call.caller
    if not principal.session_id:
        raise HTTPException(400, "only a token from a password login can be renewed")
    settings = request.app.state.settings
    token = issue_token(
        request.app.state.token_key,
        role=principal.role,
        subject=principal.subject,
        agency=principal.agency,
        ttl_s=settings.access_token_ttl_s,
        session_id=principal.session_id,
    )
    return TokenOut(
        access_token=token,
        expires_in=settings.access_token_ttl_s,
        role=principal.role,
        agency=principal.agency,
    )


@router.post("/logout", status_code=204)
async def logout(
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("auth.logout")],
) -> Response:
    """Ends the login session: its tokens stop working at once on this gateway."""
    principal = call.caller
    if principal.session_id:
        await backends.oversight.EndSession(pb.EndSessionRequest(session_id=principal.session_id))
        request.app.state.policy_cache.forget_session(principal.session_id)
    return Response(status_code=204)


class ApiKeyBody(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    role: str = Field(min_length=1, max_length=32)
    agency: str = Field(default="", max_length=64)
    scopes: list[str] = Field(default_factory=list, max_length=100)
    expires_at: datetime | None = None


@router.post("/api-keys", status_code=201)
async def create_api_key(
    body: ApiKeyBody, backends: BackendsDep, call: Annotated[Call, policy("apikeys.create")]
) -> dict[str, Any]:
    """A key for a device, integrator or partner agency; the secret is shown once."""
    reply = await backends.oversight.CreateApiKey(
        pb.CreateApiKeyRequest(
            name=body.name,
            role=body.role,
            agency=body.agency,
            scopes=body.scopes,
            created_by=call.caller.subject,
            expires_at=to_epoch(body.expires_at),
        )
    )
    call.object_ids.append(reply.key.id)
    call.result = "created"
    return {**key_out(reply.key), "secret": reply.secret}


@router.get("/api-keys")
async def list_api_keys(
    backends: BackendsDep, call: Annotated[Call, policy("apikeys.list")]
) -> list[dict[str, Any]]:
    reply = await backends.oversight.ListApiKeys(pb.ListApiKeysRequest())
    return [key_out(k) for k in reply.keys]


@router.delete("/api-keys/{key_id}")
async def revoke_api_key(
    key_id: Annotated[str, Path(max_length=64)],
    backends: BackendsDep,
    call: Annotated[Call, policy("apikeys.revoke")],
) -> dict[str, Any]:
    """Revoked at once in the oversight service; gateways stop honouring it within seconds."""
    reply = await backends.oversight.RevokeApiKey(pb.RevokeApiKeyRequest(id=key_id))
    call.result = "revoked"
    return key_out(reply)
