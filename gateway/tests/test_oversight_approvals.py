"""Council approvals enforced at the gateway, reasons required, and partner agencies held to
their agreement, with the real oversight and lpr services."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_lpr.testing import read_body, running_lpr

WHY = {"reason": "armed robbery, 5th and Main", "case_number": "24-0001"}
APPROVAL = {"status": "approved", "ordinance_ref": "Ord. 2024-12", "use_policy": "As adopted."}


def _msg(reply: Any) -> str:
    message: str = reply.json()["detail"][0]["msg"]
    return message


async def test_an_unapproved_technology_is_refused_until_the_council_approves(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway(approved=()) as gateway:
        async with gateway.client("analyst") as analyst, gateway.client("admin") as admin:
            listed = (await admin.get("/v1/oversight/technologies")).json()
            assert {t["key"]: t["status"] for t in listed}["lpr"] == "proposed"

            search = await analyst.get("/v1/lpr/reads", params={"plate": "ABC123", **WHY})
            assert search.status_code == 403
            assert "technology 'lpr' is not approved (status: proposed)" in _msg(search)
            live = await analyst.post(
                "/v1/cameras/cam1/whep",
                content=b"v=0\r\n",
                headers={"Content-Type": "application/sdp"},
            )
            assert live.status_code == 403 and "'live_monitoring'" in _msg(live)
            # Managing records uses no surveillance technology: it reaches its backend.
            assert (await analyst.get("/v1/cases")).status_code == 503

            incomplete = await admin.put(
                "/v1/oversight/technologies/lpr", json={"status": "approved"}
            )
            assert incomplete.status_code == 400 and "ordinance" in _msg(incomplete)
            approved = await admin.put("/v1/oversight/technologies/lpr", json=APPROVAL)
            assert (
                approved.status_code == 200 and approved.json()["ordinance_ref"] == "Ord. 2024-12"
            )
            search = await analyst.get("/v1/lpr/reads", params={"plate": "ABC123", **WHY})
            assert search.status_code == 503  # let through; the lpr service is down

            suspended = await admin.put(
                "/v1/oversight/technologies/lpr",
                json={"status": "suspended", "note": "council hearing 2024-07-02"},
            )
            assert suspended.json()["status"] == "suspended"
            search = await analyst.get("/v1/lpr/reads", params={"plate": "ABC123", **WHY})
            assert search.status_code == 403 and "(status: suspended)" in _msg(search)


async def test_a_decision_made_elsewhere_takes_effect_within_the_cache_time(
    oversight_gateway: Any,
) -> None:
    async with oversight_gateway(approved=(), policy_cache_s=1.0) as gateway:
        async with gateway.client("analyst") as analyst:
            refused = await analyst.get("/v1/exports/" + "0" * 32)
            assert refused.status_code == 403 and "'fixed_video'" in _msg(refused)
            # As another gateway would: straight to the oversight service.
            await gateway.oversight.stub.DecideTechnology(
                pb.DecideTechnologyRequest(
                    key="fixed_video", status="approved", hearing_ref="H-7", use_policy="p"
                )
            )
            decided = time.monotonic()
            while (await analyst.get("/v1/exports/" + "0" * 32)).status_code == 403:
                assert time.monotonic() - decided < 15, "the approval never took effect"
                await asyncio.sleep(0.2)


async def test_sensitive_queries_need_a_reason(oversight_gateway: Any) -> None:
    async with oversight_gateway() as gateway, gateway.client("detective") as detective:
        search = await detective.get("/v1/lpr/reads", params={"plate": "ABC123"})
        assert search.status_code == 400 and "reason" in _msg(search)
        blank = await detective.get("/v1/lpr/reads", params={"plate": "ABC123", "reason": "  "})
        assert blank.status_code == 400
        window = {"start": "2024-05-01T10:00:00Z", "end": "2024-05-01T10:05:00Z"}
        lookback = await detective.get("/v1/cameras/cam1/playback.m3u8", params=window)
        assert lookback.status_code == 400 and "reason" in _msg(lookback)
        export = await detective.post("/v1/exports", json={"camera_id": "cam1", **window})
        assert export.status_code in (400, 422) and "reason" in export.text
        # Each query refused for want of a reason is on the audit trail, under its action.
        async with gateway.client("auditor") as auditor:
            trail = await auditor.get("/v1/oversight/audit", params={"result": "denied"})
        refused = [
            (r["action"], r["subject"])
            for r in trail.json()["records"]
            if "reason" in str(r["query"])
        ]
        assert sorted(refused) == [
            ("exports.create", "user1"),
            ("lpr.reads.search", "user1"),
            ("lpr.reads.search", "user1"),
            ("recordings.playback", "user1"),
        ]


async def test_a_partner_is_held_to_its_agreement(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    async with running_lpr(database_url, data_dir) as lpr:
        async with (
            oversight_gateway(approved=("lpr",), lpr_addr=lpr.address) as gateway,
            gateway.client("admin") as admin,
            gateway.client("reader") as reader,
            gateway.client("partner", subject="dep1", agency="county") as partner,
            gateway.client("partner", subject="x1", agency="elsewhere") as stranger,
        ):
            hotlist = (await admin.post("/v1/lpr/hotlists", json={"name": "county stolen"})).json()
            await admin.post(
                f"/v1/lpr/hotlists/{hotlist['id']}/entries",
                json={"entries": [{"plate": "HOT123", "state": "TX"}]},
            )
            ingest = await reader.post(
                "/v1/lpr/reads",
                json={"reads": [read_body("r1", "HOT123"), read_body("r2", "COLD99")]},
            )
            assert ingest.status_code == 200, ingest.text
            await admin.put(
                "/v1/lpr/agreements/county",
                json={"hotlist_ids": [hotlist["id"]], "max_lookback_days": 7},
            )

            not_shared = await partner.get("/v1/lpr/reads", params={"plate": "HOT123", **WHY})
            assert not_shared.status_code == 403 and "'partner_sharing'" in _msg(not_shared)
            await admin.put("/v1/oversight/technologies/partner_sharing", json=APPROVAL)

            hot = await partner.get("/v1/lpr/reads", params={"plate": "HOT123", **WHY})
            assert [r["read_id"] for r in hot.json()["reads"]] == ["r1"]
            cold = await partner.get("/v1/lpr/reads", params={"plate": "COLD99", **WHY})
            assert cold.status_code == 200 and cold.json()["reads"] == []
            no_agreement = await stranger.get("/v1/lpr/reads", params={"plate": "HOT123", **WHY})
            assert no_agreement.status_code == 403 and "agreement" in _msg(no_agreement)
            for path in (
                "/v1/cameras/cam1",
                "/v1/cases",
                "/v1/lpr/hotlists",
                "/v1/exports/" + "0" * 32,
            ):
                assert (await partner.get(path)).status_code == 403, path

            async with gateway.client("auditor") as auditor:
                trail = await auditor.get("/v1/oversight/audit", params={"agency": "county"})
            records = trail.json()["records"]
            searches = [r for r in records if r["action"] == "lpr.reads.search"]
            assert [r["result"] for r in searches] == ["denied", "1 reads", "0 reads"]
            assert all(r["technology"] == "partner_sharing" for r in searches)
            assert searches[0]["query"]["refusal"].startswith("technology 'partner_sharing'")
            assert all(r["reason"] == WHY["reason"] for r in searches[1:])
            assert searches[1]["query"]["plate"] == "HOT123"
