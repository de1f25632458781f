"""Plate alerts: listed, streamed as Server-Sent Events, and disposed by a person."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from rtcc.lpr.v1 import lpr_pb2
from rtcc_common.logging import get_logger
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import AuditEntry, Auditor, authorize, get_auditor, get_backends
from rtcc_gateway.routes.lpr_reads import requester
from rtcc_gateway.routes.lpr_schemas import DispositionIn, alert_out

log = get_logger(__name__)

router = APIRouter(prefix="/v1/lpr/alerts", tags=["lpr"])

BackendsDep = Annotated[Backends, Depends(get_backends)]
AuditorDep = Annotated[Auditor, Depends(get_auditor)]
Watcher = Annotated[Principal, Depends(authorize("lpr.alerts.read"))]
# Proxies close idle connections; a comment line this often keeps the stream open.
KEEPALIVE_S = 15.0


@router.get("")
async def list_alerts(
    backends: BackendsDep,
    auditor: AuditorDep,
    principal: Watcher,
    open_only: bool = False,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    page_token: str = "",
) -> dict[str, Any]:
    reply = await backends.lpr.ListAlerts(
        lpr_pb2.ListAlertsRequest(
            open_only=open_only,
            page_size=page_size,
            page_token=page_token,
            requester=requester(principal),
        )
    )
    await auditor.record(
        AuditEntry(
            action="lpr.alerts.read",
            result=f"{len(reply.alerts)} alerts",
            object_ids=[a.id for a in reply.alerts],
            query={"open_only": open_only},
        )
    )
    return {
        "alerts": [alert_out(a) for a in reply.alerts],
        "next_page_token": reply.next_page_token or None,
    }


async def _pump(call: Any, queue: asyncio.Queue[lpr_pb2.Alert | None]) -> None:
    try:
        async for alert in call:
            await queue.put(alert)
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.CANCELLED:
            log.warning("alert_stream_broken", grpc_status=exc.code().name)
    finally:
        await queue.put(None)


async def _events(call: Any) -> AsyncIterator[str]:
    """SSE frames: one `alert` event per alert, a comment when idle, until either side leaves."""
    queue: asyncio.Queue[lpr_pb2.Alert | None] = asyncio.Queue()
    pump = asyncio.create_task(_pump(call, queue))
    try:
        yield ": subscribed\n\n"
        while True:
            try:
                alert = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_S)
            except TimeoutError:
                yield ": keepalive\n\n"
                continue
            if alert is None:
                yield "event: end\ndata: {}\n\n"
                return
            yield f"id: {alert.id}\nevent: alert\ndata: {json.dumps(alert_out(alert))}\n\n"
    finally:
        call.cancel()
        pump.cancel()


@router.get("/stream")
async def stream_alerts(
    backends: BackendsDep, auditor: AuditorDep, principal: Watcher
) -> StreamingResponse:
    """Alerts as they are raised (Server-Sent Events). The first line, `: subscribed`, comes
    once every later alert is sure to be delivered."""
    call = backends.lpr.WatchAlerts(lpr_pb2.WatchAlertsRequest(requester=requester(principal)))
    # The service sends initial metadata once the subscription is registered; a call refused
    # instead (e.g. a partner without an agreement) ends without it, and reading it raises.
    metadata = await call.initial_metadata()
    if not any(key == "subscribed" for key, _ in metadata or ()):
        await call.read()
    await auditor.record(AuditEntry(action="lpr.alerts.watch", result="subscribed"))
    return StreamingResponse(
        _events(call),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/{alert_id}/disposition")
async def dispose_alert(
    alert_id: str,
    body: DispositionIn,
    backends: BackendsDep,
    auditor: AuditorDep,
    principal: Annotated[Principal, Depends(authorize("lpr.alerts.dispose"))],
) -> dict[str, Any]:
    """A person's decision on an alert (plate and state checked on the image); recorded once,
    with who and when."""
    reply = await backends.lpr.DisposeAlert(
        lpr_pb2.DisposeAlertRequest(
            alert_id=alert_id,
            disposition=body.disposition,
            disposed_by=principal.subject,
            note=body.note,
        )
    )
    await auditor.record(
        AuditEntry(action="lpr.alerts.dispose", result=body.disposition, object_ids=[alert_id])
    )
    return alert_out(reply)
