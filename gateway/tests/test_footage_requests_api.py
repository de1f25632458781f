"""Footage requests through a real gateway (uvicorn), camera registry, cases and oversight
services: owners of on-request and registry-only cameras near a point get one-time links, one
uploads a real H.264 clip over HTTP, which is hashed, kept as evidence with custody, counted and
audited; links are refused once used, declined or expired."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from fastapi import FastAPI, Request

from gateway.tests.conftest import serve_gateway
from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_camera_registry.testing import running_registry
from rtcc_cases.server import build_server as build_cases
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_common.testing import fresh_postgres_database, running_service
from rtcc_gateway.auth.tokens import Principal, issue_token, load_or_create_signing_key
from rtcc_gateway.deps import AuditEntry
from rtcc_gateway.settings import GatewaySettings

CASES_MIGRATIONS = Path(__file__).parents[2] / "services" / "cases" / "rtcc_cases" / "migrations"
POINT = {"lat": 41.8801, "lon": -87.6301}


@dataclass
class Suite:
    url: str
    key: bytes
    audit: list[tuple[str | None, AuditEntry]]
    cases_address: str
    cases_dir: Path
    app: FastAPI

    def client(self, role: str | None = None) -> httpx.AsyncClient:
        headers = {}
        if role:
            token = issue_token(self.key, role=role, subject=f"{role}1", agency="CPD")
            headers["Authorization"] = f"Bearer {token}"
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=60)


@asynccontextmanager
async def second_database(database_url: str, folder: Path) -> AsyncIterator[str]:
    """Each service has a database of its own, on the same backend as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{folder / 'cases.sqlite'}"
        return
    async with fresh_postgres_database() as url:
        yield url


@pytest.fixture
async def suite(database_url: str, data_dir: Path) -> AsyncIterator[Suite]:
    cases_dir = data_dir / "cases"
    async with (
        running_registry(database_url, data_dir / "registry") as registry,
        second_database(database_url, data_dir) as cases_url,
        running_service(
            CasesSettings(database_url=cases_url, data_dir=cases_dir, recorder_addr="127.0.0.1:9"),
            build_cases,
            migrations_dir=CASES_MIGRATIONS,
        ) as cases,
    ):
        settings = GatewaySettings(
            data_dir=data_dir / "gw",
            camera_registry_addr=registry.address,
            cases_addr=cases.address,
            recorder_addr="127.0.0.1:9",
            lpr_addr="127.0.0.1:9",
        )
        async with serve_gateway(settings) as (url, app):
            audit: list[tuple[str | None, AuditEntry]] = []
            stored = app.state.audit_sink

            async def collect(request: Request, who: Principal | None, entry: AuditEntry) -> None:
                audit.append((who.subject if who else None, entry))
                await stored(request, who, entry)

            app.state.audit_sink = collect
            assert settings.token_key_file is not None
            key = load_or_create_signing_key(settings.token_key_file)
            yield Suite(url, key, audit, cases.address, cases_dir, app)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("clip") / "porch.mp4"
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15",
            "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path.read_bytes()


def iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


async def register_owner_camera(public: httpx.AsyncClient, supervisor: httpx.AsyncClient) -> str:
    """A resident links a doorbell camera for recordings on request only; staff approve it."""
    form = {
        "ownership": "resident",
        "owner_name": "Dana Resident",
        "owner_email": "dana@example.org",
        "camera_name": "Dana's porch",
        "technology": "doorbell",
        "location": {"lat": 41.8802, "lon": -87.6302, "address": "12 Elm St"},
        "permissions": {"recordings_on_request_only": True},
        "terms_version": "2026-01",
        "accepted_terms": True,
    }
    submitted = await public.post("/v1/registrations", json=form)
    assert submitted.status_code == 201, submitted.text
    approved = await supervisor.post(
        f"/v1/registrations/{submitted.json()['registration']['id']}/approve", json={}
    )
    assert approved.status_code == 200, approved.text
    camera_id: str = approved.json()["camera"]["id"]
    return camera_id


