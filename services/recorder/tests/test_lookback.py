"""Look back on a real recording: export with hash and manifest, snapshot, legal holds against
retention, and reconciliation of the index with the disk."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.service_runtime import open_database
from rtcc_common.testing import running_service
from rtcc_recorder.retention import sweep
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RegistryCameras,
    decoded_frames,
    finished_export,
    recorder_test_settings,
    seconds,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"
DAY = 86400


async def _recorded(stub, camera_id: str, began: float, count: int):  # type: ignore[no-untyped-def]
    reply = await stub.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=stamp(began - 60), end=stamp(time.time())
        )
    )
    return reply if len(reply.segments) >= count else None


async def test_export_snapshot_holds_and_retention(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    began = time.time()
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)
            reply = await wait_for(lambda: _recorded(stub, cam1, began, 4))
            segments = list(reply.segments)
            start = seconds(segments[1].start) + 0.5
            end = seconds(segments[3].end) - 0.5

            created = await stub.CreateExport(
                pb.CreateExportRequest(
                    camera_id=cam1, start=stamp(start), end=stamp(end),
                    reason="burglary follow-up", case_number="24-001", requested_by="det.ana",
                )
            )  # fmt: skip

            export = await finished_export(stub, created.export.id)
            content = b"".join(
                [c.chunk async for c in stub.ReadExportFile(pb.ReadExportFileRequest(id=export.id))]
            )
            assert hashlib.sha256(content).hexdigest() == export.sha256
            assert len(content) == export.bytes
            exported = data_dir / "check.mp4"
            exported.write_bytes(content)
            assert decoded_frames(exported) >= 15 * 4
            manifest = json.loads(export.manifest_json)
            assert manifest["sha256"] == export.sha256
            assert manifest["requested_by"] == "det.ana"
            assert manifest["reason"] == "burglary follow-up"
            assert [s["id"] for s in manifest["segments"]] == [s.id for s in segments[1:4]]

            at = seconds(segments[2].start) + 0.3
            shot = await stub.GetSnapshot(pb.GetSnapshotRequest(camera_id=cam1, at=stamp(at)))
            assert shot.jpeg.startswith(b"\xff\xd8") and shot.segment_id == segments[2].id

            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.CreateExport(
                    pb.CreateExportRequest(camera_id=cam1, start=stamp(start), end=stamp(end))
                )
            assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT

            held = await stub.PlaceHold(
                pb.PlaceHoldRequest(
                    case_id="case-7", camera_id=cam1, start=segments[1].start,
                    end=segments[1].end, reason="evidence", placed_by="sgt.bo",
                )
            )  # fmt: skip
            listed = await stub.ListHolds(pb.ListHoldsRequest(case_id="case-7"))
            assert [h.id for h in listed.holds] == [held.hold.id]

            # Sweep as if 31 days had passed: everything expired but the held segment.
            db = await open_database(settings, migrations_dir=MIGRATIONS)
            try:
                result = await sweep(db, settings, now=time.time() + 31 * DAY)
            finally:
                await db.close()
            after = await stub.ListRecordings(
                pb.ListRecordingsRequest(
                    camera_id=cam1, start=stamp(began - 60), end=stamp(time.time() + 60)
                )
            )
            kept = [s.id for s in after.segments]
            assert segments[1].id in kept and segments[0].id not in kept and result.expired >= 3
            assert (settings.recordings_path / segments[1].path).exists()
            assert not (settings.recordings_path / segments[0].path).exists()
