"""Footage on hold, against the real services: a simulated camera, the camera registry, the
recorder recording it, and the cases service. An attached export survives the retention sweep;
once a supervisor confirms the release, the next sweep deletes it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as registry_pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc.recorder.v1 import recorder_pb2 as recorder_pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_camera_registry.server import build_server as build_registry
from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_cases.server import build_server as build_cases
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.db import is_sqlite
from rtcc_common.service_runtime import open_database
from rtcc_common.testing import running_service
from rtcc_recorder.retention import sweep
from rtcc_recorder.server import build_server as build_recorder
from rtcc_recorder.settings import Settings as RecorderSettings
from rtcc_recorder.testing import recorder_test_settings, seconds, small_camera, stamp, wait_for
from services.cases.tests.support import (
    ANALYST,
    DETECTIVE,
    MIGRATIONS,
    SUPERVISOR,
    cases_settings,
    new_case,
)

SERVICES = Path(__file__).parents[2]
REGISTRY_MIGRATIONS = SERVICES / "camera_registry" / "rtcc_camera_registry" / "migrations"
RECORDER_MIGRATIONS = SERVICES / "recorder" / "rtcc_recorder" / "migrations"
DAY = 86400


@dataclass
class Suite:
    cases: cases_pb2_grpc.CasesServiceStub
    recorder: recorder_pb2_grpc.RecorderServiceStub
    recorder_settings: RecorderSettings
    camera_id: str
    segments: list[recorder_pb.Segment]
    export: recorder_pb.Export


def _own_database(database_url: str, data_dir: Path, service: str) -> str:
    """SQLite: a file per service; PostgreSQL: one database, a schema per service."""
    if is_sqlite(database_url):
        return f"sqlite+aiosqlite:///{data_dir / f'{service}.sqlite'}"
    return database_url


async def _register_camera(address: str, url: str) -> str:
    async with grpc.aio.insecure_channel(address) as channel:
        reply = await camera_registry_pb2_grpc.CameraRegistryServiceStub(channel).CreateCamera(
            registry_pb.CreateCameraRequest(
                camera=registry_pb.CameraInput(
                    name="5th & Main",
                    ownership=registry_pb.OWNERSHIP_CITY,
                    technology="fixed",
                    location=registry_pb.Location(lat=41.88, lon=-87.63),
                    stream_url=url,
                    permissions=registry_pb.Permissions(live=True, record=True),
                    lifecycle=registry_pb.LIFECYCLE_ACTIVE,
                )
            )
        )
    return str(reply.camera.id)


async def _exported(
    recorder: recorder_pb2_grpc.RecorderServiceStub, camera_id: str, began: float
) -> tuple[list[recorder_pb.Segment], recorder_pb.Export]:
    """Four recorded segments, and an export of the middle two."""

    async def recorded() -> list[recorder_pb.Segment] | None:
        reply = await recorder.ListRecordings(
            recorder_pb.ListRecordingsRequest(
                camera_id=camera_id, start=stamp(began - 60), end=stamp(time.time())
            )
        )
        return list(reply.segments) if len(reply.segments) >= 4 else None

    segments = await wait_for(recorded, within_s=120)
    created = await recorder.CreateExport(
        recorder_pb.CreateExportRequest(
            camera_id=camera_id,
            start=stamp(seconds(segments[1].start) + 0.5),
            end=stamp(seconds(segments[2].end) - 0.5),
            reason="robbery at 5th and Main",
            case_number="24-7001",
            requested_by="dan",
        )
    )

    async def done() -> recorder_pb.Export | None:
        found = (
            await recorder.GetExport(recorder_pb.GetExportRequest(id=created.export.id))
        ).export
        assert found.status != "failed", found.error
        return found if found.status == "done" else None

    return segments, await wait_for(done, within_s=120)


@pytest.fixture
async def suite(database_url: str, data_dir: Path) -> AsyncIterator[Suite]:
    began = time.time()
    registry_settings = RegistrySettings(
        stream_allowed_networks=["127.0.0.0/8"],  # camsim serves on this host
        database_url=_own_database(database_url, data_dir, "registry"),
        data_dir=data_dir,
        health_interval_s=3600,
    )
    with CameraSimulator([small_camera("cam1")], port=0) as cameras:
        async with running_service(
            registry_settings, build_registry, migrations_dir=REGISTRY_MIGRATIONS
        ) as registry:
            camera_id = await _register_camera(registry.address, cameras.url("cam1"))
            recorder_settings = recorder_test_settings(
                data_dir=data_dir,
                database_url=_own_database(database_url, data_dir, "recorder"),
                registry_addr=registry.address,
            )
            async with running_service(
                recorder_settings, build_recorder, migrations_dir=RECORDER_MIGRATIONS
            ) as recorder_service:
                settings = cases_settings(
                    _own_database(database_url, data_dir, "cases"),
                    data_dir,
                    recorder_service.address,
                )
                async with (
                    running_service(settings, build_cases, migrations_dir=MIGRATIONS) as cases,
                    grpc.aio.insecure_channel(recorder_service.address) as recorder_channel,
                    grpc.aio.insecure_channel(cases.address) as cases_channel,
                ):
                    recorder = recorder_pb2_grpc.RecorderServiceStub(recorder_channel)
                    segments, export = await _exported(recorder, camera_id, began)
                    yield Suite(
                        cases=cases_pb2_grpc.CasesServiceStub(cases_channel),
                        recorder=recorder,
                        recorder_settings=recorder_settings,
                        camera_id=camera_id,
                        segments=segments,
                        export=export,
                    )


async def _sweep_a_month_later(suite: Suite) -> None:
    """The recorder's own retention sweep, run as of 31 days from now (retention is 30)."""
    db = await open_database(suite.recorder_settings, migrations_dir=RECORDER_MIGRATIONS)
    try:
        await sweep(db, suite.recorder_settings, now=time.time() + 31 * DAY)
    finally:
        await db.close()