async def add_camera(admin: httpx.AsyncClient, name: str, lat: float, **perms: bool) -> str:
    made = await admin.post(
        "/v1/cameras",
        json={
            "name": name,
            "ownership": "business",
            "location": {"lat": lat, "lon": POINT["lon"]},
            "permissions": perms,
            "lifecycle": "active",
        },
    )
    assert made.status_code == 201, made.text
    camera_id: str = made.json()["id"]
    return camera_id


def asking(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    body = {
        **POINT,
        "radius_m": 200,
        "start": iso(now - timedelta(hours=2)),
        "end": iso(now - timedelta(hours=1)),
        "reason": "robbery at 5th and Main",
    }
    body.update(overrides)
    return body


async def test_owners_near_a_point_are_asked_and_one_uploads_a_clip(suite: Suite, clip) -> None:
    public, admin, analyst = suite.client(), suite.client("admin"), suite.client("analyst")
    porch = await register_owner_camera(public, suite.client("supervisor"))
    shop = await add_camera(admin, "Corner shop", 41.8805, registry_only=True)
    await add_camera(admin, "City pole", 41.8803, live=True, record=True)  # reachable: not asked
    await add_camera(admin, "Far shop", 41.90, registry_only=True)  # 2 km away
    case = await analyst.post("/v1/cases", json={"number": "24-9100", "offense": "robbery"})
    assert case.status_code == 201, case.text
    case_id = case.json()["id"]

    made = await analyst.post(f"/v1/cases/{case_id}/footage-requests", json=asking())
    assert made.status_code == 201, made.text
    request = made.json()
    assert request["case_number"] == "24-9100"
    assert request["end"].endswith("Z") and request["expires_at"].endswith("Z")
    asks = {a["camera_id"]: a for a in request["asks"]}
    assert set(asks) == {porch, shop}
    assert asks[porch]["owner_name"] == "Dana Resident"
    assert request["counts"] == {"sent": 2, "declined": 0, "uploaded": 0, "expired": 0}
    link = asks[porch]["link"]
    assert link["upload_url"] == f"{suite.url}/dashboard/footage-upload.html#{link['token']}"

    shown = await public.get(link["api_url"])
    assert shown.status_code == 200, shown.text
    assert shown.json()["camera_name"] == "Dana's porch"
    assert shown.json()["case_number"] == "24-9100"

    uploaded = await public.put(
        link["api_url"], content=clip, headers={"Content-Type": "video/mp4"}
    )
    assert uploaded.status_code == 200, uploaded.text
    receipt = uploaded.json()
    assert receipt["sha256"] == hashlib.sha256(clip).hexdigest()
    assert receipt["size_bytes"] == len(clip)
    assert 2.5 < receipt["clip_duration_s"] < 3.5
    evidence_id = receipt["evidence"]["id"]

    again = await public.put(link["api_url"], content=clip, headers={"Content-Type": "video/mp4"})
    assert again.status_code == 409
    assert "only once" in again.text

    declined = await public.post(
        f"{asks[shop]['link']['api_url']}/decline", json={"reason": "no camera on that side"}
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    after = await public.put(
        asks[shop]["link"]["api_url"], content=clip, headers={"Content-Type": "video/mp4"}
    )
    assert after.status_code == 400 and "declined" in after.text

    evidence = await analyst.get(f"/v1/cases/{case_id}/evidence")
    assert [(e["id"], e["kind"], e["sha256"]) for e in evidence.json()] == [
        (evidence_id, "upload", receipt["sha256"])
    ]
    custody = await analyst.get(f"/v1/cases/{case_id}/custody", params={"evidence_id": evidence_id})
    assert custody.status_code == 200, custody.text
    assert [c["detail"] for c in custody.json()] == [
        f"uploaded by owner via request {request['id']}"
    ]
    downloaded = await analyst.get(f"/v1/cases/{case_id}/evidence/{evidence_id}/clip")
    assert downloaded.status_code == 200, downloaded.text
    assert downloaded.content == clip
    assert downloaded.headers["x-content-sha256"] == receipt["sha256"]
    assert downloaded.headers["content-type"] == "video/mp4"
    assert (await public.get(f"/v1/cases/{case_id}/evidence/{evidence_id}/clip")).status_code == 401
    listed = await analyst.get(f"/v1/cases/{case_id}/footage-requests")
    assert listed.json()[0]["counts"] == {"sent": 0, "declined": 1, "uploaded": 1, "expired": 0}
    assert all(a["link"] is None for a in listed.json()[0]["asks"])

    trail = [(who, e.action, e.result, e.object_ids) for who, e in suite.audit]
    owner_answers = [t for t in trail if t[1].startswith("footage_uploads.")]
    assert [(who, action, result) for who, action, result, _ in owner_answers] == [
        (None, "footage_uploads.upload", "uploaded"),
        (None, "footage_uploads.upload", "failed: already_exists"),
        (None, "footage_uploads.decline", "declined"),
        (None, "footage_uploads.upload", "failed: failed_precondition"),
    ]
    assert all(link["token"] not in str(t) for t in trail), "a live token is in the audit trail"
    sent = next(e for _, e in suite.audit if e.action == "cases.footage_requests.create")
    assert (sent.result, sent.case_number, sent.reason) == (
        "sent to 2 owners",
        "24-9100",
        "robbery at 5th and Main",
    )

    year = datetime.now(UTC).year
    async with grpc.aio.insecure_channel(suite.cases_address) as channel:
        counts = await cases_pb2_grpc.CasesServiceStub(channel).CountFootageRequests(
            cases_pb2.CountFootageRequestsRequest(year=year)
        )
    assert (counts.requests, counts.uploaded, counts.declined) == (1, 1, 1)


async def test_bad_input_and_expired_links_are_refused(suite: Suite, clip) -> None:
    public, analyst = suite.client(), suite.client("analyst")
    await register_owner_camera(public, suite.client("supervisor"))
    case = await analyst.post("/v1/cases", json={"number": "24-9101", "offense": "robbery"})
    case_id = case.json()["id"]
    url = f"/v1/cases/{case_id}/footage-requests"

    no_reason = await analyst.post(url, json={**asking(), "reason": ""})
    assert no_reason.status_code in (400, 422)
    backwards = await analyst.post(url, json=asking(end=asking()["start"], start=asking()["end"]))
    assert backwards.status_code == 400 and "end must be after start" in backwards.text
    nobody = await analyst.post(url, json=asking(lat=41.95))
    assert nobody.status_code == 400 and "no active camera" in nobody.text
    assert (await analyst.get(url)).json() == []
    assert (await public.post(url, json=asking())).status_code == 401

    # Behind the city's proxy, links name the address residents reach.
    suite.app.state.settings.public_url = "https://rtcc.city.example/"
    made = await analyst.post(url, json=asking())
    assert made.json()["asks"][0]["link"]["upload_url"].startswith(
        "https://rtcc.city.example/dashboard/footage-upload.html#"
    )
    suite.app.state.settings.public_url = ""

    soon = iso(datetime.now(UTC) + timedelta(seconds=1))
    made = await analyst.post(url, json=asking(expires_at=soon))
    assert made.status_code == 201, made.text
    link = made.json()["asks"][0]["link"]
    junk = await public.put(link["api_url"], content=b"GIF89a not a clip" * 100)
    assert junk.status_code == 400 and "video" in junk.text
    await asyncio.sleep(1.5)
    late = await public.put(link["api_url"], content=clip, headers={"Content-Type": "video/mp4"})
    assert late.status_code == 400 and "expired" in late.text
    unknown = await public.get("/v1/footage-uploads/" + "A" * 43)
    assert unknown.status_code == 404
    listed = await analyst.get(url)
    assert [r["counts"]["expired"] for r in listed.json()] == [0, 1]
    assert not list((suite.cases_dir / "footage_uploads" / case_id).glob("*"))
