"""A camera that stalls with its TCP session open is caught by the watchdog; the index and the
disk are reconciled without bulk deletions an operator did not confirm."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import grpc
import pytest

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.testing import running_service
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RegistryCameras,
    recorder_test_settings,
    seconds,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"


async def _listing(stub, camera_id: str, since: float) -> pb.ListRecordingsResponse:  # type: ignore[no-untyped-def]
    return await stub.ListRecordings(
        pb.ListRecordingsRequest(
            camera_id=camera_id, start=stamp(since - 60), end=stamp(time.time() + 60)
        )
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_stalled_camera_is_cut_reported_and_resumed(
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

            async def segments(count: int):  # type: ignore[no-untyped-def]
                reply = await _listing(stub, cam1, began)
                return reply if len(reply.segments) >= count else None

            await wait_for(lambda: segments(2))
            assert cameras.pid is not None
            # Frozen, not dead: its sockets stay open and nothing more arrives.
            os.kill(cameras.pid, signal.SIGSTOP)
            try:

                async def stalled_gap():  # type: ignore[no-untyped-def]
                    reply = await _listing(stub, cam1, began)
                    return reply.gaps[0] if reply.gaps else None

                gap = await wait_for(stalled_gap)
                assert gap.reason == "stalled"

                async def outage_event():  # type: ignore[no-untyped-def]
                    reply = await stub.ListRecorderEvents(
                        pb.ListRecorderEventsRequest(camera_id=cam1, kind="camera_outage")
                    )
                    return reply.events

                await wait_for(outage_event)
            finally:
                os.kill(cameras.pid, signal.SIGCONT)

            async def resumed():  # type: ignore[no-untyped-def]
                reply = await _listing(stub, cam1, began)
                if not reply.gaps or not reply.gaps[0].HasField("end"):
                    return None
                return reply

            reply = await wait_for(resumed, within_s=90)
            assert reply.gaps[0].reason == "stalled"
            assert any(seconds(s.start) >= seconds(reply.gaps[0].end) for s in reply.segments)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_reconciliation_repairs_small_drift_and_refuses_bulk_deletion(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    began = time.time()
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address
    )
    root = settings.recordings_path
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        async with grpc.aio.insecure_channel(running.address) as channel:
            stub = recorder_pb2_grpc.RecorderServiceStub(channel)

            async def segments(count: int):  # type: ignore[no-untyped-def]
                reply = await _listing(stub, cam1, began)
                return reply if len(reply.segments) >= count else None

            await wait_for(lambda: segments(5))
            await registry.remove("cam1")

            async def stopped() -> bool:
                return cameras.sessions("cam1") == 0

            await wait_for(stopped)
            listed = list((await _listing(stub, cam1, began)).segments)
            # One file lost, one file the index lacks (a copy under a name of its own).
            (root / listed[1].path).unlink()
            opened = time.strftime("%Y%m%dT%H%M%S", time.gmtime(began))
            orphan = (root / listed[2].path).with_name(f"{cam1}-{opened}Z-0ff1ce.ts")
            shutil.copy(root / listed[2].path, orphan)
            old = time.time() - 3600  # finished long ago, not a file ffmpeg is still writing
            os.utime(orphan, (old, old))
            reply = await stub.ReconcileStorage(pb.ReconcileStorageRequest(camera_id=cam1))
            assert (reply.missing_rows_removed, reply.orphan_files_indexed) == (1, 1)
            after = await _listing(stub, cam1, began)
            assert listed[1].id not in {s.id for s in after.segments}
            assert orphan.name in {Path(s.path).name for s in after.segments}
            assert any(g.reason == "file_missing" for g in after.gaps)

            # The disk looks empty (unmounted?): the index is not emptied without a word.
            for path in root.rglob("*.ts"):
                path.unlink()
            reply = await stub.ReconcileStorage(pb.ReconcileStorageRequest(camera_id=cam1))
            assert list(reply.refused_cameras) == [cam1]
            assert len((await _listing(stub, cam1, began)).segments) == len(after.segments)
            with pytest.raises(grpc.aio.AioRpcError) as unnamed:
                await stub.ReconcileStorage(
                    pb.ReconcileStorageRequest(camera_id=cam1, confirm_bulk=True)
                )
            assert unnamed.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            reply = await stub.ReconcileStorage(
                pb.ReconcileStorageRequest(camera_id=cam1, confirm_bulk=True, confirmed_by="op")
            )
            assert reply.missing_rows_removed == len(after.segments)
            assert not (await _listing(stub, cam1, began)).segments
