"""The gateway's foundation: tokens, the error table, deadlines and readiness."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import jwt
import pytest
from fastapi import FastAPI

from rtcc_gateway.auth.tokens import (
    InvalidToken,
    issue_token,
    load_or_create_signing_key,
    verify_token_until,
)
from rtcc_gateway.errors import GRPC_TO_HTTP
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings


def test_token_round_trip_and_refusals(tmp_path: Path) -> None:
    key = load_or_create_signing_key(tmp_path / "k")
    assert load_or_create_signing_key(tmp_path / "k") == key
    assert (tmp_path / "k").stat().st_mode & 0o777 == 0o600
    token = issue_token(key, role="analyst", subject="ana", agency="CPD")
    principal, _ = verify_token_until(key, token)
    assert (principal.role, principal.subject, principal.agency) == ("analyst", "ana", "CPD")
    with pytest.raises(InvalidToken):
        verify_token_until(b"k" * 64, issue_token(key, role="analyst", subject="ana"))
    with pytest.raises(InvalidToken):
        verify_token_until(key, issue_token(key, role="analyst", subject="ana", ttl_s=-10))
    no_role = jwt.encode(
        {"iss": "open-rtcc", "sub": "x", "exp": int(time.time()) + 60}, key, algorithm="HS256"
    )
    with pytest.raises(InvalidToken, match="no role"):
        verify_token_until(key, no_role)


def test_error_table_matches_the_design() -> None:
    assert GRPC_TO_HTTP[grpc.StatusCode.INVALID_ARGUMENT] == 400
    assert GRPC_TO_HTTP[grpc.StatusCode.FAILED_PRECONDITION] == 400
    assert GRPC_TO_HTTP[grpc.StatusCode.UNAUTHENTICATED] == 401
    assert GRPC_TO_HTTP[grpc.StatusCode.PERMISSION_DENIED] == 403
    assert GRPC_TO_HTTP[grpc.StatusCode.NOT_FOUND] == 404
    assert GRPC_TO_HTTP[grpc.StatusCode.ALREADY_EXISTS] == 409
    assert GRPC_TO_HTTP[grpc.StatusCode.RESOURCE_EXHAUSTED] == 429
    assert GRPC_TO_HTTP[grpc.StatusCode.UNAVAILABLE] == 503
    assert GRPC_TO_HTTP[grpc.StatusCode.DEADLINE_EXCEEDED] == 504


@pytest.fixture
async def app_with_no_backends(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    # Addresses where nothing listens: the gateway must answer 503 at once, not hang.
    dead = "127.0.0.1:9"
    settings = GatewaySettings(
        data_dir=tmp_path,
        camera_registry_addr=dead,
        recorder_addr=dead,
        lpr_addr=dead,
        cases_addr=dead,
        oversight_addr=dead,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            yield app, client


async def test_readyz_names_unavailable_backends(app_with_no_backends) -> None:
    _, client = app_with_no_backends
    reply = await client.get("/readyz")
    assert reply.status_code == 503
    assert reply.json()["backends"] == {
        "camera_registry": "unavailable",
        "recorder": "unavailable",
        "lpr": "unavailable",
        "cases": "unavailable",
        "oversight": "unavailable",
    }


async def test_request_id_is_echoed_or_made(app_with_no_backends) -> None:
    _, client = app_with_no_backends
    assert (await client.get("/healthz", headers={"X-Request-ID": "abc-1"})).headers[
        "x-request-id"
    ] == "abc-1"
    made = (await client.get("/healthz", headers={"X-Request-ID": "bad id\twith tab"})).headers
    assert made["x-request-id"] != "bad id\twith tab" and len(made["x-request-id"]) == 32


async def test_any_role_reads_itself_and_unknown_route_is_404(app_with_no_backends) -> None:
    app, client = app_with_no_backends
    token = issue_token(app.state.token_key, role="resident", subject="r1")
    reply = await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 200
    assert (await client.get("/v1/nowhere")).status_code == 404
