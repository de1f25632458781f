"""Plate alerts: listed, streamed as Server-Sent Events, and disposed by a person.

An open stream is held to the same policy as each request: before every event (and at every
keepalive) the caller's credential, role, scopes and the approvals are checked again, so a
logout, a revoked key or a suspended technology closes the stream within the policy cache's
few seconds. A client too slow to keep up is let go rather than queued without bound."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from rtcc.lpr.v1 import lpr_pb2
from rtcc_common.logging import get_logger
from rtcc_gateway.auth.credentials import CredentialError, presented_secret, resolve
from rtcc_gateway.auth.policy import rule_for
from rtcc_gateway.convert.lpr import alert_out, requester
from rtcc_gateway.deps import AuditEntry, Call, admit_caller, audit_event, policy
from rtcc_gateway.metrics import observe_alert_delivery
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas.lpr import DispositionIn

log = get_logger(__name__)

router = APIRouter(prefix="/v1/lpr/alerts", tags=["lpr"])

# Alerts waiting for one slow client; past this it is disconnected (it can reconnect and list).
STREAM_QUEUE = 256


@router.get("")
async def list_alerts(
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.alerts.read")],
    open_only: bool = False,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    page_token: str = "",
) -> dict[str, Any]:
    reply = await backends.lpr.ListAlerts(
        lpr_pb2.ListAlertsRequest(
            open_only=open_only,
            page_size=page_size,
            page_token=page_token,
            requester=requester(call.caller),
        )
    )
    call.result = f"{len(reply.alerts)} alerts"
    call.object_ids.extend(a.id for a in reply.alerts)
    return {
        "alerts": [alert_out(a) for a in reply.alerts],
        "next_page_token": reply.next_page_token or None,
    }


async def _pump(call: Any, queue: asyncio.Queue[lpr_pb2.Alert | str]) -> None:
    """Alerts from the service into the client's queue; a string ends the stream (why)."""
    ended = "the alert service ended the stream"
    try:
        async for alert in call:
            if queue.qsize() >= STREAM_QUEUE - 1:
                ended = "this client fell too far behind; reconnect and list the alerts"
                break
            queue.put_nowait(alert)
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.CANCELLED:
            log.warning("alert_stream_broken", grpc_status=exc.code().name)
        if exc.code() == grpc.StatusCode.PERMISSION_DENIED:
            ended = exc.details() or "the sharing agreement no longer covers this stream"
    finally:
        queue.put_nowait(ended)


async def still_allowed(request: Request, call: Call) -> str | None:
    """Why the stream's caller may no longer watch, or None: the same checks as a request."""
    app_state = request.app.state
    try:
        secret = presented_secret(dict(request.scope["headers"]))
        principal = await resolve(app_state.policy_cache, app_state.verified_tokens, secret)
        if principal != call.caller:
            return "the credential now names another caller"
        await admit_caller(request, principal, rule_for(call.action), call.action)
    except CredentialError as exc:
        return exc.message
    except HTTPException as exc:
        return str(exc.detail)
    return None


async def _events(request: Request, call: Call, upstream: Any) -> AsyncIterator[str]:
    """SSE frames: one `alert` event per alert, a comment when idle, until either side leaves
    or the caller is no longer allowed."""
    queue: asyncio.Queue[lpr_pb2.Alert | str] = asyncio.Queue(STREAM_QUEUE)
    pump = asyncio.create_task(_pump(upstream, queue))
    # Proxies close idle connections: a comment line this often keeps the stream open.
    keepalive_s = request.app.state.settings.alert_stream_keepalive_s
    ended = ""
    try:
        yield ": subscribed\n\n"
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), timeout=keepalive_s)
            except TimeoutError:
                item = ""
            if isinstance(item, str) and item:
                ended = item
                break
            refusal = await still_allowed(request, call)
            if refusal is not None:
                ended = f"closed: {refusal}"
                break
            if isinstance(item, str):
                yield ": keepalive\n\n"
                continue
            yield f"id: {item.id}\nevent: alert\ndata: {json.dumps(alert_out(item))}\n\n"
            observe_alert_delivery(item.raised_at.ToMicroseconds() / 1e6, item.repeats)
        yield f"event: end\ndata: {json.dumps({'reason': ended})}\n\n"
    finally:
        upstream.cancel()
        pump.cancel()
        if ended.startswith("closed: "):
            entry = AuditEntry(action="lpr.alerts.watch", result=ended[:200])
            entry.technology = rule_for(call.action).technology
            try:
                await audit_event(request, call.principal, entry)
            except HTTPException:
                log.error("audit_record_not_stored", action=call.action)


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
            "description": "Server-Sent Events: `alert` events, then an `end` event saying why",
        }
    },
)
async def stream_alerts(
    request: Request, backends: BackendsDep, call: Annotated[Call, policy("lpr.alerts.watch")]
) -> StreamingResponse:
    """Alerts as they are raised (Server-Sent Events). The first line, `: subscribed`, comes
    once every later alert is sure to be delivered. The stream ends with an `end` event saying
    why (e.g. the session ended, the agreement changed)."""
    upstream = backends.lpr.WatchAlerts(
        lpr_pb2.WatchAlertsRequest(requester=requester(call.caller))
    )
    # The service sends initial metadata once the subscription is registered; a call refused
    # instead (e.g. a partner without an agreement) ends without it, and reading it raises.
    metadata = await upstream.initial_metadata()
    if not any(key == "subscribed" for key, _ in metadata or ()):
        await upstream.read()
    call.result = "subscribed"
    return StreamingResponse(
        _events(request, call, upstream),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/{alert_id}/disposition")
async def dispose_alert(
    alert_id: str,
    body: DispositionIn,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.alerts.dispose")],
) -> dict[str, Any]:
    """A person's decision on an alert (plate and state checked on the image); recorded once,
    with who and when."""
    reply = await backends.lpr.DisposeAlert(
        lpr_pb2.DisposeAlertRequest(
            alert_id=alert_id,
            disposition=body.disposition,
            disposed_by=call.caller.subject,
            note=body.note,
        )
    )
    call.result = body.disposition
    return alert_out(reply)
