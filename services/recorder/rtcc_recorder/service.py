"""Reads of the recorder's own state: which instance records which camera, and its events."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, func, select

from rtcc_common.service_runtime import Database
from rtcc_recorder.models import CameraLease, RecorderEvent, Segment
from rtcc_recorder.retention import SWEEPER_LEASE

MAX_EVENTS = 1000


@dataclass(frozen=True)
class RecordingState:
    lease: CameraLease
    last_segment_end_ts: float | None


async def list_recording_states(db: Database) -> list[RecordingState]:
    async with db.sessions() as session:
        leases = await session.execute(
            select(CameraLease)
            .where(col(CameraLease.camera_id) != SWEEPER_LEASE)
            .order_by(col(CameraLease.camera_id))
        )
        rows = list(leases.scalars())
        ends = await session.execute(
            select(Segment.camera_id, func.max(Segment.end_ts))
            .where(col(Segment.camera_id).in_([r.camera_id for r in rows]))
            .group_by(col(Segment.camera_id))
        )
        last_end = {camera_id: end for camera_id, end in ends.all()}
    return [RecordingState(lease=r, last_segment_end_ts=last_end.get(r.camera_id)) for r in rows]


async def list_events(
    db: Database, *, camera_id: str, kind: str, since_ts: float
) -> list[RecorderEvent]:
    query = select(RecorderEvent).where(col(RecorderEvent.at_ts) >= since_ts)
    if camera_id:
        query = query.where(col(RecorderEvent.camera_id) == camera_id)
    if kind:
        query = query.where(col(RecorderEvent.kind) == kind)
    async with db.sessions() as session:
        rows = await session.execute(query.order_by(col(RecorderEvent.at_ts)).limit(MAX_EVENTS))
        return list(rows.scalars())
