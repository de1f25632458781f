"""The look-back timeline's back end over the recorder's real gRPC server and database: recordings
summarised per bucket (exact to the second, segments straddling bucket edges included), gaps with
their reason, bookmarks (made, searched, linked to a case, deleted only by their author) and the
live-wall layouts each person saves."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_common.service_runtime import Database, open_database
from rtcc_common.testing import running_service
from rtcc_recorder.models import Gap, Segment
from rtcc_recorder.server import build_server
from rtcc_recorder.summary import spread
from rtcc_recorder.testing import RegistryCameras, recorder_test_settings, seconds, stamp

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
HOUR = 3600.0
DAY = 86400.0
CAMERA = "cam-summary"


@dataclass
class Recorder:
    stub: recorder_pb2_grpc.RecorderServiceStub
    db: Database


@pytest.fixture
async def recorder(
    database_url: str, data_dir: Path, registry: RegistryCameras
) -> AsyncIterator[Recorder]:
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        db = await open_database(settings, migrations_dir=MIGRATIONS)
        async with grpc.aio.insecure_channel(running.address) as channel:
            yield Recorder(recorder_pb2_grpc.RecorderServiceStub(channel), db)
        await db.close()


async def seed(db: Database, camera_id: str, start: float, end: float, step: float = 10.0) -> int:
    """An index of back-to-back segments, as a camera recorded over [start, end)."""
    rows = []
    at = start
    while at < end:
        stop = min(at + step, end)
        rows.append(
            Segment(
                camera_id=camera_id,
                session_id="s1",
                path=f"{camera_id}/{at:.3f}.ts",
                start_ts=at,
                end_ts=stop,
                duration_s=stop - at,
                bytes=1000,
            )
        )
        at = stop
    async with db.sessions() as session:
        session.add_all(rows)
        await session.commit()
    return len(rows)


async def summarize(stub: recorder_pb2_grpc.RecorderServiceStub, start: float, end: float,
                    bucket_s: float) -> pb.SummarizeRecordingsResponse:  # fmt: skip
    return await stub.SummarizeRecordings(
        pb.SummarizeRecordingsRequest(
            camera_id=CAMERA, start=stamp(start), end=stamp(end), bucket_s=bucket_s
        )
    )


async def test_a_day_summarised_per_hour_to_the_second(recorder: Recorder) -> None:
    # Whole hours, two days back; segments start 5 s past the hour, so every hour's edge cuts one.
    base = (time.time() // HOUR) * HOUR - 2 * DAY
    await seed(recorder.db, CAMERA, base + 5, base + 10 * HOUR)
    # The camera dropped from 10:00 to 12:30, then recorded on until 24:00.
    async with recorder.db.sessions() as session:
        session.add(
            Gap(camera_id=CAMERA, start_ts=base + 10 * HOUR, end_ts=base + 12.5 * HOUR,
                reason="connection_failed")
        )  # fmt: skip
        await session.commit()
    await seed(recorder.db, CAMERA, base + 12.5 * HOUR, base + DAY)
    await seed(recorder.db, "another-camera", base, base + DAY)

    reply = await summarize(recorder.stub, base, base + DAY, HOUR)
    recorded = [round(b.recorded_s, 3) for b in reply.buckets]
    assert recorded == [3595.0] + [3600.0] * 9 + [0.0, 0.0, 1800.0] + [3600.0] * 11
    assert [seconds(b.start) - base for b in reply.buckets[:3]] == [0.0, HOUR, 2 * HOUR]
    assert reply.recorded_s == pytest.approx(sum(recorded))
    assert [(g.reason, seconds(g.start) - base) for g in reply.gaps] == [
        ("connection_failed", 10 * HOUR)
    ]
    assert seconds(reply.first_segment_start) == base + 5
    assert seconds(reply.last_segment_end) == base + DAY

    # Agrees with the segment list in any window, even one that starts mid-segment.
    window = (base + 3 * HOUR + 3, base + 3 * HOUR + 603)
    listed = await recorder.stub.ListRecordings(
        pb.ListRecordingsRequest(camera_id=CAMERA, start=stamp(window[0]), end=stamp(window[1]))
    )
    fine = await summarize(recorder.stub, *window, 60)
    clipped = sum(
        min(seconds(s.end), window[1]) - max(seconds(s.start), window[0]) for s in listed.segments
    )
    assert sum(b.recorded_s for b in fine.buckets) == pytest.approx(clipped) == 600.0
    assert all(b.recorded_s == pytest.approx(60.0) for b in fine.buckets)


async def test_thirty_days_in_buckets_smaller_than_a_segment_and_the_future_left_out(
    recorder: Recorder,
) -> None:
    now = time.time()
    await seed(recorder.db, CAMERA, now - 600, now - 300, step=60.0)
    # 30 days back to a minute ahead: nothing past now comes back.
    month = await summarize(recorder.stub, now - 30 * DAY, now + 60, 30 * DAY / 1000)
    assert seconds(month.buckets[-1].start) <= now + 0.001
    assert month.recorded_s == pytest.approx(300.0)
    # 10 s buckets, each inside one 60 s segment.
    fine = await summarize(recorder.stub, now - 600, now - 300, 10)
    assert [round(b.recorded_s, 6) for b in fine.buckets] == [10.0] * 30
    assert sum(b.segment_count for b in fine.buckets) == 5


@pytest.mark.parametrize(
    ("start_offset", "end_offset", "bucket_s", "message"),
    [
        (0, 3600, 0.5, "bucket_s must be at least"),
        (0, 30 * DAY, 60, "at most 2000 buckets"),
        (0, 32 * DAY, 3600, "at most 31 days"),
        (3600, 0, 60, "end must be after start"),
    ],
)
async def test_a_summary_asked_badly_is_refused(
    recorder: Recorder, start_offset: float, end_offset: float, bucket_s: float, message: str
) -> None:
    base = time.time() - 40 * DAY
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await summarize(recorder.stub, base + start_offset, base + end_offset, bucket_s)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (refused.value.details() or "")


def test_seconds_running_past_a_bucket_fill_the_next_ones() -> None:
    # One 25 s segment begun 2 s before the end of bucket 0 (10 s buckets): 2 + 10 + 10 + 3.
    assert spread([(0, 2.0, 23.0, 1)], 4, 10.0) == [2.0, 10.0, 10.0, 3.0]
    # Overflow stops at the last bucket.
    assert spread([(1, 4.0, 30.0, 1)], 3, 10.0) == [0.0, 4.0, 10.0]


async def test_bookmarks_made_searched_linked_and_kept(recorder: Recorder) -> None:
    stub = recorder.stub
    now = time.time()

    async def make(camera: str, start: float, end: float | None, note: str, by: str) -> pb.Bookmark:
        request = pb.CreateBookmarkRequest(
            camera_id=camera, start=stamp(start), note=note, created_by=by
        )
        if end is not None:
            request.end.CopyFrom(stamp(end))
        return (await stub.CreateBookmark(request)).bookmark

    moment = await make(CAMERA, now - 7200, None, "Grey sedan turns onto Elm St", "det1")
    span = await make(CAMERA, now - 3600, now - 3540, "Two men leave the store", "det1")
    other = await make("cam-2", now - 1800, now - 1790, "grey van parked", "analyst2")
    assert seconds(moment.end) == seconds(moment.start)
    assert (span.created_by, span.case_id) == ("det1", "")

    async def search(**kw: object) -> list[str]:
        reply = await stub.SearchBookmarks(pb.SearchBookmarksRequest(**kw))  # type: ignore[arg-type]
        return [b.id for b in reply.bookmarks]

    assert await search(camera_id=CAMERA) == [span.id, moment.id]  # newest first
    assert await search(text="GREY") == [other.id, moment.id]
    assert await search(text="grey elm") == [moment.id]
    assert await search(text="_") == []  # a wildcard in the words is taken literally
    assert await search(start=stamp(now - 3560), end=stamp(now - 3000)) == [span.id]
    assert await search(created_by="analyst2") == [other.id]
    # The summary of the camera's day carries its bookmarks.
    day = await summarize(stub, now - 4 * HOUR, now, 60)
    assert [b.id for b in day.bookmarks] == [moment.id, span.id]

    linked = await stub.UpdateBookmark(
        pb.UpdateBookmarkRequest(id=span.id, case_id="case-1", export_id="e" * 32)
    )
    assert (linked.bookmark.case_id, linked.bookmark.export_id) == ("case-1", "e" * 32)
    got = await stub.GetBookmark(pb.GetBookmarkRequest(id=span.id))
    assert got.bookmark.case_id == "case-1" and got.bookmark.note == "Two men leave the store"

    async def refused(call: object) -> grpc.aio.AioRpcError:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await call  # type: ignore[misc]
        return caught.value

    # Evidence of a case is kept; only the author deletes; a deleted bookmark is gone.
    kept = await refused(
        stub.DeleteBookmark(pb.DeleteBookmarkRequest(id=span.id, deleted_by="det1"))
    )
    assert kept.code() == grpc.StatusCode.FAILED_PRECONDITION
    not_mine = await refused(
        stub.DeleteBookmark(pb.DeleteBookmarkRequest(id=moment.id, deleted_by="analyst2"))
    )
    assert not_mine.code() == grpc.StatusCode.PERMISSION_DENIED
    await stub.DeleteBookmark(pb.DeleteBookmarkRequest(id=moment.id, deleted_by="det1"))
    gone = await refused(stub.GetBookmark(pb.GetBookmarkRequest(id=moment.id)))
    assert gone.code() == grpc.StatusCode.NOT_FOUND

    for bad, words in (
        (make(CAMERA, now - 60, None, "   ", "det1"), "needs a note"),
        (make(CAMERA, now - 60, now - 120, "backwards", "det1"), "not be before start"),
        (make(CAMERA, now - 2 * DAY, now, "too long", "det1"), "at most 24 hours"),
        (make(CAMERA, now + 3600, None, "tomorrow", "det1"), "cannot mark the future"),
    ):
        error = await refused(bad)
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and words in (error.details() or "")
    assert len(await search()) == 2  # nothing refused was stored


async def test_wall_layouts_are_each_persons_own(recorder: Recorder) -> None:
    stub = recorder.stub

    async def save(owner: str, name: str, tiles: int, cameras: list[str]) -> pb.ViewLayout:
        layout = pb.ViewLayout(name=name, tiles=tiles, camera_ids=cameras)
        return (
            await stub.SaveViewLayout(pb.SaveViewLayoutRequest(owner=owner, layout=layout))
        ).layout

    saved = await save("det1", "Downtown", 9, ["a", "b", "c"])
    assert list(saved.camera_ids) == ["a", "b", "c", "", "", "", "", "", ""]
    await save("det1", "Harbor", 4, ["h1"])
    await save("det1", "Downtown", 4, ["b", "a"])  # the same name replaces it
    await save("analyst2", "Downtown", 1, ["z"])
    mine = (await stub.ListViewLayouts(pb.ListViewLayoutsRequest(owner="det1"))).layouts
    assert [(x.name, x.tiles, list(x.camera_ids)) for x in mine] == [
        ("Downtown", 4, ["b", "a", "", ""]),
        ("Harbor", 4, ["h1", "", "", ""]),
    ]
    for bad in (
        save("det1", "x", 6, []),
        save("det1", "x", 1, ["a", "b"]),
        save("det1", "", 4, []),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await bad
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    await stub.DeleteViewLayout(pb.DeleteViewLayoutRequest(owner="det1", name="Harbor"))
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.DeleteViewLayout(pb.DeleteViewLayoutRequest(owner="analyst2", name="Harbor"))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    left = (await stub.ListViewLayouts(pb.ListViewLayoutsRequest(owner="det1"))).layouts
    assert [x.name for x in left] == ["Downtown"]
