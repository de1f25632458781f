"""Access control wired into the app: credentials resolved before routing, approvals and keys
cached, and every audit record sent to the oversight service."""

from __future__ import annotations

from fastapi import FastAPI

from rtcc_gateway.auth.audit_sink import oversight_audit_sink
from rtcc_gateway.auth.credentials import CredentialMiddleware
from rtcc_gateway.auth.policy_cache import PolicyCache
from rtcc_gateway.auth.token_cache import VerifiedTokens
from rtcc_gateway.playback_grants import FirstUse
from rtcc_gateway.settings import GatewaySettings


def install_access_control(app: FastAPI, settings: GatewaySettings) -> None:
    app.state.policy_cache = PolicyCache(
        lambda: app.state.backends.oversight, ttl_s=settings.policy_cache_s
    )
    app.state.verified_tokens = VerifiedTokens(app.state.token_key)
    app.state.audit_sink = oversight_audit_sink
    app.state.playback_grants = FirstUse()
    app.add_middleware(CredentialMiddleware)
