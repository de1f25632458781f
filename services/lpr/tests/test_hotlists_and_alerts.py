"""Hotlists, alerts, partner scope and retention against the real gRPC service."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest

from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
from rtcc_common.testing import running_service
from rtcc_lpr.server import build_server
from rtcc_lpr.settings import Settings
from rtcc_lpr.testing import MIGRATIONS, Lpr, read, stamp


async def _hotlist(lpr: Lpr, name: str, *, tolerant: bool = False) -> str:
    reply = await lpr.stub.CreateHotlist(
        lpr_pb2.CreateHotlistRequest(name=name, source="NCIC", tolerant=tolerant)
    )
    return reply.id


async def _add(lpr: Lpr, hotlist_id: str, plate: str, state: str = "TX", **fields: object) -> None:
    entry = lpr_pb2.HotlistEntryInput(
        plate=plate,
        state=state,
        reason="stolen",
        vehicle_description="red Honda Civic",
        **fields,  # type: ignore[arg-type]
    )
    await lpr.stub.AddHotlistEntries(
        lpr_pb2.AddHotlistEntriesRequest(hotlist_id=hotlist_id, entries=[entry])
    )


async def _import(
    lpr: Lpr, hotlist_id: str, csv: bytes, *, replace: bool
) -> lpr_pb2.ImportHotlistResponse:
    async def messages():  # type: ignore[no-untyped-def]
        yield lpr_pb2.ImportHotlistRequest(hotlist_id=hotlist_id, replace=replace)
        for start in range(0, len(csv), 1000):
            yield lpr_pb2.ImportHotlistRequest(csv_chunk=csv[start : start + 1000])

    return await lpr.stub.ImportHotlist(messages())


async def _ingest(lpr: Lpr, *reads: lpr_pb2.ReadInput) -> lpr_pb2.IngestReadsResponse:
    return await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=list(reads)))


async def test_a_hit_reaches_a_watcher_and_a_person_disposes_it(lpr: Lpr) -> None:
    hotlist_id = await _hotlist(lpr, "stolen")
    await _add(lpr, hotlist_id, "ABC1023")
    watch = lpr.stub.WatchAlerts(lpr_pb2.WatchAlertsRequest())
    await watch.initial_metadata()  # sent once the subscription is registered
    reply = await _ingest(lpr, read("h1", "ABC1023"), read("h2", "ABC1023", state="OK"))
    assert [r.alerts for r in reply.results] == [1, 0]
    alert = await asyncio.wait_for(watch.read(), timeout=30)
    watch.cancel()
    assert alert.read.read_id == "h1" and alert.entry.vehicle_description == "red Honda Civic"
    assert alert.hotlist_name == "stolen" and alert.exact
    disposed = await lpr.stub.DisposeAlert(
        lpr_pb2.DisposeAlertRequest(alert_id=alert.id, disposition="confirmed", disposed_by="ofc7")
    )
    assert disposed.disposition == "confirmed" and disposed.disposed_by == "ofc7"
    assert disposed.HasField("disposed_at")
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await lpr.stub.DisposeAlert(
            lpr_pb2.DisposeAlertRequest(alert_id=alert.id, disposition="misread", disposed_by="x")
        )
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    listed = await lpr.stub.ListAlerts(lpr_pb2.ListAlertsRequest(open_only=True))
    assert list(listed.alerts) == []


async def test_tolerant_lists_match_ocr_confusions_and_expired_entries_do_not(lpr: Lpr) -> None:
    tolerant = await _hotlist(lpr, "bolo", tolerant=True)
    strict = await _hotlist(lpr, "amber")
    await _add(lpr, tolerant, "ABC1023")
    await _add(lpr, strict, "ABC1023")
    await _add(lpr, strict, "OLD1", expires_at=stamp(datetime.now(UTC) - timedelta(days=1)))
    reply = await _ingest(lpr, read("t1", "ABC1O23"), read("t2", "OLD1"))
    assert [r.alerts for r in reply.results] == [1, 0]
    alerts = (await lpr.stub.ListAlerts(lpr_pb2.ListAlertsRequest())).alerts
    assert [(a.hotlist_name, a.exact) for a in alerts] == [("bolo", False)]


async def test_import_replaces_a_list_atomically_and_reports_bad_lines(lpr: Lpr) -> None:
    hotlist_id = await _hotlist(lpr, "ncic")
    first = await _import(
        lpr, hotlist_id, b"plate,state,reason\nAAA111,TX,stolen\nBBB222,TX,stolen\n", replace=True
    )
    assert (first.imported, first.rejected) == (2, 0)
    second = await _import(
        lpr,
        hotlist_id,
        b"CCC333,TX,stolen,C-1,blue van,\n,TX,x\nDDD444,TX,x,,,not-a-date\n",
        replace=True,
    )
    assert (second.imported, second.rejected) == (1, 2)
    assert "line 2" in second.errors[0]
    listed = await lpr.stub.GetHotlist(lpr_pb2.GetHotlistRequest(id=hotlist_id))
    assert listed.entries == 1
    reply = await _ingest(lpr, read("i1", "AAA111"), read("i2", "CCC333"))
    assert [r.alerts for r in reply.results] == [0, 1]


async def test_a_new_entry_raises_hits_on_stored_reads(lpr: Lpr) -> None:
    await _ingest(
        lpr, read("old", "LATE1", observed_at=stamp(datetime.now(UTC) - timedelta(days=2)))
    )
    hotlist_id = await _hotlist(lpr, "bolo")
    entry = lpr_pb2.HotlistEntryInput(plate="LATE1", state="TX", reason="robbery")
    reply = await lpr.stub.AddHotlistEntries(
        lpr_pb2.AddHotlistEntriesRequest(hotlist_id=hotlist_id, entries=[entry], search_back_days=7)
    )
    assert reply.historical_alerts == 1
    alerts = (await lpr.stub.ListAlerts(lpr_pb2.ListAlertsRequest())).alerts
    assert alerts[0].historical and alerts[0].read.read_id == "old"


async def test_partner_sees_only_hits_on_shared_lists(lpr: Lpr) -> None:
    shared = await _hotlist(lpr, "shared")
    private = await _hotlist(lpr, "private")
    await _add(lpr, shared, "SHR1")
    await _add(lpr, private, "PRV1")
    await _ingest(lpr, read("s", "SHR1"), read("p", "PRV1"), read("n", "NOHIT1"))
    partner = lpr_pb2.Requester(subject="p1", agency="county", partner=True)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await lpr.stub.SearchReads(
            lpr_pb2.SearchReadsRequest(plate="*1", match=lpr_pb2.WILDCARD, requester=partner)
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    await lpr.stub.PutAgreement(
        lpr_pb2.Agreement(agency="county", hotlist_ids=[shared], max_lookback_days=7)
    )
    found = await lpr.stub.SearchReads(
        lpr_pb2.SearchReadsRequest(plate="*1", match=lpr_pb2.WILDCARD, requester=partner)
    )
    assert [r.read_id for r in found.reads] == ["s"]
    alerts = await lpr.stub.ListAlerts(lpr_pb2.ListAlertsRequest(requester=partner))
    assert [a.hotlist_name for a in alerts.alerts] == ["shared"]


async def test_a_partners_open_stream_follows_its_agreement_as_it_changes(lpr: Lpr) -> None:
    shared = await _hotlist(lpr, "shared")
    await _add(lpr, shared, "SHR2")
    await _add(lpr, shared, "SHR3")
    await lpr.stub.PutAgreement(
        lpr_pb2.Agreement(agency="county", hotlist_ids=[shared], max_lookback_days=7)
    )
    partner = lpr_pb2.Requester(subject="p1", agency="county", partner=True)
    watch = lpr.stub.WatchAlerts(lpr_pb2.WatchAlertsRequest(requester=partner))
    await watch.initial_metadata()
    await _ingest(lpr, read("first", "SHR2"))
    assert (await asyncio.wait_for(watch.read(), timeout=30)).read.read_id == "first"
    # The agreement is emptied while the stream is open: the next hit is not delivered.
    await lpr.stub.PutAgreement(
        lpr_pb2.Agreement(agency="county", hotlist_ids=[], max_lookback_days=7)
    )
    await _ingest(lpr, read("second", "SHR3"))
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(watch.read(), timeout=1.5)
    watch.cancel()


async def test_retention_keeps_hits_and_case_reads(lpr: Lpr) -> None:
    hotlist_id = await _hotlist(lpr, "stolen")
    await _add(lpr, hotlist_id, "HIT1")
    old = stamp(datetime.now(UTC) - timedelta(days=40))
    await _ingest(
        lpr,
        read("gone", "OLD1", observed_at=old),
        read("hit", "HIT1", observed_at=old),
        read("case", "OLD2", observed_at=old),
        read("new", "NEW1"),
    )
    await lpr.stub.AttachReadsToCase(
        lpr_pb2.AttachReadsToCaseRequest(read_ids=["case"], case_number="24-001")
    )
    swept = await lpr.stub.SweepRetention(lpr_pb2.SweepRetentionRequest())
    assert swept.deleted_reads == 1
    left = await lpr.stub.SearchReads(lpr_pb2.SearchReadsRequest(reader_ids=["reader-1"]))
    assert sorted(r.read_id for r in left.reads) == ["case", "hit", "new"]
    # What was collected is still counted after the reads themselves are gone.
    old_day, today = old.ToDatetime().date(), datetime.now(UTC).date()
    counts = await lpr.stub.GetReadCounts(
        lpr_pb2.GetReadCountsRequest(first_day=old_day.isoformat(), last_day=today.isoformat())
    )
    assert [(d.day, d.source, d.reads) for d in counts.days] == [
        (old_day.isoformat(), "reader", 3),
        (today.isoformat(), "reader", 1),
    ]


async def test_hotlists_match_after_a_restart(database_url: str, data_dir: Path) -> None:
    settings = Settings(database_url=database_url, data_dir=data_dir)
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as first:
        async with grpc.aio.insecure_channel(first.address) as channel:
            lpr = Lpr(first.address, lpr_pb2_grpc.LprServiceStub(channel), settings)
            tolerant = await _hotlist(lpr, "bolo", tolerant=True)
            await _import(lpr, tolerant, b"KEEP123,TX,stolen\n", replace=False)
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as second:
        async with grpc.aio.insecure_channel(second.address) as channel:
            lpr = Lpr(second.address, lpr_pb2_grpc.LprServiceStub(channel), settings)
            reply = await _ingest(lpr, read("after", "KEEP1Z3"))
            assert reply.results[0].alerts == 1