async def _kept_segment_ids(suite: Suite) -> set[str]:
    reply = await suite.recorder.ListRecordings(
        recorder_pb.ListRecordingsRequest(
            camera_id=suite.camera_id,
            start=suite.segments[0].start,
            end=stamp(time.time() + 60),
        )
    )
    return {s.id for s in reply.segments}


def _attach_export(suite: Suite, case_id: str, sha256: str) -> cases_pb2.AttachEvidenceRequest:
    return cases_pb2.AttachEvidenceRequest(
        case_id=case_id,
        actor=DETECTIVE,
        kind="export",
        ref_id=suite.export.id,
        sha256=sha256,
        reason="robbery footage",
    )


async def _recorder_holds(suite: Suite, case_id: str) -> list[recorder_pb.Hold]:
    reply = await suite.recorder.ListHolds(recorder_pb.ListHoldsRequest(case_id=case_id))
    return list(reply.holds)


async def test_attached_footage_survives_retention_until_a_supervisor_releases_it(
    suite: Suite,
) -> None:
    case = await new_case(suite.cases, "24-7001")
    # A hash that is not the recorder's is refused, and places no hold.
    with pytest.raises(grpc.aio.AioRpcError) as wrong:
        await suite.cases.AttachEvidence(_attach_export(suite, case.id, "0" * 64))
    assert wrong.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "sha256 does not match" in (wrong.value.details() or "")
    assert await _recorder_holds(suite, case.id) == []

    attached = await suite.cases.AttachEvidence(_attach_export(suite, case.id, suite.export.sha256))
    assert attached.evidence.camera_id == suite.camera_id
    assert attached.hold.status == "active"
    in_recorder = await _recorder_holds(suite, case.id)
    assert [h.id for h in in_recorder] == [attached.hold.recorder_hold_id]
    assert not in_recorder[0].HasField("released_at")

    held = {suite.segments[1].id, suite.segments[2].id}
    await _sweep_a_month_later(suite)
    kept = await _kept_segment_ids(suite)
    assert held <= kept
    assert suite.segments[0].id not in kept
    for segment in suite.segments[1:3]:
        assert (suite.recorder_settings.recordings_path / segment.path).exists()

    # Closing only asks: the footage stays held until a supervisor confirms.
    closed = await suite.cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, status="closed", reason="solved")
    )
    assert [h.status for h in closed.holds_pending_release] == ["release_requested"]
    await _sweep_a_month_later(suite)
    assert held <= await _kept_segment_ids(suite)

    for not_allowed in (ANALYST, cases_pb2.Actor(subject="dan", role="supervisor")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await suite.cases.ConfirmHoldRelease(
                cases_pb2.ConfirmHoldReleaseRequest(
                    case_id=case.id, actor=not_allowed, reason="case closed"
                )
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert held <= await _kept_segment_ids(suite)

    released = await suite.cases.ConfirmHoldRelease(
        cases_pb2.ConfirmHoldReleaseRequest(case_id=case.id, actor=SUPERVISOR, reason="closed")
    )
    assert [(h.status, h.released_by) for h in released.holds] == [("released", "sue")]
    assert (await _recorder_holds(suite, case.id))[0].HasField("released_at")
    await _sweep_a_month_later(suite)
    assert not held & await _kept_segment_ids(suite)
    for segment in suite.segments[1:3]:
        assert not (suite.recorder_settings.recordings_path / segment.path).exists()

    chain = await suite.cases.ListCustody(
        cases_pb2.ListCustodyRequest(case_id=case.id, evidence_id=attached.evidence.id)
    )
    assert [(e.action, e.actor_subject) for e in chain.entries] == [
        ("attached", "dan"),
        ("hold_placed", "dan"),
        ("hold_release_requested", "dan"),
        ("hold_released", "sue"),
    ]


async def test_one_export_attached_twice_at_once_holds_once(suite: Suite) -> None:
    case = await new_case(suite.cases, "24-7002")
    request = _attach_export(suite, case.id, suite.export.sha256)
    results = await asyncio.gather(
        *(suite.cases.AttachEvidence(request) for _ in range(4)), return_exceptions=True
    )
    attached = [r for r in results if isinstance(r, cases_pb2.AttachEvidenceResponse)]
    refused = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(attached) == 1
    assert {r.code() for r in refused} == {grpc.StatusCode.ALREADY_EXISTS}
    listed = await suite.cases.ListEvidence(cases_pb2.ListEvidenceRequest(case_id=case.id))
    assert len(listed.evidence) == 1
    # Holds placed by the losers of the race were withdrawn: one hold is in force.
    in_force = [h for h in await _recorder_holds(suite, case.id) if not h.HasField("released_at")]
    assert [h.id for h in in_force] == [attached[0].hold.recorder_hold_id]


async def test_a_download_of_an_export_is_on_the_chain_of_every_case_that_holds_it(
    suite: Suite,
) -> None:
    first = await new_case(suite.cases, "24-7003")
    second = await new_case(suite.cases, "24-7004")
    items = [
        (await suite.cases.AttachEvidence(_attach_export(suite, c.id, suite.export.sha256)))
        for c in (first, second)
    ]
    recorded = await suite.cases.RecordDownload(
        cases_pb2.RecordDownloadRequest(
            export_id=suite.export.id, actor=ANALYST, detail="GET /v1/exports/{id}/file"
        )
    )
    assert sorted(e.evidence_id for e in recorded.entries) == sorted(i.evidence.id for i in items)
    for case, item in zip((first, second), items, strict=True):
        chain = await suite.cases.ListCustody(
            cases_pb2.ListCustodyRequest(case_id=case.id, evidence_id=item.evidence.id)
        )
        last = chain.entries[-1]
        assert (last.action, last.actor_subject, last.detail) == (
            "downloaded",
            ANALYST.subject,
            "GET /v1/exports/{id}/file",
        )
    # An export no case holds has no chain to add to.
    none = await suite.cases.RecordDownload(
        cases_pb2.RecordDownloadRequest(export_id="not-evidence", actor=ANALYST)
    )
    assert list(none.entries) == []
