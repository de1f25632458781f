"""Exports: a camera's footage over a range, stream-copied into one MP4 with its SHA-256 and a
manifest. Asking needs a reason; every request and download is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import StreamingResponse

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.deps import AuditEntry, authorize
from rtcc_gateway.routes import recording_messages as msgs
from rtcc_gateway.routes.case_access import audited
from rtcc_gateway.routes.recordings import Audit, Service, first_chunk, relay_chunks
from rtcc_gateway.schemas import recordings as s

router = APIRouter(tags=["exports"])

ExportId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
Creator = Annotated[Principal, Depends(authorize("exports.create"))]
Reader = Annotated[Principal, Depends(authorize("exports.read"))]


async def create_one(backends: Service, principal: Principal, body: s.ExportCreate) -> s.ExportOut:
    reply = await backends.recorder.CreateExport(
        pb.CreateExportRequest(
            camera_id=body.camera_id,
            start=msgs.to_stamp(body.start),
            end=msgs.to_stamp(body.end),
            reason=body.reason,
            case_number=body.case_number,
            requested_by=principal.subject,
        )
    )
    return msgs.export_out(reply.export)


@router.post("/v1/exports", status_code=202)
async def create_export(
    body: s.ExportCreate, principal: Creator, backends: Service, auditor: Audit
) -> s.ExportOut:
    """Starts the export; poll `GET /v1/exports/{id}` until `status` is `done`."""
    entry = AuditEntry(
        action="exports.create",
        result="accepted",
        object_ids=[body.camera_id],
        query={"start": body.start.isoformat(), "end": body.end.isoformat()},
        reason=body.reason,
        case_number=body.case_number or None,
    )
    async with audited(auditor, entry):
        export = await create_one(backends, principal, body)
        entry.object_ids.append(export.id)
    return export


@router.get("/v1/exports/{export_id}")
async def get_export(
    export_id: ExportId, principal: Reader, backends: Service, auditor: Audit
) -> s.ExportOut:
    entry = AuditEntry(action="exports.read", result="ok", object_ids=[export_id])
    async with audited(auditor, entry):
        reply = await backends.recorder.GetExport(pb.GetExportRequest(id=export_id))
    return msgs.export_out(reply.export)


@router.get("/v1/exports/{export_id}/file")
async def download_export(
    export_id: ExportId, principal: Reader, backends: Service, auditor: Audit
) -> StreamingResponse:
    """The MP4; its SHA-256 is in `X-Content-SHA256` and in the export's manifest."""
    entry = AuditEntry(action="exports.download", result="ok", object_ids=[export_id])
    async with audited(auditor, entry):
        export = (await backends.recorder.GetExport(pb.GetExportRequest(id=export_id))).export
        call = backends.recorder.ReadExportFile(pb.ReadExportFileRequest(id=export_id))
        first = await first_chunk(call)
    headers = {
        "Content-Disposition": f'attachment; filename="export-{export_id}.mp4"',
        "Content-Length": str(export.bytes),
        "X-Content-SHA256": export.sha256,
    }
    return StreamingResponse(relay_chunks(call, first), media_type="video/mp4", headers=headers)
