"""Resident and business registration as the public and staff meet it, through the gateway."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from rtcc_gateway.routes.registrations import PUBLIC_BURST

Client = Callable[[str], httpx.AsyncClient]


@pytest.fixture
def client(registry_gateway: Client) -> Client:
    return registry_gateway


def form(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "ownership": "resident",
        "owner_name": "Dana Resident",
        "owner_email": "dana@example.org",
        "owner_phone": "+1 312 555 0100",
        "camera_name": "Dana's porch",
        "technology": "doorbell",
        "location": {"lat": 41.8801, "lon": -87.6301, "address": "12 Elm St"},
        "stream_url": "rtsp://dana:pw@192.0.2.7:554/live",
        "permissions": {"live": True, "record": True},
        "terms_version": "2026-01",
        "accepted_terms": True,
    }
    body.update(overrides)
    return body


async def test_register_approve_withdraw(client: Client) -> None:
    public, supervisor, analyst = client(""), client("supervisor"), client("analyst")
    submitted = await public.post("/v1/registrations", json=form())
    assert submitted.status_code == 201, submitted.text
    receipt = submitted.json()
    reg_id, token = receipt["registration"]["id"], receipt["withdrawal_token"]
    assert receipt["registration"]["status"] == "pending"
    assert "pw@" not in submitted.text

    assert (await analyst.post(f"/v1/registrations/{reg_id}/approve", json={})).status_code == 403
    assert (await public.get("/v1/registrations")).status_code == 401
    pending = (await supervisor.get("/v1/registrations", params={"status": "pending"})).json()
    assert [r["id"] for r in pending["registrations"]] == [reg_id]
    approved = await supervisor.post(
        f"/v1/registrations/{reg_id}/approve", json={"reason": "checked"}
    )
    assert approved.status_code == 200, approved.text
    camera = approved.json()["camera"]
    assert (camera["ownership"], camera["lifecycle"], camera["permissions"]["live"]) == (
        "resident",
        "active",
        True,
    )
    assert (await analyst.get(f"/v1/cameras/{camera['id']}")).status_code == 200

    wrong = await public.post(
        f"/v1/registrations/{reg_id}/withdraw", json={"withdrawal_token": "guess"}
    )
    assert wrong.status_code == 403
    withdrawn = await public.post(
        f"/v1/registrations/{reg_id}/withdraw",
        json={"withdrawal_token": token, "reason": "moving out"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["withdrawn_by"]) == ("withdrawn", "owner")

    # Analysts no longer see it; the consent record stays for those who review consent.
    assert (await analyst.get(f"/v1/cameras/{camera['id']}")).status_code == 404
    assert (await analyst.get("/v1/cameras")).json()["cameras"] == []
    near: dict[str, str | int] = {"near": "41.8801,-87.6301", "radius_m": 100}
    assert (await analyst.get("/v1/cameras", params=near)).json()["cameras"] == []
    kept = (await supervisor.get(f"/v1/cameras/{camera['id']}")).json()
    assert kept["lifecycle"] == "suspended" and kept["consent_withdrawn_at"]
    assert not any(kept["permissions"].values())
    record = (await supervisor.get(f"/v1/registrations/{reg_id}")).json()
    assert (record["granted"]["live"], record["terms_version"], record["withdrawal_reason"]) == (
        True,
        "2026-01",
        "moving out",
    )
    assert record["consented_at"] and record["reviewed_by"] == "supervisor1"
    reenable = await supervisor.patch(f"/v1/cameras/{camera['id']}", json={"lifecycle": "active"})
    assert reenable.status_code == 400 and "withdrew consent" in reenable.text


async def test_reject_needs_a_reason_and_staff_may_record_a_withdrawal(client: Client) -> None:
    public, supervisor = client(""), client("supervisor")
    first = (await public.post("/v1/registrations", json=form())).json()["registration"]["id"]
    second = (await public.post("/v1/registrations", json=form(ownership="business"))).json()
    no_reason = await supervisor.post(f"/v1/registrations/{first}/reject", json={})
    assert no_reason.status_code == 400 and "reason" in no_reason.text
    rejected = await supervisor.post(
        f"/v1/registrations/{first}/reject", json={"reason": "duplicate"}
    )
    assert rejected.json()["status"] == "rejected"
    on_behalf = await supervisor.post(
        f"/v1/registrations/{second['registration']['id']}/withdraw",
        json={"reason": "owner phoned"},
    )
    assert on_behalf.status_code == 200, on_behalf.text
    assert on_behalf.json()["withdrawn_by"] == "supervisor1"
    nobody = await public.post(f"/v1/registrations/{first}/withdraw", json={})
    assert nobody.status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        (form(accepted_terms=False), 400, "accepted_terms"),
        (form(accepted_terms="yes"), 422, "accepted_terms"),
        (form(owner_email="dana"), 400, "owner_email"),
        (form(ownership="city"), 422, "ownership"),
        (form(favourite_colour="blue"), 422, "favourite_colour"),
        (form(location={"lat": -91, "lon": 0}), 422, "lat"),
        (form(stream_url="not a url"), 400, "stream_url"),
        (form(permissions={"live": True, "plate_reading": True}), 422, "plate_reading"),
    ],
)
async def test_public_form_is_strict(
    client: Client, body: dict[str, object], status: int, names: str
) -> None:
    reply = await client("").post("/v1/registrations", json=body)
    assert reply.status_code == status, reply.text
    assert names in json.dumps(reply.json()["detail"])
    listed = await client("supervisor").get("/v1/registrations")
    assert listed.json()["registrations"] == []


async def test_public_form_is_rate_limited_and_size_limited(client: Client) -> None:
    public = client("")
    huge = await public.post("/v1/registrations", json=form(owner_name="x" * 200_000))
    assert huge.status_code == 413
    statuses = [
        (await public.post("/v1/registrations", json=form())).status_code
        for _ in range(PUBLIC_BURST + 2)
    ]
    assert 429 in statuses
    assert statuses.count(201) <= PUBLIC_BURST
    limited = await public.post("/v1/registrations", json=form())
    assert limited.status_code == 429 and limited.headers["retry-after"]
