"""Resolves API keys and login sessions before routing.

Exactly one credential per request. Both kinds need the oversight service (a key's record, a
session's idle time), which is a network call; this middleware makes it once per request so that
`authenticate` stays a plain function that reads the outcome. Tokens signed with the gateway's
key are verified here too (once per token, remembered until it expires: see token_cache), and
those issued at login also have their session checked on every request; `rtcc token` tokens
carry no session.
"""

from __future__ import annotations

import grpc
from starlette.types import ASGIApp, Receive, Scope, Send

from rtcc_gateway.auth.policy_cache import PolicyCache
from rtcc_gateway.auth.token_cache import VerifiedTokens
from rtcc_gateway.auth.tokens import InvalidToken, Principal

API_KEY_PREFIX = "rtcc_"


class CredentialError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def presented_secret(headers: dict[bytes, bytes]) -> str:
    """The request's one credential: an API key (`X-API-Key`, or `Authorization: Bearer rtcc_...`)
    or a signed token. Two credentials, or one that is malformed, are refused, never weighed
    against each other: a request is checked as exactly one caller."""
    api_key_header = headers.get(b"x-api-key")
    authorization = headers.get(b"authorization")
    if api_key_header is not None and authorization is not None:
        raise CredentialError(401, "send exactly one credential: X-API-Key or Authorization")
    if api_key_header is not None:
        key = api_key_header.decode("latin-1").strip()
        if not key.startswith(API_KEY_PREFIX):
            raise CredentialError(401, "malformed API key")
        return key
    if authorization is None:
        return ""
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise CredentialError(401, "the Authorization header must be 'Bearer <token>'")
    return token.strip()


async def resolve(cache: PolicyCache, tokens: VerifiedTokens, secret: str) -> Principal:
    """The caller behind an API key or a token, each checked completely: a key must be known,
    unexpired and unrevoked; a token must verify, and a token issued at login must belong to a
    session that is still active (not logged out, idle-expired, or of a disabled user)."""
    try:
        if secret.startswith(API_KEY_PREFIX):
            grant = await cache.api_key(secret)
            if grant is None:
                raise CredentialError(401, "unknown, expired or revoked API key")
            return Principal(
                subject=f"key:{grant.name}",
                role=grant.role,
                agency=grant.agency,
                token_id=grant.key_id,
                scopes=grant.scopes,
            )
        try:
            principal = tokens.verify(secret)
        except InvalidToken as exc:
            raise CredentialError(401, f"invalid token: {exc}") from exc
        if principal.session_id and not await cache.session_active(principal.session_id):
            raise CredentialError(401, "the session has ended or expired; sign in again")
        return principal
    except grpc.aio.AioRpcError as exc:
        raise CredentialError(503, "the oversight service is unavailable") from exc


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """Headers by name; a credential header sent twice counts as two credentials."""
    seen: dict[bytes, bytes] = {}
    for name, value in raw:
        if name in (b"x-api-key", b"authorization") and name in seen:
            raise CredentialError(401, "send exactly one credential")
        seen[name] = value
    return seen


class CredentialMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            try:
                secret = presented_secret(_headers(scope["headers"]))
                if secret:
                    app_state = scope["app"].state
                    state["principal"] = await resolve(
                        app_state.policy_cache, app_state.verified_tokens, secret
                    )
            except CredentialError as error:
                state["credential_error"] = error
        await self.app(scope, receive, send)
