"""Live view over WebRTC (WHEP): an SDP offer in, an SDP answer out, DELETE to hang up."""

from __future__ import annotations

import json
from functools import partial
from importlib import resources
from typing import Annotated, Literal

from aiortc import RTCIceServer
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from rtcc.oversight.v1 import oversight_pb2
from rtcc_common.errors import DomainError
from rtcc_gateway.auth.policy import rule_for
from rtcc_gateway.clients import Backends, request_id_var
from rtcc_gateway.convert.times import wire
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.errors import GRPC_TO_HTTP
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.webrtc.manager import LiveViewManager
from rtcc_gateway.webrtc.offers import MAX_OFFER_BYTES
from rtcc_gateway.webrtc.sessions import LiveSession

router = APIRouter(tags=["live"])

CameraId = Annotated[str, Path(min_length=1, max_length=128)]
SDP = "application/sdp"


def get_live(request: Request) -> LiveViewManager:
    manager: LiveViewManager = request.app.state.live
    return manager


async def _read_offer(request: Request) -> str:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != SDP:
        raise HTTPException(415, f"the offer must be sent as {SDP}")
    body = await request.body()
    if len(body) > MAX_OFFER_BYTES:
        raise HTTPException(413, f"the SDP offer is larger than {MAX_OFFER_BYTES} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the SDP offer is not UTF-8 text") from exc


@router.post(
    "/v1/cameras/{camera_id}/whep",
    status_code=201,
    response_class=Response,
    responses={201: {"content": {SDP: {}}, "description": "the SDP answer"}},
)
async def start_live_view(
    camera_id: CameraId,
    request: Request,
    call: Annotated[Call, policy("live.view")],
    live: Annotated[LiveViewManager, Depends(get_live)],
    backends: BackendsDep,
    stream: Annotated[Literal["main", "sub"], Query()] = "main",
) -> Response:
    """Watch a camera live. `stream=sub` asks for the sub-stream (grid views) where one exists."""
    offer = await _read_offer(request)
    on_end = partial(
        record_session_end,
        backends,
        source=request.client.host if request.client else "",
        request_id=request_id_var.get(),
    )
    try:
        session, answer = await live.open_session(
            camera_id=camera_id,
            variant=stream,
            offer_sdp=offer,
            principal=call.caller,
            on_end=on_end,
        )
    except DomainError as exc:
        call.query["refusal"] = exc.message
        raise HTTPException(GRPC_TO_HTTP.get(exc.status, 500), exc.message) from exc
    call.object_ids.append(session.id)
    call.query.update(stream=session.variant, transport=session.transport)
    call.result = "started"

    async def end_unrecorded() -> None:
        session.on_end = None
        await live.end_session(session.id, "audit_unavailable")

    call.undo.append(end_unrecorded)
    headers = {"Location": f"/v1/cameras/{camera_id}/whep/{session.id}"}
    links = ice_server_links(live.ice_servers)
    if links:
        headers["Link"] = links
    return Response(answer, status_code=201, media_type=SDP, headers=headers)


async def record_session_end(
    backends: Backends, session: LiveSession, *, source: str, request_id: str
) -> None:
    """The session's end on the audit trail: who watched which camera, from when to when."""
    query = {
        "started_at": wire(session.started_at),
        "ended_at": wire(session.ended_at),
        "end_reason": session.end_reason,
        "stream": session.variant,
        "transport": session.transport,
    }
    record = oversight_pb2.AuditRecord(
        subject=session.subject,
        agency=session.agency or "",
        role=session.role,
        action="live.view",
        technology=rule_for("live.view").technology or "",
        object_ids=[session.camera_id, session.id],
        query_json=json.dumps(query, sort_keys=True),
        result="ended",
        source=source,
        request_id=request_id,
    )
    await backends.oversight.AppendAudit(oversight_pb2.AppendAuditRequest(record=record))


def ice_server_links(servers: list[RTCIceServer]) -> str:
    """The gateway's STUN/TURN servers as WHEP announces them to the player (RFC 9725, 4.4)."""
    links = []
    for server in servers:
        urls = [server.urls] if isinstance(server.urls, str) else server.urls
        for url in urls:
            link = f'<{url}>; rel="ice-server"'
            if server.username and server.credential:
                link += (
                    f'; username="{server.username}"; credential="{server.credential}"'
                    '; credential-type="password"'
                )
            links.append(link)
    return ", ".join(links)


@router.delete("/v1/cameras/{camera_id}/whep/{session_id}")
async def stop_live_view(
    camera_id: CameraId,
    session_id: Annotated[str, Path(min_length=1, max_length=64)],
    call: Annotated[Call, policy("live.end")],
    live: Annotated[LiveViewManager, Depends(get_live)],
) -> Response:
    """End a live session: only its own viewer may, anyone else sees no such session."""
    session = live.sessions.get(session_id)
    if session is None or session.camera_id != camera_id or session.subject != call.caller.subject:
        raise HTTPException(404, "no such live session")
    await live.end_session(session_id, "viewer_hung_up")
    return Response(status_code=200)


@router.get("/v1/cameras/{camera_id}/whep/{session_id}")
async def read_live_view(
    camera_id: CameraId,
    session_id: Annotated[str, Path(min_length=1, max_length=64)],
    call: Annotated[Call, policy("live.session")],
    live: Annotated[LiveViewManager, Depends(get_live)],
) -> dict[str, object]:
    """A live session's state for its own viewer: `connecting`, `connected`, `failed` (with
    `end_reason` and `failure`, e.g. a DTLS handshake that did not complete) or `ended`. WHEP
    answers 201 before the connection is tried; this is where a viewer learns how it went."""
    session = live.sessions.find(session_id)
    if session is None or session.camera_id != camera_id or session.subject != call.caller.subject:
        raise HTTPException(404, "no such live session")
    return session.describe()


@router.get("/v1/live/sessions")
async def list_live_sessions(
    call: Annotated[Call, policy("live.sessions")],
    live: Annotated[LiveViewManager, Depends(get_live)],
) -> dict[str, list[dict[str, object]]]:
    """Who watches or watched which camera, from when to when (ended: the latest 1,000)."""
    return {
        "open": [s.describe() for s in live.sessions.open_sessions()],
        "ended": [s.describe() for s in live.sessions.ended_sessions()],
    }


@router.get("/live/player", response_class=HTMLResponse, include_in_schema=False)
async def live_player() -> HTMLResponse:
    """A minimal WHEP player: /live/player#camera=ID&token=TOKEN[&stream=sub]."""
    page = resources.files("rtcc_gateway.webrtc").joinpath("static/player.html").read_text()
    return HTMLResponse(page)
