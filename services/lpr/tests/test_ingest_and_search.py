"""Ingest and search against the real gRPC service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pytest

from rtcc.lpr.v1 import lpr_pb2
from rtcc_lpr.testing import JPEG, Lpr, read, stamp

STORED, DUPLICATE, REJECTED = (
    lpr_pb2.ReadResult.STORED,
    lpr_pb2.ReadResult.DUPLICATE,
    lpr_pb2.ReadResult.REJECTED,
)


async def _search(lpr: Lpr, plate: str, match: int, **fields: object) -> list[str]:
    reply = await lpr.stub.SearchReads(
        lpr_pb2.SearchReadsRequest(plate=plate, match=match, **fields)  # type: ignore[arg-type]
    )
    return [r.read_id for r in reply.reads]


async def test_ingest_is_idempotent_and_rejects_bad_reads_alone(lpr: Lpr) -> None:
    batch = [
        read("r1", "abc-1023"),
        read("r2", "", reader_id="reader-2"),
        read("r1", "ABC1023"),
        read("r3", "XYZ999", confidence=1.5),
    ]
    reply = await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=batch))
    assert [r.status for r in reply.results] == [STORED, REJECTED, DUPLICATE, REJECTED]
    assert "plate" in reply.results[1].reason and "confidence" in reply.results[3].reason
    again = await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=[read("r1", "ABC1023")]))
    assert again.results[0].status == DUPLICATE
    assert await _search(lpr, "ABC1023", lpr_pb2.EXACT) == ["r1"]
    assert await _search(lpr, "XYZ999", lpr_pb2.EXACT) == []


async def test_read_counts_count_each_stored_read_once_by_source(lpr: Lpr) -> None:
    batch = [read("c1", "ABC1023"), read("c2", "ABC1024", reader_id="", camera_id="cam-7")]
    await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=batch))
    await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=[read("c1", "ABC1023")]))
    today = datetime.now(UTC).date().isoformat()
    counts = await lpr.stub.GetReadCounts(
        lpr_pb2.GetReadCountsRequest(first_day=today, last_day=today)
    )
    assert [(d.source, d.reads) for d in counts.days] == [("camera", 1), ("reader", 1)]
    for first, last in (("2026-13-01", today), (today, "2020-01-01"), ("2000-01-01", today)):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await lpr.stub.GetReadCounts(
                lpr_pb2.GetReadCountsRequest(first_day=first, last_day=last)
            )
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_streamed_reads_are_stored(lpr: Lpr) -> None:
    async def batches():  # type: ignore[no-untyped-def]
        yield lpr_pb2.IngestReadsRequest(reads=[read("s1", "STR001")])
        yield lpr_pb2.IngestReadsRequest(reads=[read("s2", "STR002"), read("s1", "STR001")])

    reply = await lpr.stub.StreamReads(batches())
    assert (reply.stored, reply.duplicates) == (2, 1)
    assert [r.index for r in reply.results] == [0, 1, 2]


async def test_fuzzy_wildcard_and_state_aware_search(lpr: Lpr) -> None:
    now = datetime.now(UTC)
    reads = [
        read("a", "ABC1O23", observed_at=stamp(now - timedelta(minutes=3))),
        read("b", "ABC1023", observed_at=stamp(now - timedelta(minutes=2))),
        read("c", "ABC1023", state="OK", observed_at=stamp(now - timedelta(minutes=1))),
        read("d", "XBC1023", confidence=0.4),
    ]
    await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=reads))
    assert await _search(lpr, "ABC1023", lpr_pb2.FUZZY, state="TX") == ["b", "a"]
    assert await _search(lpr, "ABC1023", lpr_pb2.EXACT) == ["c", "b"]
    assert await _search(lpr, "A?C1*", lpr_pb2.WILDCARD) == ["c", "b", "a"]
    assert await _search(lpr, "*1023", lpr_pb2.WILDCARD, min_confidence=0.5) == ["c", "b"]
    assert await _search(lpr, "*BC1023", lpr_pb2.WILDCARD) == ["d", "c", "b"]
    # `?` alone: searched as the plates the pattern stands for.
    assert await _search(lpr, "?BC1023", lpr_pb2.WILDCARD) == ["d", "c", "b"]
    assert await _search(lpr, "ABC1??3", lpr_pb2.WILDCARD, state="TX") == ["b", "a"]
    assert await _search(lpr, "ABC1???", lpr_pb2.WILDCARD, state="TX") == ["b", "a"]


async def test_search_pages_readers_time_and_area(lpr: Lpr) -> None:
    now = datetime.now(UTC)
    far = lpr_pb2.Location(latitude=33.5, longitude=-97.5)
    reads = [
        read(
            f"p{i}",
            "PAGE1",
            observed_at=stamp(now - timedelta(minutes=i)),
            reader_id=f"reader-{i % 2}",
            location=far if i == 4 else None,
        )
        for i in range(5)
    ]
    await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=reads))
    first = await lpr.stub.SearchReads(lpr_pb2.SearchReadsRequest(plate="PAGE1", page_size=2))
    second = await lpr.stub.SearchReads(
        lpr_pb2.SearchReadsRequest(plate="PAGE1", page_size=2, page_token=first.next_page_token)
    )
    assert [r.read_id for r in first.reads] + [r.read_id for r in second.reads] == [
        "p0",
        "p1",
        "p2",
        "p3",
    ]
    assert await _search(lpr, "PAGE1", lpr_pb2.EXACT, reader_ids=["reader-1"]) == ["p1", "p3"]
    window = {"start": stamp(now - timedelta(minutes=2, seconds=30)), "end": stamp(now)}
    assert await _search(lpr, "PAGE1", lpr_pb2.EXACT, **window) == ["p1", "p2"]
    circle = lpr_pb2.GeoArea(center=far, radius_m=500)
    assert await _search(lpr, "PAGE1", lpr_pb2.EXACT, area=circle) == ["p4"]
    ring = [
        lpr_pb2.Location(latitude=lat, longitude=lon)
        for lon, lat in ((-98, 33), (-97, 33), (-97, 34), (-98, 34))
    ]
    polygon = lpr_pb2.GeoArea(polygon=ring)
    assert await _search(lpr, "", lpr_pb2.EXACT, area=polygon) == ["p4"]


async def test_bad_search_is_invalid_argument(lpr: Lpr) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await lpr.stub.SearchReads(lpr_pb2.SearchReadsRequest(plate="**", match=lpr_pb2.WILDCARD))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_images_are_stored_once_and_served(lpr: Lpr) -> None:
    image = lpr_pb2.Image(data=JPEG, content_type="image/jpeg")
    reply = await lpr.stub.IngestReads(
        lpr_pb2.IngestReadsRequest(
            reads=[
                read("i1", "IMG1", plate_image=image),
                read("i2", "IMG1", plate_image=image),
                read("i3", "IMG1", plate_image=lpr_pb2.Image(data=b"GIF89a")),
            ]
        )
    )
    assert [r.status for r in reply.results] == [STORED, STORED, REJECTED]
    found = await lpr.stub.SearchReads(lpr_pb2.SearchReadsRequest(plate="IMG1"))
    image_ids = {r.plate_image_id for r in found.reads}
    assert len(image_ids) == 1
    served = await lpr.stub.GetImage(lpr_pb2.GetImageRequest(image_id=image_ids.pop()))
    assert served.image.data == JPEG and served.image.content_type == "image/jpeg"


async def test_stakeout_and_convoy(lpr: Lpr) -> None:
    base = datetime.now(UTC) - timedelta(hours=2)
    reads = []
    for n, reader in enumerate(("r-a", "r-b", "r-c")):
        at = base + timedelta(minutes=20 * n)
        reads += [
            read(f"t{n}", "TARGET1", reader_id=reader, observed_at=stamp(at)),
            read(
                f"f{n}", "FOLLOW1", reader_id=reader, observed_at=stamp(at + timedelta(minutes=1))
            ),
        ]
    reads.append(
        read("x", "ALONE1", reader_id="r-a", observed_at=stamp(base + timedelta(minutes=2)))
    )
    await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=reads))
    window = {"start": stamp(base - timedelta(minutes=1)), "end": stamp(base + timedelta(hours=1))}
    convoy = await lpr.stub.Convoy(
        lpr_pb2.ConvoyRequest(
            plate="TARGET1", state="TX", window_minutes=5, min_occurrences=2, **window
        )  # type: ignore[arg-type]
    )
    assert convoy.target_reads == 3
    assert [(c.plate, c.reads) for c in convoy.companions] == [("FOLLOW1", 3)]
    stakeout = await lpr.stub.Stakeout(
        lpr_pb2.StakeoutRequest(reader_ids=["r-a"], **window)  # type: ignore[arg-type]
    )
    assert sorted(p.plate for p in stakeout.plates) == ["ALONE1", "FOLLOW1", "TARGET1"]
