"""The audit chain against someone who can write its database but not the oversight service's
key or checkpoint file: cutting off the newest records, rewriting one and recomputing every
later hash, and removing one from the middle are each found by verification, on SQLite and
PostgreSQL; records from before the MAC are adopted once; a broken chain shows in health."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_common.db import create_engine
from rtcc_oversight.audit import row_hash
from rtcc_oversight.audit_watch import AUDIT_CHAIN_HEALTH
from rtcc_oversight.settings import Settings
from rtcc_oversight.testing import Oversight, running_oversight


def _settings(database_url: str, data_dir: Path, **extra: Any) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        audit_checkpoint_interval_s=0.2,
        **extra,
    )


@asynccontextmanager
async def _service(database_url: str, data_dir: Path, **extra: Any) -> AsyncIterator[Oversight]:
    async with running_oversight(_settings(database_url, data_dir, **extra)) as oversight:
        yield oversight


@asynccontextmanager
async def _database(oversight: Oversight) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(oversight.settings.database_url, schema="oversight")
    try:
        yield engine
    finally:
        await engine.dispose()


async def _append(oversight: Oversight, count: int) -> None:
    for n in range(count):
        record = pb.AuditRecord(
            subject=f"analyst{n % 4}",
            role="analyst",
            action="lpr.reads.search",
            query_json=json.dumps({"plate": f"ABC{n:03d}"}),
            reason="burglary follow-up",
            result="ok",
            source="10.0.0.7",
        )
        await oversight.stub.AppendAudit(pb.AppendAuditRequest(record=record))


def _checkpointed_seqs(oversight: Oversight) -> list[int]:
    path = oversight.settings.audit_checkpoint_file
    assert path is not None
    return [json.loads(line)["seq"] for line in path.read_text().splitlines()]


async def _until_checkpointed(oversight: Oversight, seq: int) -> None:
    for _ in range(100):
        if seq in _checkpointed_seqs(oversight):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no checkpoint of record {seq}: {_checkpointed_seqs(oversight)}")


async def _verify(oversight: Oversight) -> pb.VerifyAuditResponse:
    return await oversight.stub.VerifyAudit(pb.VerifyAuditRequest())


async def _rechain(engine: AsyncEngine, from_seq: int) -> None:
    """What an attacker with the source code does after an edit: every later hash recomputed
    (the MACs they cannot recompute are left as they were)."""
    async with engine.begin() as conn:
        prev = (
            await conn.execute(
                text("SELECT hash FROM audit_log WHERE seq = :seq"), {"seq": from_seq - 1}
            )
        ).scalar_one()
        rows = (
            await conn.execute(
                text("SELECT * FROM audit_log WHERE seq >= :seq ORDER BY seq"), {"seq": from_seq}
            )
        ).all()
        for row in rows:
            new_hash = row_hash(prev, row)
            await conn.execute(
                text("UPDATE audit_log SET prev_hash = :prev, hash = :hash WHERE seq = :seq"),
                {"prev": prev, "hash": new_hash, "seq": row.seq},
            )
            prev = new_hash


async def test_cutting_off_the_newest_records_is_found_from_the_checkpoints(
    database_url: str, data_dir: Path
) -> None:
    async with _service(database_url, data_dir) as oversight:
        await _append(oversight, 120)
        # The head is checkpointed on the schedule, without anyone asking for a verification.
        await _until_checkpointed(oversight, 120)
        intact = await _verify(oversight)
        assert intact.intact and intact.records_checked == 120
        assert intact.anchored_seq == 120 and intact.checkpoints_checked >= 2
    # The service is stopped (its memory of the head is gone); the newest 50 are deleted.
    async with _service(database_url, data_dir) as oversight:
        async with _database(oversight) as engine, engine.begin() as conn:
            await conn.execute(text("DELETE FROM audit_log WHERE seq > 70"))
        cut = await _verify(oversight)
        assert not cut.intact and cut.records_checked == 70 and cut.first_bad_seq == 71
        assert "ends at record 70" in cut.problem and "record 120" in cut.problem
        assert "deleted" in cut.problem
        # Writing on from the cut does not hide it: the old checkpoints still stand.
        await _append(oversight, 60)
        written_on = await _verify(oversight)
        assert not written_on.intact and written_on.records_checked >= 70
        assert "checkpoint" in written_on.problem


async def test_a_rewritten_record_with_every_later_hash_recomputed_is_found(
    database_url: str, data_dir: Path
) -> None:
    async with _service(database_url, data_dir) as oversight:
        await _append(oversight, 60)
        await _until_checkpointed(oversight, 60)
        async with _database(oversight) as engine:
            async with engine.begin() as conn:
                await conn.execute(text("UPDATE audit_log SET reason = 'routine' WHERE seq = 30"))
            await _rechain(engine, 30)
        rewritten = await _verify(oversight)
        assert not rewritten.intact and rewritten.first_bad_seq == 30
        assert rewritten.records_checked == 29 and "wrong MAC" in rewritten.problem

        # Even with a MAC forged under another key, the checkpoint does not match.
        async with _database(oversight) as engine, engine.begin() as conn:
            await conn.execute(text("UPDATE audit_log SET mac = '' WHERE seq >= 30"))
        unsigned = await _verify(oversight)
        assert not unsigned.intact and unsigned.first_bad_seq == 30
        assert "no MAC" in unsigned.problem


async def test_a_record_removed_from_the_middle_is_found_even_if_the_rest_is_renumbered(
    database_url: str, data_dir: Path
) -> None:
    async with _service(database_url, data_dir) as oversight:
        await _append(oversight, 60)
        await _until_checkpointed(oversight, 60)
        async with _database(oversight) as engine:
            async with engine.begin() as conn:
                await conn.execute(text("DELETE FROM audit_log WHERE seq = 40"))
            gap = await _verify(oversight)
            assert not gap.intact and gap.first_bad_seq == 41
            assert "record 40 is missing" in gap.problem

            # Closing the gap: later records moved down one and every hash recomputed.
            async with engine.begin() as conn:
                for seq in range(41, 61):
                    await conn.execute(
                        text("UPDATE audit_log SET seq = :new WHERE seq = :old"),
                        {"new": seq - 1, "old": seq},
                    )
            await _rechain(engine, 40)
        renumbered = await _verify(oversight)
        assert not renumbered.intact and renumbered.first_bad_seq == 40
        assert "wrong MAC" in renumbered.problem


async def test_records_from_before_the_mac_are_adopted_once_and_then_must_have_one(
    database_url: str, data_dir: Path
) -> None:
    async with _service(database_url, data_dir) as oversight:
        await _append(oversight, 30)
    # As a database from before this version: no MACs, no checkpoint file.
    async with _database(oversight) as engine, engine.begin() as conn:
        await conn.execute(text("UPDATE audit_log SET mac = ''"))
    checkpoint_file = oversight.settings.audit_checkpoint_file
    assert checkpoint_file is not None
    checkpoint_file.unlink()
    async with _service(database_url, data_dir) as oversight:
        adopted = await _verify(oversight)
        assert adopted.intact and adopted.records_checked == 30 and adopted.anchored_seq == 30
        async with _database(oversight) as engine:
            async with engine.connect() as conn:
                macs = (await conn.execute(text("SELECT mac FROM audit_log"))).scalars().all()
            assert len(macs) == 30 and all(len(mac) == 64 for mac in macs)
            # Once adopted, a record stripped of its MAC is not adopted again.
            async with engine.begin() as conn:
                await conn.execute(text("UPDATE audit_log SET mac = '' WHERE seq = 12"))
    async with _service(database_url, data_dir) as oversight:
        stripped = await _verify(oversight)
        assert not stripped.intact and stripped.first_bad_seq == 12
        assert "no MAC" in stripped.problem


async def test_checkpoints_and_macs_are_only_good_with_the_service_key(
    database_url: str, data_dir: Path
) -> None:
    async with _service(database_url, data_dir) as oversight:
        await _append(oversight, 10)
        await _until_checkpointed(oversight, 10)
        checkpoint_file = oversight.settings.audit_checkpoint_file
        assert checkpoint_file is not None
        forged = {"seq": 5, "hash": "0" * 64, "ts_us": 1, "mac": "f" * 64}
        with checkpoint_file.open("a") as out:
            out.write(json.dumps(forged) + "\n")
        refused = await _verify(oversight)
        assert not refused.intact and "not authentic" in refused.problem
    key_file = oversight.settings.audit_key_file
    assert key_file is not None
    key_file.unlink()  # the service starts with a new key: nothing written before verifies
    lines = checkpoint_file.read_text().splitlines()
    checkpoint_file.write_text("\n".join(lines[:-1]) + "\n")
    async with _service(database_url, data_dir) as oversight:
        rekeyed = await _verify(oversight)
        assert not rekeyed.intact and "not authentic" in rekeyed.problem


async def _until_health(
    health: health_pb2_grpc.HealthStub, ask: health_pb2.HealthCheckRequest, wanted: int
) -> None:
    """Until the chain's health is `wanted` (the first verification runs just after start)."""
    status = None
    for _ in range(50):
        try:
            status = (await health.Check(ask)).status
        except grpc.aio.AioRpcError as exc:  # NOT_FOUND: not verified yet
            status = exc.code()
        if status == wanted:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the audit chain's health stayed {status}")


async def test_a_scheduled_verification_that_fails_shows_in_health(
    database_url: str, data_dir: Path
) -> None:
    async with _service(database_url, data_dir, audit_verify_interval_s=0.2) as oversight:
        await _append(oversight, 20)
        async with grpc.aio.insecure_channel(oversight.address) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            ask = health_pb2.HealthCheckRequest(service=AUDIT_CHAIN_HEALTH)
            serving = health_pb2.HealthCheckResponse.SERVING
            await _until_health(health, ask, serving)
            async with _database(oversight) as engine, engine.begin() as conn:
                await conn.execute(text("UPDATE audit_log SET result = 'denied' WHERE seq = 7"))
            await _until_health(health, ask, health_pb2.HealthCheckResponse.NOT_SERVING)
            # The service itself still serves: accesses go on being recorded.
            whole = await health.Check(health_pb2.HealthCheckRequest())
            assert whole.status == serving
            await _append(oversight, 1)
