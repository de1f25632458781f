"""Releasing held footage over REST takes two people, with the real cases service and the real
recorder behind the gateway; with the recorder gone, a release is refused and nothing changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx
import pytest

from rtcc.recorder.v1 import recorder_pb2 as recorder_pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cases.server import build_server as build_cases
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_common.db import is_sqlite
from rtcc_common.testing import RunningService, running_service
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings
from rtcc_recorder.server import build_server as build_recorder
from rtcc_recorder.testing import recorder_test_settings

SERVICES = Path(__file__).parents[2] / "services"
CASES_MIGRATIONS = SERVICES / "cases" / "rtcc_cases" / "migrations"
RECORDER_MIGRATIONS = SERVICES / "recorder" / "rtcc_recorder" / "migrations"
DEAD = "127.0.0.1:9"


@dataclass
class Stack:
    client: httpx.AsyncClient
    key: bytes
    recorder: RunningService
    exits: AsyncExitStack

    def as_(self, role: str, subject: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(self.key, role=role, subject=subject)}"}

    async def recorder_holds(self, case_id: str) -> list[recorder_pb.Hold]:
        async with grpc.aio.insecure_channel(self.recorder.address) as channel:
            reply = await recorder_pb2_grpc.RecorderServiceStub(channel).ListHolds(
                recorder_pb.ListHoldsRequest(case_id=case_id)
            )
        return list(reply.holds)


def _own_database(database_url: str, data_dir: Path, service: str) -> str:
    if is_sqlite(database_url):
        return f"sqlite+aiosqlite:///{data_dir / f'{service}.sqlite'}"
    return database_url


@pytest.fixture
async def stack(database_url: str, tmp_path: Path) -> AsyncIterator[Stack]:
    async with AsyncExitStack() as exits:
        recorder_settings = recorder_test_settings(
            data_dir=tmp_path / "recorder",
            database_url=_own_database(database_url, tmp_path, "recorder"),
            registry_addr=DEAD,
        )
        recorder = await exits.enter_async_context(
            running_service(recorder_settings, build_recorder, migrations_dir=RECORDER_MIGRATIONS)
        )
        cases_settings = CasesSettings(
            database_url=_own_database(database_url, tmp_path, "cases"),
            data_dir=tmp_path / "cases",
            recorder_addr=recorder.address,
        )
        cases = await exits.enter_async_context(
            running_service(cases_settings, build_cases, migrations_dir=CASES_MIGRATIONS)
        )
        settings = GatewaySettings(
            data_dir=tmp_path / "gw",
            camera_registry_addr=DEAD,
            recorder_addr=recorder.address,
            lpr_addr=DEAD,
            cases_addr=cases.address,
        )
        app = create_app(settings)
        await exits.enter_async_context(app.router.lifespan_context(app))
        client = await exits.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")
        )
        assert settings.token_key_file is not None
        key = load_or_create_signing_key(settings.token_key_file)
        yield Stack(client=client, key=key, recorder=recorder, exits=exits)


async def _case_with_held_footage(stack: Stack, number: str) -> tuple[str, dict[str, object]]:
    detective = stack.as_("detective", "dan")
    case = await stack.client.post(
        "/v1/cases", json={"number": number, "offense": "shooting"}, headers=detective
    )
    case_id = case.json()["id"]
    attached = await stack.client.post(
        f"/v1/cases/{case_id}/evidence",
        json={
            "kind": "camera",
            "camera_id": "cam-12",
            "start": "2026-01-10T21:00:00Z",
            "end": "2026-01-10T21:20:00Z",
            "reason": "shots fired near the camera",
        },
        headers=detective,
    )
    assert attached.status_code == 201, attached.text
    hold = attached.json()["hold"]
    assert hold["status"] == "active"
    return case_id, hold


async def test_release_needs_a_request_and_another_supervisors_confirmation(stack: Stack) -> None:
    case_id, hold = await _case_with_held_footage(stack, "24-8001")
    gw = stack.client
    [in_recorder] = await stack.recorder_holds(case_id)
    assert in_recorder.id == hold["recorder_hold_id"]
    assert in_recorder.camera_id == "cam-12"

    not_requested = await gw.post(
        f"/v1/cases/{case_id}/holds/release/confirm",
        json={"reason": "no longer needed"},
        headers=stack.as_("supervisor", "sue"),
    )
    assert not_requested.status_code == 400

    requested = await gw.post(
        f"/v1/cases/{case_id}/holds/release",
        json={"reason": "footage shows nothing relevant"},
        headers=stack.as_("supervisor", "sam"),
    )
    assert requested.status_code == 200, requested.text
    assert [h["status"] for h in requested.json()] == ["release_requested"]

    for role, subject, status in [("analyst", "ana", 403), ("supervisor", "sam", 403)]:
        refused = await gw.post(
            f"/v1/cases/{case_id}/holds/release/confirm",
            json={"reason": "agreed"},
            headers=stack.as_(role, subject),
        )
        assert refused.status_code == status
    assert not (await stack.recorder_holds(case_id))[0].HasField("released_at")

    queue = await gw.get(
        "/v1/holds?status=release_requested", headers=stack.as_("supervisor", "sue")
    )
    assert [h["id"] for h in queue.json()] == [hold["id"]]
    confirmed = await gw.post(
        f"/v1/cases/{case_id}/holds/release/confirm",
        json={"reason": "agreed", "hold_ids": [hold["id"]]},
        headers=stack.as_("supervisor", "sue"),
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()[0]["released_by"] == "sue"
    assert (await stack.recorder_holds(case_id))[0].HasField("released_at")
    listed = await gw.get(f"/v1/cases/{case_id}/holds", headers=stack.as_("detective", "dan"))
    assert [h["status"] for h in listed.json()] == ["released"]


async def test_with_the_recorder_gone_a_release_is_refused_and_nothing_changes(
    stack: Stack,
) -> None:
    case_id, hold = await _case_with_held_footage(stack, "24-8002")
    gw = stack.client
    closed = await gw.patch(
        f"/v1/cases/{case_id}",
        json={"status": "closed", "reason": "closed by arrest"},
        headers=stack.as_("detective", "dan"),
    )
    assert [h["id"] for h in closed.json()["holds_pending_release"]] == [hold["id"]]
    await stack.recorder.built.server.stop(0)

    confirm = await gw.post(
        f"/v1/cases/{case_id}/holds/release/confirm",
        json={"reason": "case closed"},
        headers=stack.as_("supervisor", "sue"),
    )
    assert confirm.status_code == 503
    listed = await gw.get(f"/v1/cases/{case_id}/holds", headers=stack.as_("detective", "dan"))
    assert [h["status"] for h in listed.json()] == ["release_requested"]
    # What does not need the recorder goes on working.
    assert (await gw.get(f"/v1/cases/{case_id}", headers=stack.as_("detective", "dan"))).is_success
    report = await gw.get("/v1/reports/attribution", headers=stack.as_("auditor", "al"))
    assert report.status_code == 200
