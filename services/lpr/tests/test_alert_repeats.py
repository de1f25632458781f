"""The same vehicle read again soon after, at the same or a nearby reader, for the same hotlist
entry: one alert that counts the repeats, not an alert per read (against the real service)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest

from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
from rtcc_common.testing import running_service
from rtcc_lpr.repeats import distance_m, is_nearby
from rtcc_lpr.server import build_server
from rtcc_lpr.settings import Settings
from rtcc_lpr.testing import MIGRATIONS, Lpr, read, stamp

T0 = datetime.now(UTC) - timedelta(hours=1)
# Two readers 670 m apart (the demo's), and one 3 km away.
NORTH = lpr_pb2.Location(latitude=41.8810, longitude=-87.6298)
SOUTH = lpr_pb2.Location(latitude=41.8750, longitude=-87.6295)
FAR = lpr_pb2.Location(latitude=41.9080, longitude=-87.6298)


@pytest.fixture
async def lpr(database_url: str, data_dir: Path) -> AsyncIterator[Lpr]:
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        camera_reading=False,
        alert_repeat_window_s=600,
        alert_repeat_radius_m=1000,
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            yield Lpr(running.address, lpr_pb2_grpc.LprServiceStub(channel), settings)


async def _stolen(lpr: Lpr, *plates: str) -> str:
    hotlist = await lpr.stub.CreateHotlist(lpr_pb2.CreateHotlistRequest(name="stolen"))
    entries = [
        lpr_pb2.HotlistEntryInput(plate=p, state="CA", reason="stolen", case_number="C-1")
        for p in plates
    ]
    await lpr.stub.AddHotlistEntries(
        lpr_pb2.AddHotlistEntriesRequest(hotlist_id=hotlist.id, entries=entries)
    )
    return hotlist.id


def _pass(read_id: str, plate: str, minutes: float, reader: str, place: lpr_pb2.Location):
    return read(
        read_id,
        plate,
        state="CA",
        reader_id=reader,
        location=place,
        observed_at=stamp(T0 + timedelta(minutes=minutes)),
    )


async def _ingest(lpr: Lpr, *reads: lpr_pb2.ReadInput) -> lpr_pb2.IngestReadsResponse:
    return await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=list(reads)))


async def _open_alerts(lpr: Lpr) -> list[lpr_pb2.Alert]:
    return list((await lpr.stub.ListAlerts(lpr_pb2.ListAlertsRequest(open_only=True))).alerts)


async def test_a_car_passing_every_half_minute_makes_one_alert_counting_its_reads(
    lpr: Lpr,
) -> None:
    await _stolen(lpr, "8DMO777")
    watch = lpr.stub.WatchAlerts(lpr_pb2.WatchAlertsRequest())
    await watch.initial_metadata()
    # Eight passes in four minutes, alternating between two readers a block apart.
    for i in range(8):
        reader, place = ("north", NORTH) if i % 2 == 0 else ("south", SOUTH)
        reply = await _ingest(lpr, _pass(f"r{i}", "8DMO777", i * 0.5, reader, place))
        assert reply.results[0].alerts == 1  # each read still hits the list
    alerts = await _open_alerts(lpr)
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.repeats == 7
    assert alert.read.read_id == "r0" and alert.latest_read.read_id == "r7"
    assert alert.latest_read.reader_id == "south"
    assert alert.last_seen_at.ToDatetime(UTC) == T0 + timedelta(minutes=3.5)
    # Watchers hear the first alert, then the same alert again with each repeat counted.
    heard = [await asyncio.wait_for(watch.read(), timeout=30) for _ in range(8)]
    watch.cancel()
    assert {a.id for a in heard} == {alert.id}
    assert [a.repeats for a in heard] == list(range(8))


async def test_a_new_alert_after_the_window_far_away_or_once_disposed(lpr: Lpr) -> None:
    await _stolen(lpr, "8DMO777")
    await _ingest(lpr, _pass("a", "8DMO777", 0, "north", NORTH))
    # 3 km away five minutes later: another place, another alert.
    await _ingest(lpr, _pass("b", "8DMO777", 5, "far", FAR))
    # The first reader again 11 minutes after its last read: past the window.
    await _ingest(lpr, _pass("c", "8DMO777", 11, "north", NORTH))
    alerts = await _open_alerts(lpr)
    assert sorted(a.read.read_id for a in alerts) == ["a", "b", "c"]
    assert all(a.repeats == 0 and not a.HasField("latest_read") for a in alerts)
    # Disposed: the next read is news again.
    latest = next(a for a in alerts if a.read.read_id == "c")
    await lpr.stub.DisposeAlert(
        lpr_pb2.DisposeAlertRequest(alert_id=latest.id, disposition="confirmed", disposed_by="x")
    )
    await _ingest(lpr, _pass("d", "8DMO777", 12, "north", NORTH))
    reads = sorted(a.read.read_id for a in await _open_alerts(lpr))
    assert reads == ["a", "b", "d"]


async def test_another_plate_or_a_read_out_of_order_is_handled(lpr: Lpr) -> None:
    await _stolen(lpr, "8DMO777", "7ABC123")
    await _ingest(
        lpr,
        _pass("a", "8DMO777", 0, "north", NORTH),
        _pass("b", "7ABC123", 0.1, "north", NORTH),
        _pass("c", "8DMO777", 4, "north", NORTH),
    )
    # A reader that was offline delivers an older read later: counted, not made the latest.
    await _ingest(lpr, _pass("late", "8DMO777", 2, "south", SOUTH))
    alerts = {a.entry.plate: a for a in await _open_alerts(lpr)}
    assert set(alerts) == {"8DMO777", "7ABC123"}
    assert alerts["8DMO777"].repeats == 2 and alerts["8DMO777"].latest_read.read_id == "c"
    assert alerts["7ABC123"].repeats == 0


def test_nearby_is_the_same_reader_or_camera_or_within_the_radius() -> None:
    base = {"reader_id": "r1", "camera_id": "", "latitude": 41.881, "longitude": -87.6298}
    assert 660 < distance_m(41.8810, -87.6298, 41.8750, -87.6295) < 680
    assert is_nearby(base, {**base, "latitude": None, "longitude": None}, 10)
    other = {"reader_id": "r2", "camera_id": "", "latitude": 41.8750, "longitude": -87.6295}
    assert is_nearby(base, other, 1000) and not is_nearby(base, other, 500)
    unplaced = {"reader_id": "", "camera_id": "cam-9", "latitude": None, "longitude": None}
    assert not is_nearby(base, unplaced, 10_000)
    assert is_nearby({**unplaced, "reader_id": "x"}, unplaced, 0)
