"""Oversight: technology approvals, the audit trail and its verification, the annual report."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from google.protobuf.json_format import MessageToDict
from pydantic import BaseModel, Field

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_gateway.convert.oversight import record_out, rollup_out, technology_out
from rtcc_gateway.convert.times import to_epoch
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.report_pdf import render_report_pdf
from rtcc_gateway.routes.oversight_report_html import render_report

router = APIRouter(prefix="/v1/oversight", tags=["oversight"])
MAX_SEQ = 2**63 - 1


@router.get("/technologies")
async def list_technologies(
    backends: BackendsDep, call: Annotated[Call, policy("oversight.technologies.list")]
) -> list[dict[str, Any]]:
    reply = await backends.oversight.ListTechnologies(pb.ListTechnologiesRequest())
    return [technology_out(t) for t in reply.technologies]


class Decision(BaseModel):
    status: Literal["proposed", "approved", "suspended"]
    ordinance_ref: str = Field(default="", max_length=128)
    hearing_ref: str = Field(default="", max_length=128)
    use_policy: str = Field(default="", max_length=100_000)
    note: str = Field(default="", max_length=10_000)


@router.put("/technologies/{key}")
async def decide_technology(
    key: Annotated[str, Path(max_length=32)],
    body: Decision,
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("oversight.technologies.decide")],
) -> dict[str, Any]:
    """Records the council's decision: an approval names its ordinance or hearing and carries
    the use policy; a suspension says why. Takes effect on this gateway at once."""
    reply = await backends.oversight.DecideTechnology(
        pb.DecideTechnologyRequest(key=key, decided_by=call.caller.subject, **body.model_dump())
    )
    request.app.state.policy_cache.forget_approvals()
    call.result = body.status
    call.reason = body.note or None
    return technology_out(reply)


@router.get("/audit")
async def query_audit(
    backends: BackendsDep,
    call: Annotated[Call, policy("oversight.audit.query")],
    user: Annotated[str, Query(max_length=128)] = "",
    agency: Annotated[str, Query(max_length=64)] = "",
    role: Annotated[str, Query(max_length=32)] = "",
    action: Annotated[str, Query(max_length=64, description="an action or its prefix")] = "",
    result: Annotated[str, Query(max_length=32)] = "",
    case_number: Annotated[str, Query(max_length=64)] = "",
    object_id: Annotated[str, Query(max_length=256)] = "",
    since: Annotated[dt.datetime | None, Query()] = None,
    until: Annotated[dt.datetime | None, Query()] = None,
    after_seq: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    rollup: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=64)]],
        Query(
            max_length=8,
            description="actions or prefixes counted instead of listed (e.g. lpr.reads.write)",
        ),
    ] = [],  # noqa: B006 - FastAPI copies a list default per request
) -> dict[str, Any]:
    """Audit records in order, filtered; page on with `after_seq=next_after_seq`. Records of the
    `rollup` actions are left out of the pages and counted in `rolled_up` (over all pages)."""
    reply = await backends.oversight.QueryAudit(
        pb.QueryAuditRequest(
            subject=user,
            agency=agency,
            role=role,
            action_prefix=action,
            result=result,
            case_number=case_number,
            object_id=object_id,
            since=to_epoch(since),
            until=to_epoch(until),
            after_seq=after_seq,
            limit=limit,
            rollup_action_prefixes=rollup,
        )
    )
    return {
        "records": [record_out(r) for r in reply.records],
        "next_after_seq": reply.next_after_seq or None,
        "rolled_up": [rollup_out(r) for r in reply.rollups],
    }


@router.get("/audit/verify")
async def verify_audit(
    backends: BackendsDep, call: Annotated[Call, policy("oversight.audit.verify")]
) -> dict[str, Any]:
    """Walks the whole chain: intact, or the first record that was altered or removed."""
    reply = await backends.oversight.VerifyAudit(pb.VerifyAuditRequest())
    call.result = "intact" if reply.intact else "broken"
    return {
        "intact": reply.intact,
        "records_checked": reply.records_checked,
        "first_bad_seq": reply.first_bad_seq or None,
        "problem": reply.problem or None,
        "head_hash": reply.head_hash,
    }


@router.get(
    "/report",
    response_model=None,
    responses={
        200: {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
            "description": "the report as JSON, a printable page (format=html) or a PDF",
        }
    },
)
async def surveillance_report(
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("oversight.report")],
    year: Annotated[int, Query(ge=2000, le=2100)],
    format: Annotated[Literal["json", "html", "pdf"] | None, Query()] = None,
) -> dict[str, Any] | Response:
    """The annual surveillance report; `format=html` (or Accept: text/html) for a printable page,
    `format=pdf` (or Accept: application/pdf) for the same page as a PDF."""
    reply = await backends.oversight.GetSurveillanceReport(
        pb.GetSurveillanceReportRequest(year=year)
    )
    report = _whole_numbers(MessageToDict(reply.report))
    accept = request.headers.get("accept", "")
    if format == "pdf" or (format is None and "application/pdf" in accept):
        pdf = await render_report_pdf(render_report(report))
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="surveillance-report-{year}.pdf"'},
        )
    if format == "html" or (format is None and "text/html" in accept):
        return HTMLResponse(render_report(report))
    return report


def _whole_numbers(value: Any) -> Any:
    """A Struct carries every number as a double; counts read better as integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value
