"""Events an operator must see (long outages, disk pressure, drift, refused deletions): stored,
listed over gRPC, and logged."""

from __future__ import annotations

from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import RecorderEvent

log = get_logger(__name__)


async def record_event(db: Database, *, kind: str, camera_id: str = "", message: str) -> None:
    log.warning("recorder_event", kind=kind, camera_id=camera_id, message=message)
    async with db.sessions() as session:
        session.add(RecorderEvent(kind=kind, camera_id=camera_id, message=message[:1000]))
        await session.commit()
