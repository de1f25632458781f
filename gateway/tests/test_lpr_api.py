"""The plate API as a client meets it: a real lpr service behind a real gateway (uvicorn)."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from rtcc_common.testing import running_service
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings
from rtcc_lpr.recognizer.synthetic import render_scene
from rtcc_lpr.server import build_server
from rtcc_lpr.settings import Settings as LprSettings
from rtcc_lpr.testing import MIGRATIONS, read_body

WHY = {"reason": "stolen vehicle report 17"}


@dataclass
class Api:
    base_url: str
    key: bytes

    def client(
        self, role: str, subject: str = "user1", agency: str | None = None
    ) -> httpx.AsyncClient:
        token = issue_token(self.key, role=role, subject=subject, agency=agency)
        return httpx.AsyncClient(
            base_url=self.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )


@pytest.fixture
async def api(database_url: str, data_dir: Path) -> AsyncIterator[Api]:
    lpr_settings = LprSettings(database_url=database_url, data_dir=data_dir)
    async with running_service(lpr_settings, build_server, migrations_dir=MIGRATIONS) as lpr:
        settings = GatewaySettings(data_dir=data_dir, lpr_addr=lpr.address)
        app = create_app(settings)
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False)
        )
        task = asyncio.create_task(server.serve())
        while not server.started:
            assert not task.done(), "the gateway did not start"
            await asyncio.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        assert settings.token_key_file is not None
        try:
            yield Api(
                f"http://127.0.0.1:{port}", load_or_create_signing_key(settings.token_key_file)
            )
        finally:
            server.should_exit = True
            await asyncio.wait_for(task, timeout=30)


async def _search(client: httpx.AsyncClient, **params: Any) -> list[str]:
    reply = await client.get("/v1/lpr/reads", params={**WHY, **params})
    assert reply.status_code == 200, reply.text
    return [r["read_id"] for r in reply.json()["reads"]]


async def test_ingest_is_idempotent_and_a_bad_read_is_rejected_alone(api: Api) -> None:
    async with api.client("reader") as reader, api.client("analyst") as analyst:
        batch = [
            read_body("a1", "ABC1023"),
            read_body("a2", "XYZ1", confidence="high"),
            read_body("a3", "XYZ2", observed_at="2025-01-01T00:00:00"),
        ]
        first = await reader.post("/v1/lpr/reads", json={"reads": batch})
        assert first.status_code == 200, first.text
        body = first.json()
        assert [r["status"] for r in body["results"]] == ["stored", "rejected", "rejected"]
        assert "confidence" in body["results"][1]["reason"]
        assert "time zone" in body["results"][2]["reason"]
        again = await reader.post("/v1/lpr/reads", json={"reads": batch[:1]})
        assert again.json()["results"][0]["status"] == "duplicate"
        assert await _search(analyst, plate="ABC1023") == ["a1"]
        assert await _search(analyst, plate="XYZ*", match="wildcard") == []


async def test_bad_input_is_refused_and_nothing_is_stored(api: Api) -> None:
    async with api.client("reader") as reader, api.client("analyst") as analyst:
        assert (await reader.post("/v1/lpr/reads", json={"reads": []})).status_code == 422
        not_json = await reader.post(
            "/v1/lpr/reads", content=b"{nope", headers={"content-type": "application/json"}
        )
        assert not_json.status_code == 422
        bad = await reader.post(
            "/v1/lpr/reads",
            json={
                "reads": [
                    read_body("b1", "---"),
                    read_body("b2", "BAD2", state="Texas"),
                    read_body("b3", "BAD3", plate_image_base64="not base64!"),
                ]
            },
        )
        assert [r["status"] for r in bad.json()["results"]] == ["rejected"] * 3
        assert bad.json()["stored"] == 0
        assert await _search(analyst, plate="BAD*", match="wildcard") == []
        forbidden = await analyst.post("/v1/lpr/reads", json={"reads": [read_body("c1", "CCC1")]})
        assert forbidden.status_code == 403
        assert await _search(analyst, plate="CCC1") == []


async def test_fuzzy_search_finds_ocr_confusions(api: Api) -> None:
    async with api.client("reader") as reader, api.client("analyst") as analyst:
        await reader.post(
            "/v1/lpr/reads",
            json={
                "reads": [
                    read_body("f1", "ABC1O23"),
                    read_body("f2", "ABC1024"),
                    read_body("f3", "ABC1O23", state="OK"),
                ]
            },
        )
        assert await _search(analyst, plate="ABC1023", match="fuzzy", state="TX") == ["f1"]
        assert await _search(analyst, plate="ABC1023") == []
        reply = await analyst.get(
            "/v1/lpr/reads", params={**WHY, "plate": "ABC1?2*", "match": "wildcard"}
        )
        assert {r["read_id"] for r in reply.json()["reads"]} == {"f1", "f2", "f3"}


async def test_search_without_a_reason_is_refused(api: Api) -> None:
    async with api.client("analyst") as analyst, api.client("partner", agency="county") as partner:
        refused = await analyst.get("/v1/lpr/reads", params={"plate": "ABC1023"})
        assert refused.status_code == 400
        assert "reason" in refused.json()["detail"][0]["msg"]
        no_case = await partner.get("/v1/lpr/reads", params={**WHY, "plate": "ABC1023"})
        assert no_case.status_code == 400 and "case number" in no_case.json()["detail"][0]["msg"]
        no_agreement = await partner.get(
            "/v1/lpr/reads", params={**WHY, "plate": "ABC1023", "case_number": "24-1"}
        )
        assert no_agreement.status_code == 403


async def _next_event(lines: AsyncIterator[str]) -> dict[str, object]:
    event = ""
    async for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: ") and event == "alert":
            return json.loads(line.removeprefix("data: "))
    raise AssertionError("the stream ended without an alert")


async def test_a_hit_reaches_an_sse_subscriber_and_is_disposed(api: Api) -> None:
    async with (
        api.client("supervisor", subject="sgt1") as supervisor,
        api.client("reader") as reader,
    ):
        created = await supervisor.post(
            "/v1/lpr/hotlists", json={"name": "stolen", "source": "NCIC"}
        )
        hotlist_id = created.json()["id"]
        imported = await supervisor.post(
            f"/v1/lpr/hotlists/{hotlist_id}/import",
            params={"replace": "true"},
            content=b"plate,state,reason,case_number,vehicle_description\n"
            b"HOT123,TX,stolen,24-77,silver Toyota Camry\nbad,,\n",
            headers={"content-type": "text/csv"},
        )
        assert imported.json()["imported"] == 1 and imported.json()["rejected"] == 1
        async with supervisor.stream("GET", "/v1/lpr/alerts/stream") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.aiter_lines()
            assert await anext(lines) == ": subscribed"
            await reader.post(
                "/v1/lpr/reads",
                json={"reads": [read_body("h1", "HOT-123", plate_image_base64="/9j/4AAQSkZJRg==")]},
            )
            alert = await asyncio.wait_for(_next_event(lines), timeout=30)
        assert alert["read"]["read_id"] == "h1"  # type: ignore[index]
        assert alert["entry"]["vehicle_description"] == "silver Toyota Camry"  # type: ignore[index]
        image_url = alert["read"]["plate_image_url"]  # type: ignore[index]
        image = await supervisor.get(image_url)
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
        decided = await supervisor.post(
            f"/v1/lpr/alerts/{alert['id']}/disposition", json={"disposition": "confirmed"}
        )
        assert decided.status_code == 200
        assert decided.json()["disposed_by"] == "sgt1" and decided.json()["disposed_at"]
        wrong = await supervisor.post(
            f"/v1/lpr/alerts/{alert['id']}/disposition", json={"disposition": "maybe"}
        )
        assert wrong.status_code == 422


async def test_recognize_reads_a_plate_and_refuses_bad_images(api: Api) -> None:
    rng = random.Random(7)
    scene = render_scene(rng, "KDX4821", plate_width=320)
    async with api.client("analyst") as analyst:
        raw = await analyst.post(
            "/v1/lpr/recognize",
            content=scene.image,
            headers={"content-type": "image/jpeg"},
            timeout=120,
        )
        assert raw.status_code == 200, raw.text
        assert "KDX4821" in [p["text"] for p in raw.json()["plates"]]
        form = await analyst.post(
            "/v1/lpr/recognize",
            timeout=120,
            files={"image": ("car.jpg", scene.image, "image/jpeg")},
        )
        assert form.status_code == 200 and form.json()["plates"]
        garbage = await analyst.post(
            "/v1/lpr/recognize", content=b"not an image", headers={"content-type": "image/jpeg"}
        )
        assert garbage.status_code == 400
        huge = await analyst.post(
            "/v1/lpr/recognize",
            content=b"\xff" * (21 * 1024 * 1024),
            headers={"content-type": "image/jpeg"},
        )
        assert huge.status_code == 413


async def test_stakeout_and_convoy_need_a_case_and_find_companions(api: Api) -> None:
    base = datetime.now(UTC) - timedelta(hours=1)
    reads = []
    for n in range(3):
        at = base + timedelta(minutes=10 * n)
        reads += [
            read_body(f"t{n}", "TGT1", reader_id=f"r{n}", observed_at=at.isoformat()),
            read_body(
                f"c{n}",
                "CMP1",
                reader_id=f"r{n}",
                observed_at=(at + timedelta(seconds=40)).isoformat(),
            ),
        ]
    window = {
        "start": (base - timedelta(minutes=1)).isoformat(),
        "end": datetime.now(UTC).isoformat(),
    }
    async with api.client("reader") as reader, api.client("detective") as detective:
        await reader.post("/v1/lpr/reads", json={"reads": reads})
        params = {**WHY, **window, "plate": "TGT1", "state": "TX", "min_occurrences": "3"}
        assert (await detective.get("/v1/lpr/convoy", params=params)).status_code == 400
        convoy = await detective.get("/v1/lpr/convoy", params={**params, "case_number": "24-9"})
        assert convoy.status_code == 200, convoy.text
        assert [c["plate"] for c in convoy.json()["companions"]] == ["CMP1"]
        polygon = json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[-97, 32], [-96, 32], [-96, 33], [-97, 33], [-97, 32]]],
            }
        )
        stakeout = await detective.get(
            "/v1/lpr/stakeout", params={**WHY, **window, "case_number": "24-9", "polygon": polygon}
        )
        assert stakeout.status_code == 200, stakeout.text
        assert {p["plate"] for p in stakeout.json()["plates"]} == {"TGT1", "CMP1"}
        attached = await detective.post("/v1/lpr/cases/24-9/reads", json={"read_ids": ["t0", "zz"]})
        assert attached.json() == {"attached": 1}


async def test_a_partner_without_an_agreement_gets_no_alert_stream(api: Api) -> None:
    async with api.client("partner", agency="county") as partner:
        refused = await partner.get("/v1/lpr/alerts/stream")
        assert refused.status_code == 403
        assert "agreement" in refused.json()["detail"][0]["msg"]
