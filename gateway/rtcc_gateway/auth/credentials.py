"""Resolves API keys and login sessions before routing.

Both need the oversight service (a key's record, a session's idle time), which is a network call;
this middleware makes it once per request so that `authenticate` stays a plain function that
reads the outcome. Tokens signed with the gateway's key are verified here too (once per token,
remembered until it expires: see token_cache), and those issued at login also have their session
checked on every request; `rtcc token` tokens carry no session.
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
    api_key = headers.get(b"x-api-key", b"").decode("latin-1").strip()
    if api_key:
        return api_key
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def resolve(cache: PolicyCache, tokens: VerifiedTokens, secret: str) -> Principal | None:
    """The caller behind an API key or a token; None for a token that does not verify (then
    `authenticate` says why)."""
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
        except InvalidToken:
            return None  # `authenticate` says why
        if principal.session_id and not await cache.session_active(principal.session_id):
            raise CredentialError(401, "the session has ended or expired; sign in again")
        return principal
    except grpc.aio.AioRpcError as exc:
        raise CredentialError(503, "the oversight service is unavailable") from exc


class CredentialMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            secret = presented_secret(dict(scope["headers"]))
            if secret:
                state = scope.setdefault("state", {})
                app_state = scope["app"].state
                try:
                    resolved = await resolve(
                        app_state.policy_cache, app_state.verified_tokens, secret
                    )
                except CredentialError as error:
                    state["credential_error"] = error
                else:
                    if resolved is not None:
                        state["principal"] = resolved
        await self.app(scope, receive, send)
