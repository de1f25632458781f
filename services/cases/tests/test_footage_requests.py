"""Footage requests to camera owners: one-time links, a real H.264 clip uploaded, hashed and kept
as evidence with its custody; links refused once used, declined, replaced or expired."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_cases.server import build_server
from rtcc_common.testing import running_service
from services.cases.tests.support import (
    ANALYST,
    MIGRATIONS,
    NO_RECORDER,
    cases_settings,
    new_case,
)

CHUNK = 64 * 1024


def stamp(seconds: float) -> Timestamp:
    value = Timestamp()
    value.FromNanoseconds(round(seconds * 1e9))
    return value


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Two seconds of H.264 in MP4, as a phone or a doorbell camera's app would hand it over."""
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15",
            "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path.read_bytes()


def targets(*cameras: str) -> list[cases_pb2.FootageTarget]:
    return [
        cases_pb2.FootageTarget(
            camera_id=c, camera_name=f"{c} porch", registration_id=f"reg-{c}", owner_name="Lee"
        )
        for c in cameras
    ]


def ask_for(case_id: str, *cameras: str, **fields: object) -> cases_pb2.CreateFootageRequestRequest:
    now = time.time()
    given: dict[str, object] = {
        "case_id": case_id,
        "actor": ANALYST,
        "lat": 41.88,
        "lon": -87.63,
        "radius_m": 150,
        "start": stamp(now - 3600),
        "end": stamp(now - 1800),
        "reason": "robbery at the corner store",
        "targets": targets(*cameras),
    }
    given.update(fields)
    return cases_pb2.CreateFootageRequestRequest(**given)  # type: ignore[arg-type]


async def parts(token: str, data: bytes) -> AsyncIterator[cases_pb2.UploadFootageRequest]:
    yield cases_pb2.UploadFootageRequest(token=token)
    for at in range(0, len(data), CHUNK):
        yield cases_pb2.UploadFootageRequest(data=data[at : at + CHUNK])


async def test_an_owner_uploads_a_clip_that_becomes_evidence(cases, clip, data_dir) -> None:
    case = await new_case(cases, "24-700")
    made = await cases.CreateFootageRequest(ask_for(case.id, "cam-a", "cam-b"))
    request = made.request
    assert request.case_number == "24-700"
    assert [a.status for a in request.asks] == ["sent", "sent"]
    links = {link.ask_id: link.token for link in made.links}
    assert set(links) == {a.id for a in request.asks}
    first = next(a for a in request.asks if a.camera_id == "cam-a")
    token = links[first.id]

    shown = await cases.GetFootageAsk(cases_pb2.GetFootageAskRequest(token=token))
    assert shown.view.ask.camera_name == "cam-a porch"
    assert shown.view.reason == "robbery at the corner store"
    assert shown.view.case_number == "24-700"

    uploaded = await cases.UploadFootage(parts(token, clip))
    expected = hashlib.sha256(clip).hexdigest()
    assert uploaded.evidence.sha256 == expected
    assert uploaded.evidence.kind == "upload"
    assert uploaded.evidence.camera_id == "cam-a"
    assert uploaded.view.ask.status == "uploaded"
    assert uploaded.view.ask.size_bytes == len(clip)
    assert uploaded.view.ask.clip_video_codec == "h264"
    assert 1.5 < uploaded.view.ask.clip_duration_s < 2.5
    kept = list((data_dir / "footage_uploads" / case.id).iterdir())
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).hexdigest() == expected

    chain = await cases.ListCustody(
        cases_pb2.ListCustodyRequest(case_id=case.id, evidence_id=uploaded.evidence.id)
    )
    assert [(e.action, e.detail) for e in chain.entries] == [
        ("attached", f"uploaded by owner via request {request.id}")
    ]
    assert chain.entries[0].actor_subject == "owner:reg-cam-a"
    read = cases.ReadFootageClip(
        cases_pb2.ReadFootageClipRequest(case_id=case.id, evidence_id=uploaded.evidence.id)
    )
    messages = [m async for m in read]
    assert (messages[0].sha256, messages[0].content_type) == (expected, "video/mp4")
    assert b"".join(m.chunk for m in messages) == clip
    with pytest.raises(grpc.aio.AioRpcError) as no_clip:
        async for _ in cases.ReadFootageClip(
            cases_pb2.ReadFootageClipRequest(case_id=case.id, evidence_id="nope")
        ):
            pass
    assert no_clip.value.code() == grpc.StatusCode.NOT_FOUND

    with pytest.raises(grpc.aio.AioRpcError) as reused:
        await cases.UploadFootage(parts(token, clip))
    assert reused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "only once" in (reused.value.details() or "")
    evidence = await cases.ListEvidence(cases_pb2.ListEvidenceRequest(case_id=case.id))
    assert [e.kind for e in evidence.evidence] == ["upload"]
    assert len(list((data_dir / "footage_uploads" / case.id).iterdir())) == 1

    second = next(a for a in request.asks if a.camera_id == "cam-b")
    declined = await cases.DeclineFootageAsk(
        cases_pb2.DeclineFootageAskRequest(token=links[second.id], reason="camera was off")
    )
    assert declined.view.ask.status == "declined"
    with pytest.raises(grpc.aio.AioRpcError) as after_decline:
        await cases.UploadFootage(parts(links[second.id], clip))
    assert after_decline.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "declined" in (after_decline.value.details() or "")

    listed = await cases.ListFootageRequests(cases_pb2.ListFootageRequestsRequest(case_id=case.id))
    assert {a.camera_id: a.status for a in listed.requests[0].asks} == {
        "cam-a": "uploaded",
        "cam-b": "declined",
    }
    year = time.gmtime().tm_year
    counts = await cases.CountFootageRequests(cases_pb2.CountFootageRequestsRequest(year=year))
    assert (counts.requests, counts.owners_asked, counts.uploaded, counts.declined) == (1, 2, 1, 1)


