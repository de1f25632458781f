"""Hotlists and their entries (bulk CSV import included), and partner sharing agreements."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response

from rtcc.lpr.v1 import lpr_pb2
from rtcc_gateway.convert.lpr import entry_out, hotlist_out
from rtcc_gateway.convert.times import to_stamp_if
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas.lpr import AgreementIn, EntriesIn, HotlistIn

router = APIRouter(prefix="/v1/lpr", tags=["lpr"])

MAX_IMPORT_BYTES = 512 * 1024 * 1024
IMPORT_CHUNK_BYTES = 1024 * 1024
# A million-entry import is parsed, stored and indexed by the service in well under this.
IMPORT_DEADLINE_S = 300.0


@router.get("/hotlists")
async def list_hotlists(
    backends: BackendsDep, call: Annotated[Call, policy("lpr.hotlists.list")]
) -> dict[str, Any]:
    reply = await backends.lpr.ListHotlists(lpr_pb2.ListHotlistsRequest())
    return {"hotlists": [hotlist_out(h) for h in reply.hotlists]}


@router.post("/hotlists", status_code=201)
async def create_hotlist(
    body: HotlistIn, backends: BackendsDep, call: Annotated[Call, policy("lpr.hotlists.create")]
) -> dict[str, Any]:
    reply = await backends.lpr.CreateHotlist(
        lpr_pb2.CreateHotlistRequest(name=body.name, source=body.source, tolerant=body.tolerant)
    )
    call.object_ids.append(reply.id)
    return hotlist_out(reply)


@router.get("/hotlists/{hotlist_id}")
async def get_hotlist(
    hotlist_id: str, backends: BackendsDep, call: Annotated[Call, policy("lpr.hotlists.read")]
) -> dict[str, Any]:
    return hotlist_out(await backends.lpr.GetHotlist(lpr_pb2.GetHotlistRequest(id=hotlist_id)))


@router.delete("/hotlists/{hotlist_id}", status_code=204)
async def delete_hotlist(
    hotlist_id: str, backends: BackendsDep, call: Annotated[Call, policy("lpr.hotlists.delete")]
) -> Response:
    await backends.lpr.DeleteHotlist(lpr_pb2.DeleteHotlistRequest(id=hotlist_id))
    return Response(status_code=204)


@router.get("/hotlists/{hotlist_id}/entries")
async def list_entries(
    hotlist_id: str,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.hotlists.entries")],
    plate: Annotated[str, Query(max_length=32)] = "",
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    page_token: Annotated[str, Query(max_length=20)] = "",
) -> dict[str, Any]:
    reply = await backends.lpr.ListHotlistEntries(
        lpr_pb2.ListHotlistEntriesRequest(
            hotlist_id=hotlist_id, plate=plate, page_size=page_size, page_token=page_token
        )
    )
    return {
        "entries": [entry_out(e) for e in reply.entries],
        "next_page_token": reply.next_page_token or None,
    }


@router.post("/hotlists/{hotlist_id}/entries", status_code=201)
async def add_entries(
    hotlist_id: str,
    body: EntriesIn,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.hotlists.add_entries")],
) -> dict[str, Any]:
    """Adds entries; with `search_back_days` stored reads are searched and hits raised."""
    entries = [
        lpr_pb2.HotlistEntryInput(
            plate=e.plate,
            state=e.state,
            reason=e.reason,
            case_number=e.case_number,
            vehicle_description=e.vehicle_description,
            expires_at=to_stamp_if(e.expires_at),
        )
        for e in body.entries
    ]
    reply = await backends.lpr.AddHotlistEntries(
        lpr_pb2.AddHotlistEntriesRequest(
            hotlist_id=hotlist_id, entries=entries, search_back_days=body.search_back_days
        )
    )
    call.result = f"{len(reply.entries)} entries"
    return {
        "entries": [entry_out(e) for e in reply.entries],
        "historical_alerts": reply.historical_alerts,
    }


@router.delete("/hotlists/{hotlist_id}/entries/{entry_id}", status_code=204)
async def remove_entry(
    hotlist_id: str,
    entry_id: str,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.hotlists.remove_entry")],
) -> Response:
    await backends.lpr.RemoveHotlistEntry(
        lpr_pb2.RemoveHotlistEntryRequest(hotlist_id=hotlist_id, entry_id=entry_id)
    )
    return Response(status_code=204)


async def _csv_messages(
    request: Request, hotlist_id: str, replace: bool
) -> AsyncIterator[lpr_pb2.ImportHotlistRequest]:
    yield lpr_pb2.ImportHotlistRequest(hotlist_id=hotlist_id, replace=replace)
    size = 0
    pending = bytearray()
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_IMPORT_BYTES:
            raise HTTPException(413, f"the CSV file is larger than {MAX_IMPORT_BYTES} bytes")
        pending += chunk
        if len(pending) >= IMPORT_CHUNK_BYTES:
            yield lpr_pb2.ImportHotlistRequest(csv_chunk=bytes(pending))
            pending.clear()
    if pending:
        yield lpr_pb2.ImportHotlistRequest(csv_chunk=bytes(pending))


@router.post("/hotlists/{hotlist_id}/import")
async def import_entries(
    hotlist_id: str,
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.hotlists.import")],
    replace: bool = False,
) -> dict[str, Any]:
    """A CSV body (`plate,state,reason,case_number,vehicle_description,expires_at`); with
    `replace=true` the list becomes exactly this file, all at once."""
    length = request.headers.get("content-length", "0")
    if length.isdigit() and int(length) > MAX_IMPORT_BYTES:
        raise HTTPException(413, f"the CSV file is larger than {MAX_IMPORT_BYTES} bytes")
    reply = await backends.lpr.ImportHotlist(
        _csv_messages(request, hotlist_id, replace), timeout=IMPORT_DEADLINE_S
    )
    call.result = f"{reply.imported} imported"
    return {"imported": reply.imported, "rejected": reply.rejected, "errors": list(reply.errors)}


@router.get("/agreements")
async def list_agreements(
    backends: BackendsDep, call: Annotated[Call, policy("lpr.agreements.list")]
) -> dict[str, Any]:
    reply = await backends.lpr.ListAgreements(lpr_pb2.ListAgreementsRequest())
    return {
        "agreements": [
            {
                "agency": a.agency,
                "hotlist_ids": list(a.hotlist_ids),
                "max_lookback_days": a.max_lookback_days,
            }
            for a in reply.agreements
        ]
    }


@router.put("/agreements/{agency}")
async def put_agreement(
    agency: str,
    body: AgreementIn,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.agreements.put")],
) -> dict[str, Any]:
    """What a partner agency may see: hits on these hotlists, this many days back."""
    reply = await backends.lpr.PutAgreement(
        lpr_pb2.Agreement(
            agency=agency, hotlist_ids=body.hotlist_ids, max_lookback_days=body.max_lookback_days
        )
    )
    return {
        "agency": reply.agency,
        "hotlist_ids": list(reply.hotlist_ids),
        "max_lookback_days": reply.max_lookback_days,
    }
