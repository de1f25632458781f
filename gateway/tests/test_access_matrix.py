"""Every role against every class of endpoint, through a real gateway and oversight service.

The other services are down on purpose: a call the gate lets through reaches for its backend and
gets a 503 (or a 4xx for its input), while a call the gate refuses gets a 403 before that. The
expected table is written out here, not read from the permission table, so a change to who may
do what shows up as a failing test.
"""

from __future__ import annotations

from typing import Any

import httpx

ROLES = (
    "admin",
    "supervisor",
    "detective",
    "analyst",
    "auditor",
    "partner",
    "resident",
    "reader",
    "integrator",
)
WHY = {"reason": "robbery at 5th and Main", "case_number": "24-0001"}
WINDOW = {"start": "2024-05-01T10:00:00Z", "end": "2024-05-01T10:05:00Z"}
DECISION = {"status": "approved", "ordinance_ref": "Ord. 2024-12", "use_policy": "As adopted."}

# class of endpoint -> (method, path, request arguments, roles allowed)
MATRIX: dict[str, tuple[str, str, dict[str, Any], set[str]]] = {
    "camera read": (
        "GET",
        "/v1/cameras/cam1",
        {},
        {"admin", "supervisor", "detective", "analyst", "auditor", "integrator"},
    ),
    "camera admin": (
        "POST",
        "/v1/cameras",
        {"json": {}},
        {"admin", "supervisor", "integrator"},
    ),
    "live view": (
        "POST",
        "/v1/cameras/cam1/whep",
        {"content": b"v=0\r\n", "headers": {"Content-Type": "application/sdp"}},
        {"admin", "supervisor", "detective", "analyst"},
    ),
    "look-back": (
        "GET",
        "/v1/cameras/cam1/recordings",
        {"params": {**WINDOW, **WHY}},
        {"admin", "supervisor", "detective", "analyst"},
    ),
    "activity": (
        "GET",
        "/v1/cameras/cam1/activity",
        {"params": {**WINDOW, **WHY}},
        {"admin", "supervisor", "detective", "analyst"},
    ),
    "export": (
        "POST",
        "/v1/exports",
        {"json": {"camera_id": "cam1", **WINDOW, **WHY}},
        {"admin", "supervisor", "detective", "analyst"},
    ),
    "plate search": (
        "GET",
        "/v1/lpr/reads",
        {"params": {"plate": "ABC123", **WHY}},
        {"admin", "supervisor", "detective", "analyst", "partner"},
    ),
    "plate ingest": (
        "POST",
        "/v1/lpr/reads",
        {"json": {"reads": []}},
        {"admin", "reader", "integrator"},
    ),
    "hotlist admin": (
        "POST",
        "/v1/lpr/hotlists",
        {"json": {"name": "stolen"}},
        {"admin", "supervisor"},
    ),
    "cases": ("GET", "/v1/cases", {}, {"admin", "supervisor", "detective", "analyst"}),
    "technologies": (
        "GET",
        "/v1/oversight/technologies",
        {},
        {"admin", "supervisor", "auditor"},
    ),
    "approvals": ("PUT", "/v1/oversight/technologies/lpr", {"json": DECISION}, {"admin"}),
    "audit trail": ("GET", "/v1/oversight/audit", {}, {"admin", "auditor"}),
    "audit verify": ("GET", "/v1/oversight/audit/verify", {}, {"admin", "auditor"}),
    "annual report": (
        "GET",
        "/v1/oversight/report",
        {"params": {"year": 2024}},
        {"admin", "supervisor", "auditor"},
    ),
    "users": ("GET", "/v1/users", {}, {"admin"}),
    "api keys": ("GET", "/v1/auth/api-keys", {}, {"admin"}),
}


async def test_every_role_against_every_endpoint_class(oversight_gateway: Any) -> None:
    async with oversight_gateway() as gateway:
        mismatches = []
        for role in ROLES:
            async with gateway.client(role, subject=f"{role}1", agency="CSO") as client:
                for name, (method, path, kwargs, allowed) in MATRIX.items():
                    reply = await client.request(method, path, **kwargs)
                    refused = reply.status_code == 403
                    if refused == (role in allowed) or reply.status_code == 401:
                        mismatches.append((role, name, reply.status_code, reply.text[:120]))
        assert mismatches == []

        # Every refusal left a record naming who was refused what.
        async with gateway.client("auditor") as auditor:
            denied = await auditor.get(
                "/v1/oversight/audit", params={"result": "denied", "role": "resident"}
            )
        actions = {r["action"] for r in denied.json()["records"]}
        resident_refused = {
            "cameras.read",
            "cameras.create",
            "live.view",
            "lpr.reads.search",
            "users.list",
        }
        assert resident_refused <= actions


async def test_no_credentials_or_a_forged_token_is_401(oversight_gateway: Any) -> None:
    async with oversight_gateway() as gateway, httpx.AsyncClient(base_url=gateway.url) as client:
        for method, path, kwargs, _ in MATRIX.values():
            assert (await client.request(method, path, **kwargs)).status_code == 401
        forged = {"Authorization": "Bearer not.a.token"}
        assert (await client.get("/v1/cameras/cam1", headers=forged)).status_code == 401
        unknown_key = {"X-API-Key": "rtcc_madeup"}
        reply = await client.get("/v1/cameras/cam1", headers=unknown_key)
        assert reply.status_code == 401 and "API key" in reply.json()["detail"][0]["msg"]
