"""Ingest: validate a batch, store it durably, match it against the hotlists, raise alerts.

A read is acknowledged only after the transaction holding it (and its alerts) has committed and
its images are on disk. Duplicates (same read_id) are reported, never stored twice; a bad read
is rejected with its reason while the rest of its batch goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_lpr.alerts import new_alert_row
from rtcc_lpr.hotlist_entries import entries_matching
from rtcc_lpr.images import ImageData, ImageStore, image_problem
from rtcc_lpr.matching import Candidate, HotlistIndex
from rtcc_lpr.models import Alert, PlateRead, table
from rtcc_lpr.plates import (
    MAX_PLATE_LENGTH,
    is_valid_state,
    normalize_plate,
    normalize_state,
    plate_skeleton,
)
from rtcc_lpr.repeats import RepeatRule, count_repeat, open_alert_repeated
from rtcc_lpr.tallies import count_stored
from rtcc_lpr.upsert import insert_ignoring_conflicts

# Readers' clocks drift; a read from further in the future than this is a bad clock.
MAX_CLOCK_SKEW = timedelta(minutes=10)
MAX_TEXT = 128


class Outcome(Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass
class NewRead:
    read_id: str
    plate: str
    state: str
    confidence: float
    reader_id: str
    camera_id: str
    observed_at: datetime | None
    latitude: float | None = None
    longitude: float | None = None
    plate_image: ImageData | None = None
    wide_image: ImageData | None = None
    colour: str = ""
    make: str = ""
    vehicle_type: str = ""


@dataclass
class ReadResult:
    index: int
    read_id: str
    outcome: Outcome
    reason: str = ""
    alerts: int = 0


@dataclass
class _Accepted:
    result: ReadResult
    row: dict[str, Any]
    images: list[tuple[str, ImageData]]
    candidates: list[Candidate]


def _identity_problem(read: NewRead, plate: str, state: str) -> str | None:
    if not read.read_id or len(read.read_id) > MAX_TEXT:
        return "read_id is required (≤128 chars)"
    if not plate:
        return "plate has no letters or digits"
    if len(plate) > MAX_PLATE_LENGTH:
        return "plate is too long"
    if not is_valid_state(state):
        return "state must be a 2-3 letter code"
    if not (read.reader_id or read.camera_id):
        return "reader_id or camera_id is required"
    if len(read.reader_id) > MAX_TEXT or len(read.camera_id) > MAX_TEXT:
        return "reader_id and camera_id are at most 128 chars"
    return None


def _measure_problem(read: NewRead, now: datetime, max_image_bytes: int) -> str | None:
    if not 0.0 <= read.confidence <= 1.0:
        return "confidence must be between 0 and 1"
    if read.observed_at is None:
        return "observed_at is required"
    if read.observed_at > now + MAX_CLOCK_SKEW:
        return "observed_at is in the future"
    if read.latitude is not None and not -90 <= read.latitude <= 90:
        return "latitude out of range"
    if read.longitude is not None and not -180 <= read.longitude <= 180:
        return "longitude out of range"
    for image in (read.plate_image, read.wide_image):
        if image is not None and (problem := image_problem(image, max_bytes=max_image_bytes)):
            return problem
    return None


def read_problem(
    read: NewRead, plate: str, state: str, *, now: datetime, max_image_bytes: int
) -> str | None:
    """Why a read (with its normalised plate and state) cannot be stored, or None."""
    return _identity_problem(read, plate, state) or _measure_problem(read, now, max_image_bytes)


def _row(read: NewRead, plate: str, state: str, has_hit: bool) -> dict[str, Any]:
    return {
        "read_id": read.read_id,
        "plate": read.plate[:32],
        "plate_normalized": plate,
        "plate_skeleton": plate_skeleton(plate),
        "state": state,
        "confidence": read.confidence,
        "reader_id": read.reader_id,
        "camera_id": read.camera_id,
        "observed_at": read.observed_at,
        "latitude": read.latitude,
        "longitude": read.longitude,
        "plate_image_id": None,
        "wide_image_id": None,
        "colour": read.colour[:32] or None,
        "make": read.make[:64] or None,
        "vehicle_type": read.vehicle_type[:32] or None,
        "has_hit": has_hit,
        "case_number": None,
    }


class Ingestor:
    def __init__(
        self,
        *,
        index: HotlistIndex,
        images: ImageStore,
        max_image_bytes: int,
        repeats: RepeatRule,
    ) -> None:
        self._index = index
        self._images = images
        self._max_image_bytes = max_image_bytes
        self._repeats = repeats

    def _screen(self, reads: Sequence[NewRead]) -> tuple[list[ReadResult], list[_Accepted]]:
        now = datetime.now(UTC)
        results: list[ReadResult] = []
        accepted: list[_Accepted] = []
        seen: set[str] = set()
        for index, read in enumerate(reads):
            result = ReadResult(index=index, read_id=read.read_id, outcome=Outcome.STORED)
            results.append(result)
            plate, state = normalize_plate(read.plate), normalize_state(read.state)
            problem = read_problem(
                read, plate, state, now=now, max_image_bytes=self._max_image_bytes
            )
            if problem:
                result.outcome, result.reason = Outcome.REJECTED, problem
                continue
            if read.read_id in seen:
                result.outcome = Outcome.DUPLICATE
                continue
            seen.add(read.read_id)
            row = _row(read, plate, state, has_hit=False)
            candidates = self._index.match(plate, state, row["plate_skeleton"])
            row["has_hit"] = bool(candidates)
            images = [
                (column, image)
                for column, image in (
                    ("plate_image_id", read.plate_image),
                    ("wide_image_id", read.wide_image),
                )
                if image is not None
            ]
            accepted.append(_Accepted(result, row, images, candidates))
        return results, accepted

    def _store_images(self, accepted: Sequence[_Accepted]) -> None:
        for item in accepted:
            for column, image in item.images:
                item.row[column] = self._images.save(image)

    async def ingest(
        self, conn: AsyncConnection, reads: Sequence[NewRead]
    ) -> tuple[list[ReadResult], list[str]]:
        """Stores the batch in the caller's transaction; returns per-read results and the ids of
        the alerts raised or repeated, to publish once the caller has committed."""
        results, accepted = self._screen(reads)
        accepted = await self._drop_stored(conn, accepted)
        if any(item.images for item in accepted):
            await asyncio.to_thread(self._store_images, accepted)
        inserted = await insert_ignoring_conflicts(
            conn, table(PlateRead), [item.row for item in accepted], key="read_id"
        )
        await count_stored(conn, [item.row for item in accepted if item.row["read_id"] in inserted])
        alert_ids: list[str] = []
        for item in accepted:
            read_pk = inserted.get(item.row["read_id"])
            if read_pk is None:  # a concurrent batch stored the same read_id first
                item.result.outcome = Outcome.DUPLICATE
            elif item.candidates:
                raised = await self._raise_alerts(conn, read_pk, item.row, item.candidates)
                item.result.alerts = len(raised)
                alert_ids.extend(raised)
        return results, alert_ids

    async def _drop_stored(
        self, conn: AsyncConnection, accepted: list[_Accepted]
    ) -> list[_Accepted]:
        if not accepted:
            return accepted
        reads = table(PlateRead)
        ids = [item.row["read_id"] for item in accepted]
        stored = set(
            (await conn.execute(select(reads.c.read_id).where(reads.c.read_id.in_(ids)))).scalars()
        )
        for item in accepted:
            if item.row["read_id"] in stored:
                item.result.outcome = Outcome.DUPLICATE
        return [item for item in accepted if item.row["read_id"] not in stored]

    async def _raise_alerts(
        self, conn: AsyncConnection, read_pk: int, row: dict[str, Any], candidates: list[Candidate]
    ) -> list[str]:
        """New alerts for the entries this read hits, or a repeat counted on the open alert of
        an entry it hits again; the ids of both."""
        now = datetime.now(UTC)
        rows = []
        repeated: list[str] = []
        for candidate in candidates:
            entries = await entries_matching(
                conn, hotlist_id=candidate.hotlist_id, plates=candidate.plates, state=row["state"]
            )
            for entry in entries:
                if entry["expires_at"] is not None and entry["expires_at"] <= now:
                    continue
                open_id = await open_alert_repeated(
                    conn, entry_id=entry["id"], read=row, rule=self._repeats
                )
                if open_id is not None:
                    await count_repeat(
                        conn, alert_id=open_id, read_pk=read_pk, observed_at=row["observed_at"]
                    )
                    repeated.append(open_id)
                    continue
                alert = new_alert_row(
                    read_pk=read_pk,
                    entry=entry,
                    hotlist_name=entry["hotlist_name"],
                    exact=entry["plate"] == row["plate_normalized"],
                    historical=False,
                    seen_at=row["observed_at"],
                )
                rows.append(alert)
        if rows:
            await conn.execute(table(Alert).insert(), rows)
        elif not repeated:  # every candidate had expired: not a hit after all
            reads = table(PlateRead)
            await conn.execute(reads.update().where(reads.c.id == read_pk).values(has_hit=False))
        return [row["id"] for row in rows] + repeated