async def test_what_is_not_video_is_refused_and_the_link_still_works(cases, clip) -> None:
    case = await new_case(cases, "24-701")
    made = await cases.CreateFootageRequest(ask_for(case.id, "cam-c"))
    token = made.links[0].token
    for junk in (b"", b"not a video at all " * 500):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await cases.UploadFootage(parts(token, junk))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "video" in (refused.value.details() or "")
    got = await cases.GetFootageRequest(
        cases_pb2.GetFootageRequestRequest(case_id=case.id, id=made.request.id)
    )
    assert got.request.asks[0].status == "sent"
    assert (await cases.UploadFootage(parts(token, clip))).view.ask.status == "uploaded"


async def test_links_expire_and_a_reissued_link_voids_the_old_one(cases, clip) -> None:
    case = await new_case(cases, "24-702")
    made = await cases.CreateFootageRequest(ask_for(case.id, "cam-d"))
    old = made.links[0].token
    again = await cases.ReissueFootageLink(
        cases_pb2.ReissueFootageLinkRequest(
            case_id=case.id, request_id=made.request.id, ask_id=made.links[0].ask_id, actor=ANALYST
        )
    )
    assert again.link.token != old
    with pytest.raises(grpc.aio.AioRpcError) as replaced:
        await cases.GetFootageAsk(cases_pb2.GetFootageAskRequest(token=old))
    assert replaced.value.code() == grpc.StatusCode.NOT_FOUND

    soon = await cases.CreateFootageRequest(
        ask_for(case.id, "cam-e", expires_at=stamp(time.time() + 1.0))
    )
    await asyncio.sleep(1.5)
    with pytest.raises(grpc.aio.AioRpcError) as expired:
        await cases.UploadFootage(parts(soon.links[0].token, clip))
    assert expired.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "expired" in (expired.value.details() or "")
    listed = await cases.ListFootageRequests(cases_pb2.ListFootageRequestsRequest(case_id=case.id))
    assert [r.asks[0].status for r in listed.requests] == ["sent", "expired"]
    year = time.gmtime().tm_year
    counts = await cases.CountFootageRequests(cases_pb2.CountFootageRequestsRequest(year=year))
    assert (counts.sent, counts.expired) == (1, 1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"radius_m": 0}, "radius_m"),
        ({"lat": 95.0}, "lat"),
        ({"end": stamp(time.time() - 7200)}, "end must be after start"),
        ({"end": stamp(time.time() + 86400)}, "future"),
        ({"reason": "  "}, "reason"),
        ({"targets": []}, "targets"),
        ({"targets": targets("cam-f", "cam-f")}, "repeated"),
        ({"expires_at": stamp(time.time() - 10)}, "expires_at"),
    ],
)
async def test_bad_requests_are_refused_with_nothing_made(
    cases, fields: dict[str, object], message: str
) -> None:
    case = await new_case(cases, "24-703")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await cases.CreateFootageRequest(ask_for(case.id, "cam-f", **fields))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (refused.value.details() or "")
    listed = await cases.ListFootageRequests(cases_pb2.ListFootageRequestsRequest(case_id=case.id))
    assert list(listed.requests) == []


async def test_an_unknown_token_is_not_found(cases, tmp_path: Path) -> None:
    for token in ("x" * 43, "short", "../../etc/passwd"):
        with pytest.raises(grpc.aio.AioRpcError) as unknown:
            await cases.DeclineFootageAsk(cases_pb2.DeclineFootageAskRequest(token=token))
        assert unknown.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_clip_over_the_limit_is_refused_and_nothing_is_kept(
    database_url: str, data_dir: Path, clip: bytes
) -> None:
    settings = cases_settings(database_url, data_dir, NO_RECORDER)
    settings.footage_upload_max_bytes = len(clip) - 1
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = cases_pb2_grpc.CasesServiceStub(channel)
            case = await new_case(stub, "24-704")
            made = await stub.CreateFootageRequest(ask_for(case.id, "cam-g"))
            with pytest.raises(grpc.aio.AioRpcError) as too_big:
                await stub.UploadFootage(parts(made.links[0].token, clip))
            assert too_big.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert f"larger than {len(clip) - 1} bytes" in (too_big.value.details() or "")
            assert not any((data_dir / "footage_uploads" / case.id).iterdir())
            got = await stub.GetFootageRequest(
                cases_pb2.GetFootageRequestRequest(case_id=case.id, id=made.request.id)
            )
            assert got.request.asks[0].status == "sent"


async def test_a_closed_case_takes_no_clip(cases, clip, data_dir) -> None:
    case = await new_case(cases, "24-705")
    made = await cases.CreateFootageRequest(ask_for(case.id, "cam-h"))
    await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(
            id=case.id, actor=ANALYST, status="closed", reason="suspect charged"
        )
    )
    with pytest.raises(grpc.aio.AioRpcError) as closed:
        await cases.UploadFootage(parts(made.links[0].token, clip))
    assert closed.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "closed" in (closed.value.details() or "")
    assert not (data_dir / "footage_uploads" / case.id).exists()
