"""Bookmarks: a moment or a range of a camera's footage marked with a note, found again by
camera, time or words of the note, and linked to the case its export went to."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from rtcc_common.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import Bookmark
from rtcc_recorder.recordings import MAX_RANGE_S

MAX_NOTE = 2000
MAX_LIMIT = 500
# A bookmarked range is something to export; exports cover at most a day.
MAX_BOOKMARK_S = 24 * 3600.0


def _check(camera_id: str, start_ts: float, end_ts: float, note: str, created_by: str) -> None:
    if not camera_id.strip():
        raise InvalidArgument("camera_id is required")
    if not note.strip():
        raise InvalidArgument("a bookmark needs a note")
    if len(note) > MAX_NOTE:
        raise InvalidArgument(f"a note has at most {MAX_NOTE} characters")
    if not created_by.strip():
        raise InvalidArgument("created_by is required")
    if end_ts < start_ts:
        raise InvalidArgument("end must not be before start")
    if end_ts - start_ts > MAX_BOOKMARK_S:
        raise InvalidArgument("a bookmarked range covers at most 24 hours")
    if start_ts > time.time() + 60:
        raise InvalidArgument("a bookmark cannot mark the future")


async def create_bookmark(
    db: Database, *, camera_id: str, start_ts: float, end_ts: float, note: str, created_by: str
) -> Bookmark:
    end_ts = end_ts or start_ts  # no end: a moment
    _check(camera_id, start_ts, end_ts, note, created_by)
    bookmark = Bookmark(
        camera_id=camera_id.strip(),
        start_ts=start_ts,
        end_ts=end_ts,
        note=note.strip(),
        created_by=created_by.strip(),
    )
    async with db.sessions() as session:
        session.add(bookmark)
        await session.commit()
    return bookmark


async def get_bookmark(db: Database, bookmark_id: str) -> Bookmark:
    async with db.sessions() as session:
        found = await session.get(Bookmark, bookmark_id)
    if found is None:
        raise NotFound(f"bookmark {bookmark_id} does not exist")
    return found


@dataclass(frozen=True)
class BookmarkQuery:
    camera_id: str = ""
    start_ts: float = 0.0  # 0: from the beginning
    end_ts: float = 0.0  # 0: until now
    text: str = ""
    created_by: str = ""
    limit: int = 100


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def search_bookmarks(db: Database, search: BookmarkQuery) -> list[Bookmark]:
    """Newest first; a time range keeps the bookmarks that overlap it."""
    if not 1 <= search.limit <= MAX_LIMIT:
        raise InvalidArgument(f"limit must be between 1 and {MAX_LIMIT}")
    if search.start_ts and search.end_ts:
        if search.end_ts <= search.start_ts:
            raise InvalidArgument("end must be after start")
        if search.end_ts - search.start_ts > MAX_RANGE_S * 12:
            raise InvalidArgument("a search covers at most a year")
    query = select(Bookmark)
    if search.camera_id:
        query = query.where(col(Bookmark.camera_id) == search.camera_id)
    if search.created_by:
        query = query.where(col(Bookmark.created_by) == search.created_by)
    if search.start_ts:
        query = query.where(col(Bookmark.end_ts) >= search.start_ts)
    if search.end_ts:
        query = query.where(col(Bookmark.start_ts) <= search.end_ts)
    for word in search.text.split()[:8]:
        pattern = f"%{_escaped(word.lower())}%"
        query = query.where(func.lower(col(Bookmark.note)).like(pattern, escape="\\"))
    query = query.order_by(col(Bookmark.start_ts).desc()).limit(search.limit)
    async with db.sessions() as session:
        return list((await session.execute(query)).scalars())


async def link_bookmark(
    db: Database, *, bookmark_id: str, case_id: str, export_id: str, note: str
) -> Bookmark:
    """Records the case and export a bookmark went to, or a corrected note."""
    if len(note) > MAX_NOTE:
        raise InvalidArgument(f"a note has at most {MAX_NOTE} characters")
    if bool(case_id) != bool(export_id):
        raise InvalidArgument("a case link names both the case and the export")
    async with db.sessions() as session:
        found = await session.get(Bookmark, bookmark_id)
        if found is None:
            raise NotFound(f"bookmark {bookmark_id} does not exist")
        if note.strip():
            found.note = note.strip()
        if case_id:
            found.case_id, found.export_id = case_id, export_id
        await session.commit()
        return found


async def delete_bookmark(db: Database, *, bookmark_id: str, deleted_by: str) -> None:
    """Only its author removes a bookmark, and not once it went to a case."""
    async with db.sessions() as session:
        found = await session.get(Bookmark, bookmark_id)
        if found is None:
            raise NotFound(f"bookmark {bookmark_id} does not exist")
        if found.created_by != deleted_by:
            raise PermissionDenied("only the author of a bookmark may delete it")
        if found.case_id:
            raise FailedPrecondition("this bookmark is evidence of a case and is kept")
        await session.delete(found)
        await session.commit()
