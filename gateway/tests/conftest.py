"""Every gateway test runs against a real oversight service: the gateway writes its audit
records there and asks it which technologies the council approved. Tests that are not about
oversight get one shared instance with every technology approved; oversight tests start their
own and name it in their settings."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from rtcc_camera_registry.testing import running_registry
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.main import create_app, server_config
from rtcc_gateway.settings import GatewaySettings
from rtcc_oversight.settings import Settings as OversightSettings
from rtcc_oversight.testing import ALL_TECHNOLOGIES, Oversight, running_oversight

OVERSIGHT_ADDR_ENV = "RTCC_GATEWAY_OVERSIGHT_ADDR"
BACKENDS = ("camera_registry", "recorder", "lpr", "cases")


@pytest.fixture(scope="session", autouse=True)
async def shared_oversight(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Oversight]:
    folder: Path = tmp_path_factory.mktemp("oversight")
    settings = OversightSettings(
        database_url=f"sqlite+aiosqlite:///{folder / 'oversight.sqlite'}", data_dir=folder
    )
    async with running_oversight(settings, approved=ALL_TECHNOLOGIES) as oversight:
        before = os.environ.get(OVERSIGHT_ADDR_ENV)
        os.environ[OVERSIGHT_ADDR_ENV] = oversight.address
        try:
            yield oversight
        finally:
            if before is None:
                os.environ.pop(OVERSIGHT_ADDR_ENV, None)
            else:
                os.environ[OVERSIGHT_ADDR_ENV] = before


RoleClient = Callable[[str], httpx.AsyncClient]


@pytest.fixture
async def registry_gateway(database_url: str, data_dir: Path) -> AsyncIterator[RoleClient]:
    """Clients of one gateway in front of a real camera registry, each with a token for the role
    asked ("" for none)."""
    async with running_registry(database_url, data_dir) as registry:
        settings = GatewaySettings(data_dir=data_dir, camera_registry_addr=registry.address)
        app = create_app(settings)
        assert settings.token_key_file is not None
        key = load_or_create_signing_key(settings.token_key_file)
        opened: list[httpx.AsyncClient] = []

        def make(role: str) -> httpx.AsyncClient:
            headers = {"authorization": f"Bearer {issue_token(key, role=role, subject=f'{role}1')}"}
            http = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://gateway",
                headers=headers if role else {},
                timeout=30,
            )
            opened.append(http)
            return http

        async with app.router.lifespan_context(app):
            yield make
            for http in opened:
                await http.aclose()


DEAD = "127.0.0.1:9"  # nothing listens here: a backend that is down


@dataclass
class GatewayUnderTest:
    """A real gateway (uvicorn) in front of its own oversight service."""

    url: str
    key: bytes
    oversight: Oversight
    app: FastAPI

    def client(
        self, role: str | None = None, subject: str = "user1", agency: str | None = None
    ) -> httpx.AsyncClient:
        headers = {}
        if role is not None:
            token = issue_token(self.key, role=role, subject=subject, agency=agency)
            headers["Authorization"] = f"Bearer {token}"
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=30)


@asynccontextmanager
async def serve_gateway(settings: GatewaySettings) -> AsyncIterator[tuple[str, FastAPI]]:
    app = create_app(settings)
    server = uvicorn.Server(server_config(app, settings, port=0))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "the gateway did not start"
            await asyncio.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=30)


GatewayFactory = Callable[..., AbstractAsyncContextManager[GatewayUnderTest]]


@pytest.fixture
def oversight_gateway(database_url: str, data_dir: Path) -> GatewayFactory:
    """Starts an oversight service (fresh database) and a gateway in front of it; the other
    backends are down unless named."""

    @asynccontextmanager
    async def start(
        approved: tuple[str, ...] = ALL_TECHNOLOGIES,
        oversight_settings: dict[str, Any] | None = None,
        **gateway_settings: Any,
    ) -> AsyncIterator[GatewayUnderTest]:
        settings = OversightSettings(
            database_url=database_url, data_dir=data_dir, **(oversight_settings or {})
        )
        async with running_oversight(settings, approved=approved) as oversight:
            addresses = {f"{name}_addr": DEAD for name in BACKENDS}
            gateway = GatewaySettings(
                data_dir=data_dir,
                **{**addresses, "oversight_addr": oversight.address, **gateway_settings},
            )
            async with serve_gateway(gateway) as (url, app):
                assert gateway.token_key_file is not None
                key = load_or_create_signing_key(gateway.token_key_file)
                yield GatewayUnderTest(url=url, key=key, oversight=oversight, app=app)

    return start
