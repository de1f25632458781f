"""An audit chain edited in its database shows at the gateway: once the oversight service's
scheduled verification finds it broken, /readyz says `audit_chain: broken` and is not ready.

Every backend address points at the oversight service here: /readyz asks each backend only
for its standard health, so the one real service stands in for all of them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import text

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_common.db import create_engine
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings
from rtcc_oversight.settings import Settings as OversightSettings
from rtcc_oversight.testing import running_oversight

BACKENDS = ("camera_registry", "recorder", "lpr", "cases", "oversight")


async def _readiness_until(client: httpx.AsyncClient, chain: str) -> httpx.Response:
    reply = await client.get("/readyz")
    for _ in range(60):
        if reply.json().get("audit_chain") == chain:
            return reply
        await asyncio.sleep(0.1)
        reply = await client.get("/readyz")
    raise AssertionError(f"/readyz never said audit_chain {chain}: {reply.json()}")


async def test_readiness_says_when_the_audit_chain_is_broken(
    database_url: str, data_dir: Path
) -> None:
    settings = OversightSettings(
        database_url=database_url, data_dir=data_dir, audit_verify_interval_s=0.2
    )
    async with running_oversight(settings) as oversight:
        for n in range(5):
            record = pb.AuditRecord(action="cameras.read", result="ok", request_id=str(n))
            await oversight.stub.AppendAudit(pb.AppendAuditRequest(record=record))
        gateway = GatewaySettings(
            data_dir=data_dir, **{f"{name}_addr": oversight.address for name in BACKENDS}
        )
        app = create_app(gateway)
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
                ready = await _readiness_until(client, "intact")
                assert ready.status_code == 200 and ready.json()["status"] == "ready"

                engine = create_engine(database_url, schema="oversight")
                async with engine.begin() as conn:
                    await conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
                await engine.dispose()

                broken = await _readiness_until(client, "broken")
                assert broken.status_code == 503 and broken.json()["status"] == "not_ready"
                assert set(broken.json()["backends"].values()) == {"ok"}
