"""A recorder restarted after a crash takes its own cameras back at once, and lease renewal never
waits behind a camera that is slow to stop."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
import pytest
from sqlmodel import select

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc.recorder.v1 import recorder_pb2_grpc
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.service_runtime import open_database
from rtcc_common.testing import running_service
from rtcc_recorder.models import CameraLease
from rtcc_recorder.server import build_server
from rtcc_recorder.testing import (
    RecorderProcess,
    RegistryCameras,
    recorder_env,
    recorder_test_settings,
    seconds,
    stamp,
    wait_for,
)

MIGRATIONS = Path(__file__).parents[1] / "rtcc_recorder" / "migrations"


async def _segments(address: str, camera_id: str, since: float) -> list[pb.Segment] | None:
    try:
        async with grpc.aio.insecure_channel(address) as channel:
            reply = await recorder_pb2_grpc.RecorderServiceStub(channel).ListRecordings(
                pb.ListRecordingsRequest(
                    camera_id=camera_id, start=stamp(since - 60), end=stamp(time.time() + 60)
                ),
                timeout=5,
            )
    except grpc.aio.AioRpcError:
        return None  # still starting
    return list(reply.segments)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_recorder_restarted_after_sigkill_records_again_without_waiting_for_its_leases(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    """No instance id configured, production's 30 s lease: a new name at each start would leave
    the camera unrecorded until the old lease lapsed."""
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    env = recorder_env(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address,
        instance_id="",
    )  # fmt: skip
    del env["RTCC_RECORDER_INSTANCE_ID"]
    env["RTCC_RECORDER_LEASE_TTL_S"] = "30"
    began = time.time()
    recorder = RecorderProcess(env)
    recorder.start()
    try:

        async def recorded() -> list[pb.Segment] | None:
            found = await _segments(recorder.address, cam1, began)
            return found if found and len(found) >= 2 else None

        await wait_for(recorded, within_s=90)
        recorder.kill()
        restarted_at = time.time()
        recorder = RecorderProcess(env, port=recorder.port)
        recorder.start()

        async def recording_again() -> list[pb.Segment] | None:
            found = await _segments(recorder.address, cam1, began) or []
            newer = [s for s in found if seconds(s.start) > restarted_at]
            return newer or None

        newer = await wait_for(recording_again, within_s=90, interval=0.2)
        waited = seconds(newer[0].start) - restarted_at
        # Start-up, the camera's session and its first keyframe; not a lease's 30 s.
        assert waited < 15.0, f"recording resumed {waited:.1f} s after the restart"
    finally:
        recorder.stop()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_leases_are_renewed_while_a_camera_is_slow_to_stop(
    database_url: str, data_dir: Path, cameras: CameraSimulator, registry: RegistryCameras
) -> None:
    # Its ffmpeg ends at once on SIGTERM, but the process around it takes 4 s more to exit:
    # stopping cam1 takes longer than the 2.5 s lease of cam2.
    slow = data_dir / "slow-to-stop-ffmpeg"
    slow.write_text("#!/bin/sh\ntrap 'sleep 4; exit 0' TERM\nffmpeg \"$@\" &\nwait\n")
    slow.chmod(0o755)
    cam1 = await registry.put("cam1", cameras.url("cam1"))
    cam2 = await registry.put("cam2", cameras.url("cam2"))
    settings = recorder_test_settings(
        data_dir=data_dir, database_url=database_url, registry_addr=registry.address,
        ffmpeg=str(slow), lease_ttl_s=2.5, lease_interval_s=0.5,
    )  # fmt: skip
    async with running_service(settings, build_server, migrations_dir=MIGRATIONS) as running:
        began = time.time()

        async def both_recorded() -> bool:
            one = await _segments(running.address, cam1, began)
            two = await _segments(running.address, cam2, began)
            return bool(one and two)

        await wait_for(both_recorded, within_s=90)
        db = await open_database(settings, migrations_dir=MIGRATIONS)
        try:

            async def lease_left(camera_id: str) -> float | None:
                async with db.sessions() as session:
                    lease = await session.get(CameraLease, camera_id)
                return None if lease is None else lease.expires_ts - time.time()

            await registry.put("cam1", cameras.url("cam1"), record=False)
            least = float("inf")
            deadline = time.time() + 8.0
            while time.time() < deadline:
                left = await lease_left(cam2)
                assert left is not None
                least = min(least, left)
                await asyncio.sleep(0.1)
            assert least > 0, f"cam2's lease lapsed by {-least:.1f} s while cam1 stopped"
            async with db.sessions() as session:
                leases = (await session.execute(select(CameraLease.camera_id))).scalars().all()
            assert cam1 not in leases  # released once it had stopped
        finally:
            await db.close()
