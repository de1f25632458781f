"""Exports: a camera's footage over a range, stream-copied into one MP4 with its SHA-256 and a
manifest. Asking needs a reason; every request and download is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import StreamingResponse

from rtcc.cases.v1 import cases_pb2
from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.convert import recordings as msgs
from rtcc_gateway.convert.cases import actor
from rtcc_gateway.convert.times import to_stamp
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas import recordings as s
from rtcc_gateway.streams import first_chunk, relay_chunks

router = APIRouter(tags=["exports"])

ExportId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


async def create_one(
    backends: BackendsDep, principal: Principal, body: s.ExportCreate
) -> s.ExportOut:
    reply = await backends.recorder.CreateExport(
        pb.CreateExportRequest(
            camera_id=body.camera_id,
            start=to_stamp(body.start),
            end=to_stamp(body.end),
            reason=body.reason,
            case_number=body.case_number,
            requested_by=principal.subject,
        )
    )
    return msgs.export_out(reply.export)


@router.post("/v1/exports", status_code=202)
async def create_export(
    body: s.ExportCreate, backends: BackendsDep, call: Annotated[Call, policy("exports.create")]
) -> s.ExportOut:
    """Starts the export; poll `GET /v1/exports/{id}` until `status` is `done`."""
    call.object_ids.append(body.camera_id)
    export = await create_one(backends, call.caller, body)
    call.object_ids.append(export.id)
    call.result = "accepted"
    return export


@router.get("/v1/exports/{export_id}")
async def get_export(
    export_id: ExportId, backends: BackendsDep, call: Annotated[Call, policy("exports.read")]
) -> s.ExportOut:
    reply = await backends.recorder.GetExport(pb.GetExportRequest(id=export_id))
    return msgs.export_out(reply.export)


@router.get("/v1/exports/{export_id}/file")
async def download_export(
    export_id: ExportId, backends: BackendsDep, call: Annotated[Call, policy("exports.download")]
) -> StreamingResponse:
    """The MP4; its SHA-256 is in `X-Content-SHA256` and in the export's manifest. Where the
    export is a case's evidence, the download is a link of its chain of custody, written before
    a byte is sent (503 while the cases service cannot write it)."""
    export = (await backends.recorder.GetExport(pb.GetExportRequest(id=export_id))).export
    reader = backends.recorder.ReadExportFile(pb.ReadExportFileRequest(id=export_id))
    first = await first_chunk(reader)
    recorded = await backends.cases.RecordDownload(
        cases_pb2.RecordDownloadRequest(
            export_id=export_id, actor=actor(call.caller), detail="GET /v1/exports/{id}/file"
        )
    )
    call.object_ids.extend(entry.evidence_id for entry in recorded.entries)
    headers = {
        "Content-Disposition": f'attachment; filename="export-{export_id}.mp4"',
        "Content-Length": str(export.bytes),
        "X-Content-SHA256": export.sha256,
    }
    return StreamingResponse(relay_chunks(reader, first), media_type="video/mp4", headers=headers)
