"""The case routes through the real gateway and the real cases service (its recorder down)."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import Request

from rtcc_cases.server import build_server
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_common.testing import running_service
from rtcc_gateway.auth.tokens import Principal, issue_token, load_or_create_signing_key
from rtcc_gateway.deps import AuditEntry
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings

CASES_MIGRATIONS = Path(__file__).parents[2] / "services" / "cases" / "rtcc_cases" / "migrations"
DEAD = "127.0.0.1:9"
LAST_YEAR = datetime.now(UTC).year - 1


@dataclass
class Gateway:
    client: httpx.AsyncClient
    audit: list[tuple[str | None, AuditEntry]]
    key: bytes

    def as_(self, role: str, subject: str | None = None) -> dict[str, str]:
        token = issue_token(self.key, role=role, subject=subject or role, agency="CPD")
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def gateway(database_url: str, tmp_path: Path) -> AsyncIterator[Gateway]:
    cases_settings = CasesSettings(
        database_url=database_url, data_dir=tmp_path / "cases", recorder_addr=DEAD
    )
    async with running_service(
        cases_settings, build_server, migrations_dir=CASES_MIGRATIONS
    ) as cases:
        settings = GatewaySettings(
            data_dir=tmp_path / "gw",
            camera_registry_addr=DEAD,
            recorder_addr=DEAD,
            lpr_addr=DEAD,
            cases_addr=cases.address,
        )
        app = create_app(settings)
        audit: list[tuple[str | None, AuditEntry]] = []

        async def collect(request: Request, principal: Principal | None, entry: AuditEntry) -> None:
            audit.append((principal.subject if principal else None, entry))

        app.state.audit_sink = collect
        assert settings.token_key_file is not None
        key = load_or_create_signing_key(settings.token_key_file)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
                yield Gateway(client=client, audit=audit, key=key)


async def test_a_case_from_opening_to_outcome(gateway: Gateway) -> None:
    gw, detective = gateway.client, gateway.as_("detective", "dan")
    created = await gw.post(
        "/v1/cases",
        json={"number": "24-5001", "offense": "carjacking", "incident_at": "2024-03-01T22:15:00Z"},
        headers=detective,
    )
    assert created.status_code == 201, created.text
    case = created.json()
    assert (case["number"], case["status"], case["created_by"]) == ("24-5001", "open", "dan")
    assert case["incident_at"].startswith("2024-03-01T22:15:00")
    case_id = case["id"]

    fetched = await gw.get(f"/v1/cases/{case_id}", headers=gateway.as_("analyst"))
    assert fetched.json() == case
    listed = await gw.get("/v1/cases?offense=carjacking", headers=detective)
    assert [c["id"] for c in listed.json()["cases"]] == [case_id]

    attached = await gw.post(
        f"/v1/cases/{case_id}/evidence",
        json={"kind": "plate_read", "ref_id": "read-42", "reason": "suspect vehicle seen"},
        headers=detective,
    )
    assert attached.status_code == 201, attached.text
    evidence_id = attached.json()["evidence"]["id"]
    assert attached.json()["hold"] is None
    shared = await gw.post(
        f"/v1/cases/{case_id}/custody",
        json={
            "evidence_id": evidence_id,
            "action": "shared",
            "reason": "task force",
            "detail": "County Sheriff",
        },
        headers=gateway.as_("analyst", "ana"),
    )
    assert shared.status_code == 201, shared.text
    chain = await gw.get(f"/v1/cases/{case_id}/custody", headers=detective)
    assert [(e["action"], e["actor_subject"]) for e in chain.json()] == [
        ("attached", "dan"),
        ("shared", "ana"),
    ]

    outcome = await gw.post(
        f"/v1/cases/{case_id}/outcomes",
        json={
            "kind": "vehicle_recovery",
            "occurred_on": f"{LAST_YEAR}-05-02",
            "center_assisted": True,
            "assisted_by": ["plate_hit"],
            "plate": "ZX9 123",
        },
        headers=detective,
    )
    assert outcome.status_code == 201, outcome.text
    assert outcome.json()["plate"] == "ZX9123"
    closed = await gw.patch(
        f"/v1/cases/{case_id}",
        json={"status": "closed", "reason": "vehicle returned"},
        headers=detective,
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["case"]["status"] == "closed"
    assert closed.json()["holds_pending_release"] == []
    late = await gw.post(
        f"/v1/cases/{case_id}/outcomes",
        json={
            "kind": "arrest",
            "occurred_on": f"{LAST_YEAR}-05-03",
            "center_assisted": False,
            "charge": "possession of a stolen vehicle",
        },
        headers=detective,
    )
    assert late.status_code == 400
    assert "closed" in late.json()["detail"][0]["msg"]

    actions = [entry.action for _, entry in gateway.audit]
    assert actions == [
        "cases.create",
        "cases.read",
        "cases.list",
        "cases.evidence.attach",
        "cases.custody.add",
        "cases.custody.list",
        "cases.outcomes.add",
        "cases.update",
        "cases.outcomes.add",
    ]
    assert gateway.audit[0][1].object_ids == [case_id]
    assert gateway.audit[4][0] == "ana"
    assert gateway.audit[-1][1].result == "failed: failed_precondition"


async def test_the_attribution_report_in_json_and_csv(gateway: Gateway) -> None:
    gw, detective = gateway.client, gateway.as_("detective")
    outcomes: list[tuple[str, str, dict[str, Any]]] = [
        (
            "R-1",
            "robbery",
            {
                "kind": "arrest",
                "charge": "robbery",
                "arrest_count": 2,
                "assisted_by": ["live_view"],
            },
        ),
        (
            "S-1",
            "stolen_vehicle",
            {
                "kind": "vehicle_recovery",
                "plate": "ABC123",
                "assisted_by": ["plate_hit", "camera_canvass"],
            },
        ),
        (
            "S-2",
            "stolen_vehicle",
            {"kind": "vehicle_recovery", "vin": "1HGCM82633A004352", "assisted_by": []},
        ),
    ]
    for number, offense, outcome in outcomes:
        case = (
            await gw.post(
                "/v1/cases", json={"number": number, "offense": offense}, headers=detective
            )
        ).json()
        body = {
            "occurred_on": f"{LAST_YEAR}-07-04",
            "center_assisted": bool(outcome["assisted_by"]),
            **outcome,
        }
        reply = await gw.post(f"/v1/cases/{case['id']}/outcomes", json=body, headers=detective)
        assert reply.status_code == 201, reply.text

    auditor = gateway.as_("auditor")
    report = await gw.get(f"/v1/reports/attribution?year={LAST_YEAR}", headers=auditor)
    assert report.status_code == 200, report.text
    year = report.json()["year_totals"]
    assert (year["arrests"], year["vehicles_recovered"]) == (2, 1)
    assert year["by_offense"] == [
        {"offense": "robbery", "arrests": 2, "vehicles_recovered": 0},
        {"offense": "stolen_vehicle", "arrests": 0, "vehicles_recovered": 1},
    ]
    assert report.json()["since_inception"]["first_day"] == f"{LAST_YEAR}-07-04"
    assert report.json()["statement"] == (
        "The center has aided in 2 arrests and the recovery of 1 stolen vehicles since it began."
    )

    as_csv = await gw.get(f"/v1/reports/attribution?year={LAST_YEAR}&format=csv", headers=auditor)
    by_accept = await gw.get(
        f"/v1/reports/attribution?year={LAST_YEAR}", headers={**auditor, "Accept": "text/csv"}
    )
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text == by_accept.text
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    totals = {
        (r["period"], r["dimension"], r["key"]): (int(r["arrests"]), int(r["vehicles_recovered"]))
        for r in rows
    }
    assert totals[("year", "total", "")] == (2, 1)
    assert totals[("year", "technology", "camera_canvass")] == (0, 1)
    assert totals[("since_inception", "offense", "robbery")] == (2, 0)
    # The auditor reads reports, not cases.
    assert (await gw.get("/v1/cases", headers=auditor)).status_code == 403
    bad_year = await gw.get("/v1/reports/attribution?year=1900", headers=auditor)
    assert bad_year.status_code == 422


async def test_refusals_are_clear_and_change_nothing(gateway: Gateway) -> None:
    gw, detective = gateway.client, gateway.as_("detective")
    assert (await gw.get("/v1/cases")).status_code == 401
    assert (
        await gw.post(
            "/v1/cases", json={"number": "X", "offense": "robbery"}, headers=gateway.as_("auditor")
        )
    ).status_code == 403
    first = await gw.post(
        "/v1/cases", json={"number": "24-1", "offense": "robbery"}, headers=detective
    )
    assert first.status_code == 201
    again = await gw.post(
        "/v1/cases", json={"number": "24-1", "offense": "robbery"}, headers=detective
    )
    assert again.status_code == 409
    assert again.json()["detail"][0]["msg"] == "a case numbered 24-1 already exists"
    unknown_field = await gw.post(
        "/v1/cases", json={"number": "24-2", "offense": "robbery", "priority": 1}, headers=detective
    )
    assert unknown_field.status_code == 422
    bad_number = await gw.post(
        "/v1/cases", json={"number": "24 2", "offense": "robbery"}, headers=detective
    )
    assert bad_number.status_code == 400
    assert (await gw.get("/v1/cases", headers=detective)).json()["total"] == 1
    assert (await gw.get("/v1/cases/missing", headers=detective)).status_code == 404

    case_id = first.json()["id"]
    export = {"kind": "export", "ref_id": "exp-1", "sha256": "a" * 64, "reason": "robbery footage"}
    down = await gw.post(f"/v1/cases/{case_id}/evidence", json=export, headers=detective)
    assert down.status_code == 503
    assert (await gw.get(f"/v1/cases/{case_id}/evidence", headers=detective)).json() == []
    confirm = await gw.post(
        f"/v1/cases/{case_id}/holds/release/confirm",
        json={"reason": "case closed"},
        headers=detective,
    )
    assert confirm.status_code == 403
    no_holds = await gw.post(
        f"/v1/cases/{case_id}/holds/release/confirm",
        json={"reason": "case closed"},
        headers=gateway.as_("supervisor"),
    )
    assert no_holds.status_code == 400
    assert "no hold awaiting release" in no_holds.json()["detail"][0]["msg"]


async def test_two_creates_of_one_number_at_once(gateway: Gateway) -> None:
    gw, detective = gateway.client, gateway.as_("detective")
    replies = await asyncio.gather(
        *(
            gw.post(
                "/v1/cases", json={"number": "24-RACE", "offense": "shooting"}, headers=detective
            )
            for _ in range(2)
        )
    )
    assert sorted(r.status_code for r in replies) == [201, 409]
    listed = await gw.get("/v1/cases?number=24-RACE", headers=detective)
    assert listed.json()["total"] == 1
