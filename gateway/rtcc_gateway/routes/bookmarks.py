"""Bookmarks: a moment or a range of a camera's footage marked with a note; listed and searched
by camera, time and words, opened again at that moment, and linked to the case its export was
attached to. Every call is audited, like every other access to footage."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.lookback import bookmark_out
from rtcc_gateway.convert.times import to_stamp
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas import lookback as s

router = APIRouter(tags=["bookmarks"])

BookmarkId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


@router.post("/v1/bookmarks", status_code=201)
async def create_bookmark(
    body: s.BookmarkCreate, backends: BackendsDep, call: Annotated[Call, policy("bookmarks.create")]
) -> s.BookmarkOut:
    """Marks a moment (no `end`) or a range of a camera's footage with a note."""
    request = pb.CreateBookmarkRequest(
        camera_id=body.camera_id,
        start=to_stamp(body.start),
        note=body.note,
        created_by=call.caller.subject,
    )
    if body.end is not None:
        request.end.CopyFrom(to_stamp(body.end))
    call.object_ids.append(body.camera_id)
    reply = await backends.recorder.CreateBookmark(request)
    call.object_ids.append(reply.bookmark.id)
    return bookmark_out(reply.bookmark)


@router.get("/v1/bookmarks")
async def search_bookmarks(
    backends: BackendsDep,
    call: Annotated[Call, policy("bookmarks.search")],
    camera_id: Annotated[str, Query(max_length=64)] = "",
    start: Annotated[datetime | None, Query()] = None,
    end: Annotated[datetime | None, Query()] = None,
    q: Annotated[str, Query(max_length=200, description="words the note must hold")] = "",
    mine: Annotated[bool, Query(description="only the caller's own")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> s.BookmarkList:
    """Newest first; a time range keeps the bookmarks that overlap it."""
    request = pb.SearchBookmarksRequest(
        camera_id=camera_id,
        text=q,
        created_by=call.caller.subject if mine else "",
        limit=limit,
    )
    if start is not None:
        request.start.CopyFrom(to_stamp(start))
    if end is not None:
        request.end.CopyFrom(to_stamp(end))
    reply = await backends.recorder.SearchBookmarks(request)
    return s.BookmarkList(bookmarks=[bookmark_out(b) for b in reply.bookmarks])


@router.get("/v1/bookmarks/{bookmark_id}")
async def get_bookmark(
    bookmark_id: BookmarkId, backends: BackendsDep, call: Annotated[Call, policy("bookmarks.read")]
) -> s.BookmarkOut:
    reply = await backends.recorder.GetBookmark(pb.GetBookmarkRequest(id=bookmark_id))
    return bookmark_out(reply.bookmark)


@router.patch("/v1/bookmarks/{bookmark_id}")
async def update_bookmark(
    bookmark_id: BookmarkId,
    body: s.BookmarkUpdate,
    backends: BackendsDep,
    call: Annotated[Call, policy("bookmarks.update")],
) -> s.BookmarkOut:
    """A corrected note, or the case the bookmarked range was exported to (`case_id` and
    `export_id`, once the export is attached as evidence)."""
    if body.case_id:
        call.object_ids += [body.case_id, body.export_id or ""]
    reply = await backends.recorder.UpdateBookmark(
        pb.UpdateBookmarkRequest(
            id=bookmark_id,
            note=body.note or "",
            case_id=body.case_id or "",
            export_id=body.export_id or "",
        )
    )
    return bookmark_out(reply.bookmark)


@router.delete("/v1/bookmarks/{bookmark_id}", status_code=204)
async def delete_bookmark(
    bookmark_id: BookmarkId,
    backends: BackendsDep,
    call: Annotated[Call, policy("bookmarks.delete")],
) -> Response:
    """Only its author deletes a bookmark, and not once it is evidence of a case."""
    await backends.recorder.DeleteBookmark(
        pb.DeleteBookmarkRequest(id=bookmark_id, deleted_by=call.caller.subject)
    )
    return Response(status_code=204)
