"""The audit trail as an auditor meets it: one record per access with who, what, why and from
where; filters; verification that names an altered record; a request whose record cannot be
stored is refused; and the annual report built from the records, with the real lpr service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from rtcc_common.db import create_engine
from rtcc_lpr.testing import read_body, running_lpr

DEAD = "127.0.0.1:9"
WHY = {"reason": "hit and run, Elm St", "case_number": "24-0420"}


@asynccontextmanager
async def _suite(oversight_gateway: Any, database_url: str, data_dir: Path) -> AsyncIterator[Any]:
    async with running_lpr(database_url, data_dir) as lpr:
        report_sources = {
            "camera_registry_addr": DEAD,
            "recorder_addr": DEAD,
            "cases_addr": DEAD,
            "lpr_addr": lpr.address,
        }
        async with oversight_gateway(
            lpr_addr=lpr.address, oversight_settings=report_sources
        ) as gateway:
            yield gateway


async def _audit(gateway: Any, **params: Any) -> list[dict[str, Any]]:
    async with gateway.client("auditor", subject="aud1") as auditor:
        reply = await auditor.get("/v1/oversight/audit", params=params)
    assert reply.status_code == 200, reply.text
    records: list[dict[str, Any]] = reply.json()["records"]
    return records


async def test_each_access_leaves_one_complete_record_and_filters_find_it(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    async with _suite(oversight_gateway, database_url, data_dir) as gateway:
        before = datetime.now(UTC) - timedelta(seconds=1)
        async with gateway.client("analyst", subject="ana1", agency="CPD") as analyst:
            reply = await analyst.get(
                "/v1/lpr/reads",
                params={"plate": "ABC123", **WHY},
                headers={"X-Request-ID": "audit-req-1"},
            )
            assert reply.status_code == 200
            await analyst.get("/v1/lpr/reads", params={"plate": "XYZ999", "reason": "patrol"})
        records = await _audit(gateway, user="ana1", action="lpr.reads.search")
        assert len(records) == 2
        first = records[0]
        who = (first["subject"], first["agency"], first["role"], first["action"])
        assert who == ("ana1", "CPD", "analyst", "lpr.reads.search")
        assert first["reason"] == WHY["reason"] and first["case_number"] == WHY["case_number"]
        assert first["query"]["plate"] == "ABC123" and first["result"] == "0 reads"
        assert first["source"] == "127.0.0.1" and first["request_id"] == "audit-req-1"
        assert first["technology"] == "lpr"
        assert datetime.fromisoformat(first["time"]) >= before

        by_case = await _audit(gateway, case_number="24-0420")
        assert [r["query"]["plate"] for r in by_case] == ["ABC123"]
        later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
        assert await _audit(gateway, since=later) == []
        paged = await _audit(gateway, limit=1)
        assert len(paged) == 1 and paged[0]["seq"] == 1
        # The readers' ingest rolled up: left out of the pages, counted over all of them.
        async with gateway.client("reader", subject="lpr-7") as reader:
            for n in range(3):
                batch = {"reads": [read_body(f"roll-{n}", "ROLL11")]}
                assert (await reader.post("/v1/lpr/reads", json=batch)).status_code == 200
        async with gateway.client("auditor", subject="aud1") as auditor:
            rolled = (
                await auditor.get("/v1/oversight/audit", params={"rollup": "lpr.reads.write"})
            ).json()
            too_many = await auditor.get(
                "/v1/oversight/audit", params=[("rollup", f"a{n}") for n in range(9)]
            )
        assert too_many.status_code == 422
        assert not [r for r in rolled["records"] if r["action"] == "lpr.reads.write"]
        assert {r["action"] for r in rolled["records"]} >= {"lpr.reads.search"}
        (ingest,) = rolled["rolled_up"]
        assert (ingest["action"], ingest["count"], ingest["refused"]) == ("lpr.reads.write", 3, 0)
        assert datetime.fromisoformat(ingest["first"]) <= datetime.fromisoformat(ingest["last"])
        # Reading the trail is itself an access to administration: it is recorded too.
        reads = await _audit(gateway, action="oversight.audit.query", user="aud1")
        assert len(reads) >= 4


async def test_verify_names_the_first_altered_record(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    async with _suite(oversight_gateway, database_url, data_dir) as gateway:
        async with gateway.client("detective", subject="det1") as detective:
            for plate in ("AAA111", "BBB222", "CCC333"):
                await detective.get("/v1/lpr/reads", params={"plate": plate, **WHY})
        async with gateway.client("auditor") as auditor:
            intact = (await auditor.get("/v1/oversight/audit/verify")).json()
            assert intact["intact"] and intact["first_bad_seq"] is None
            assert intact["records_checked"] >= 3
            target = (await _audit(gateway, user="det1"))[1]

            engine = create_engine(gateway.oversight.settings.database_url, schema="oversight")
            async with engine.begin() as conn:
                await conn.execute(
                    text("UPDATE audit_log SET reason = 'routine' WHERE seq = :seq"),
                    {"seq": target["seq"]},
                )
            await engine.dispose()

            broken = (await auditor.get("/v1/oversight/audit/verify")).json()
            assert not broken["intact"] and broken["first_bad_seq"] == target["seq"]
            assert "altered" in broken["problem"]
            year = datetime.now(UTC).year
            report = (await auditor.get("/v1/oversight/report", params={"year": year})).json()
            findings = report["audit_findings"]
            assert findings["chain_intact"] is False
            assert findings["first_altered_record"] == target["seq"]


async def test_a_request_whose_audit_record_cannot_be_stored_fails(
    oversight_gateway: Any, database_url: str, data_dir: Path
) -> None:
    async with _suite(oversight_gateway, database_url, data_dir) as gateway:
        async with gateway.client("reader") as reader:
            stored = await reader.post("/v1/lpr/reads", json={"reads": [read_body("s1", "SEC123")]})
            assert stored.status_code == 200
        engine = create_engine(gateway.oversight.settings.database_url, schema="oversight")
        async with engine.begin() as conn:
            await conn.execute(text("ALTER TABLE audit_log RENAME TO audit_log_gone"))
        try:
            async with gateway.client("analyst") as analyst:
                reply = await analyst.get("/v1/lpr/reads", params={"plate": "SEC123", **WHY})
            assert reply.status_code == 503
            assert "audit record could not be stored" in reply.text and "s1" not in reply.text
        finally:
            async with engine.begin() as conn:
                await conn.execute(text("ALTER TABLE audit_log_gone RENAME TO audit_log"))
            await engine.dispose()
