"""gRPC <-> the cases service's functions; no SQL and no rules here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TypeAlias

import grpc

from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_cases import attribution, custody, evidence, footage_requests, holds, outcomes, service
from rtcc_cases import convert as cv
from rtcc_cases import footage_convert as fcv
from rtcc_cases.footage_uploads import UploadSettings, find_clip, read_chunks, upload_clip
from rtcc_cases.recorder_client import RecorderClient
from rtcc_common.errors import InvalidArgument
from rtcc_common.service_runtime import Database

Context: TypeAlias = grpc.aio.ServicerContext


class CasesServicer(cases_pb2_grpc.CasesServiceServicer):
    def __init__(self, *, db: Database, recorder: RecorderClient, uploads: UploadSettings) -> None:
        self._sessions = db.sessions
        self._recorder = recorder
        self._uploads = uploads

    async def CreateCase(
        self, request: cases_pb2.CreateCaseRequest, context: Context
    ) -> cases_pb2.CreateCaseResponse:
        case = await service.create_case(
            sessions=self._sessions,
            data=cv.case_create_from_proto(request.case),
            actor=cv.actor_from_proto(request.actor),
        )
        return cases_pb2.CreateCaseResponse(case=cv.case_to_proto(case))

    async def GetCase(
        self, request: cases_pb2.GetCaseRequest, context: Context
    ) -> cases_pb2.GetCaseResponse:
        case = await service.get_case(sessions=self._sessions, case_id=request.id)
        return cases_pb2.GetCaseResponse(case=cv.case_to_proto(case))

    async def ListCases(
        self, request: cases_pb2.ListCasesRequest, context: Context
    ) -> cases_pb2.ListCasesResponse:
        page = await service.list_cases(
            sessions=self._sessions,
            status=request.status,
            offense=request.offense,
            number=request.number,
            limit=request.limit,
            offset=request.offset,
        )
        return cases_pb2.ListCasesResponse(
            cases=[cv.case_to_proto(c) for c in page.cases], total=page.total
        )

    async def UpdateCase(
        self, request: cases_pb2.UpdateCaseRequest, context: Context
    ) -> cases_pb2.UpdateCaseResponse:
        case, pending = await service.update_case(
            sessions=self._sessions,
            case_id=request.id,
            data=cv.case_update_from_proto(request),
            actor=cv.actor_from_proto(request.actor),
        )
        return cases_pb2.UpdateCaseResponse(
            case=cv.case_to_proto(case),
            holds_pending_release=[cv.hold_to_proto(h) for h in pending],
        )

    async def AttachEvidence(
        self, request: cases_pb2.AttachEvidenceRequest, context: Context
    ) -> cases_pb2.AttachEvidenceResponse:
        item, hold = await evidence.attach_evidence(
            sessions=self._sessions,
            recorder=self._recorder,
            case_id=request.case_id,
            item=cv.evidence_create_from_proto(request),
            actor=cv.actor_from_proto(request.actor),
        )
        return cases_pb2.AttachEvidenceResponse(
            evidence=cv.evidence_to_proto(item, hold),
            hold=cv.hold_to_proto(hold) if hold else None,
        )

    async def ListEvidence(
        self, request: cases_pb2.ListEvidenceRequest, context: Context
    ) -> cases_pb2.ListEvidenceResponse:
        items = await evidence.list_evidence(sessions=self._sessions, case_id=request.case_id)
        return cases_pb2.ListEvidenceResponse(
            evidence=[cv.evidence_to_proto(e, h) for e, h in items]
        )

    async def RecordCustody(
        self, request: cases_pb2.RecordCustodyRequest, context: Context
    ) -> cases_pb2.RecordCustodyResponse:
        entry = await custody.record_custody(
            sessions=self._sessions,
            case_id=request.case_id,
            evidence_id=request.evidence_id,
            action=request.action.strip().lower(),
            actor=cv.actor_from_proto(request.actor),
            reason=request.reason,
            detail=request.detail,
        )
        return cases_pb2.RecordCustodyResponse(entry=cv.custody_to_proto(entry))

    async def RecordDownload(
        self, request: cases_pb2.RecordDownloadRequest, context: Context
    ) -> cases_pb2.RecordDownloadResponse:
        entries = await custody.record_download(
            sessions=self._sessions,
            actor=cv.actor_from_proto(request.actor),
            export_id=request.export_id,
            case_id=request.case_id,
            evidence_id=request.evidence_id,
            detail=request.detail,
        )
        return cases_pb2.RecordDownloadResponse(entries=[cv.custody_to_proto(e) for e in entries])

    async def ListCustody(
        self, request: cases_pb2.ListCustodyRequest, context: Context
    ) -> cases_pb2.ListCustodyResponse:
        entries = await custody.list_custody(
            sessions=self._sessions, case_id=request.case_id, evidence_id=request.evidence_id
        )
        return cases_pb2.ListCustodyResponse(entries=[cv.custody_to_proto(e) for e in entries])

    async def ListHolds(
        self, request: cases_pb2.ListHoldsRequest, context: Context
    ) -> cases_pb2.ListHoldsResponse:
        found = await holds.list_holds(
            sessions=self._sessions, case_id=request.case_id, status=request.status
        )
        return cases_pb2.ListHoldsResponse(holds=[cv.hold_to_proto(h) for h in found])

    async def RequestHoldRelease(
        self, request: cases_pb2.RequestHoldReleaseRequest, context: Context
    ) -> cases_pb2.RequestHoldReleaseResponse:
        found = await holds.request_release(
            sessions=self._sessions,
            case_id=request.case_id,
            hold_ids=list(request.hold_ids),
            actor=cv.actor_from_proto(request.actor),
            reason=request.reason,
        )
        return cases_pb2.RequestHoldReleaseResponse(holds=[cv.hold_to_proto(h) for h in found])

    async def ConfirmHoldRelease(
        self, request: cases_pb2.ConfirmHoldReleaseRequest, context: Context
    ) -> cases_pb2.ConfirmHoldReleaseResponse:
        found = await holds.confirm_release(
            sessions=self._sessions,
            recorder=self._recorder,
            case_id=request.case_id,
            hold_ids=list(request.hold_ids),
            actor=cv.actor_from_proto(request.actor),
            reason=request.reason,
        )
        return cases_pb2.ConfirmHoldReleaseResponse(holds=[cv.hold_to_proto(h) for h in found])

    async def AddOutcome(
        self, request: cases_pb2.AddOutcomeRequest, context: Context
    ) -> cases_pb2.AddOutcomeResponse:
        outcome, technologies = await outcomes.add_outcome(
            sessions=self._sessions,
            case_id=request.case_id,
            data=cv.outcome_create_from_proto(request.outcome),
            actor=cv.actor_from_proto(request.actor),
        )
        return cases_pb2.AddOutcomeResponse(outcome=cv.outcome_to_proto(outcome, technologies))

    async def ListOutcomes(
        self, request: cases_pb2.ListOutcomesRequest, context: Context
    ) -> cases_pb2.ListOutcomesResponse:
        found = await outcomes.list_outcomes(sessions=self._sessions, case_id=request.case_id)
        return cases_pb2.ListOutcomesResponse(
            outcomes=[cv.outcome_to_proto(o, t) for o, t in found]
        )

    async def GetAttributionReport(
        self, request: cases_pb2.GetAttributionReportRequest, context: Context
    ) -> cases_pb2.GetAttributionReportResponse:
        report = await attribution.attribution_report(sessions=self._sessions, year=request.year)
        return cv.report_to_proto(report)

    async def CreateFootageRequest(
        self, request: cases_pb2.CreateFootageRequestRequest, context: Context
    ) -> cases_pb2.CreateFootageRequestResponse:
        view, links = await footage_requests.create_request(
            sessions=self._sessions,
            case_id=request.case_id,
            data=fcv.request_create_from_proto(request),
            actor=cv.actor_from_proto(request.actor),
        )
        return cases_pb2.CreateFootageRequestResponse(
            request=fcv.request_to_proto(view),
            links=[cases_pb2.FootageLink(ask_id=a, token=t) for a, t in links],
        )

    async def ListFootageRequests(
        self, request: cases_pb2.ListFootageRequestsRequest, context: Context
    ) -> cases_pb2.ListFootageRequestsResponse:
        views = await footage_requests.list_requests(
            sessions=self._sessions, case_id=request.case_id
        )
        return cases_pb2.ListFootageRequestsResponse(
            requests=[fcv.request_to_proto(v) for v in views]
        )

    async def GetFootageRequest(
        self, request: cases_pb2.GetFootageRequestRequest, context: Context
    ) -> cases_pb2.GetFootageRequestResponse:
        view = await footage_requests.get_request(
            sessions=self._sessions, case_id=request.case_id, request_id=request.id
        )
        return cases_pb2.GetFootageRequestResponse(request=fcv.request_to_proto(view))

    async def ReissueFootageLink(
        self, request: cases_pb2.ReissueFootageLinkRequest, context: Context
    ) -> cases_pb2.ReissueFootageLinkResponse:
        ask, token = await footage_requests.reissue_link(
            sessions=self._sessions,
            case_id=request.case_id,
            request_id=request.request_id,
            ask_id=request.ask_id,
            actor=cv.actor_from_proto(request.actor),
        )
        return cases_pb2.ReissueFootageLinkResponse(
            ask=fcv.ask_to_proto(ask), link=cases_pb2.FootageLink(ask_id=ask.id, token=token)
        )

    async def GetFootageAsk(
        self, request: cases_pb2.GetFootageAskRequest, context: Context
    ) -> cases_pb2.GetFootageAskResponse:
        view = await footage_requests.get_ask(sessions=self._sessions, token=request.token)
        return cases_pb2.GetFootageAskResponse(view=fcv.ask_view_to_proto(view))

    async def DeclineFootageAsk(
        self, request: cases_pb2.DeclineFootageAskRequest, context: Context
    ) -> cases_pb2.DeclineFootageAskResponse:
        view = await footage_requests.decline_ask(
            sessions=self._sessions, token=request.token, reason=request.reason
        )
        return cases_pb2.DeclineFootageAskResponse(view=fcv.ask_view_to_proto(view))

    async def UploadFootage(
        self, request_iterator: AsyncIterator[cases_pb2.UploadFootageRequest], context: Context
    ) -> cases_pb2.UploadFootageResponse:
        first = await anext(request_iterator, None)
        if first is None or first.WhichOneof("part") != "token":
            raise InvalidArgument("the first message of an upload names its token")

        async def chunks() -> AsyncIterator[bytes]:
            async for part in request_iterator:
                if part.WhichOneof("part") != "data":
                    raise InvalidArgument("only the first message of an upload names a token")
                yield part.data

        view, item = await upload_clip(
            sessions=self._sessions, settings=self._uploads, token=first.token, chunks=chunks()
        )
        return cases_pb2.UploadFootageResponse(
            view=fcv.ask_view_to_proto(view), evidence=cv.evidence_to_proto(item, None)
        )

    async def ReadFootageClip(
        self, request: cases_pb2.ReadFootageClipRequest, context: Context
    ) -> AsyncIterator[cases_pb2.ReadFootageClipResponse]:
        clip = await find_clip(
            sessions=self._sessions,
            settings=self._uploads,
            case_id=request.case_id,
            evidence_id=request.evidence_id,
        )
        yield cases_pb2.ReadFootageClipResponse(
            content_type=clip.content_type,
            size_bytes=clip.ask.size_bytes,
            sha256=clip.ask.sha256,
            file_name=f"clip-{clip.ask.camera_id}-{request.evidence_id}{clip.path.suffix}",
        )
        async for chunk in read_chunks(clip.path):
            yield cases_pb2.ReadFootageClipResponse(chunk=chunk)

    async def CountFootageRequests(
        self, request: cases_pb2.CountFootageRequestsRequest, context: Context
    ) -> cases_pb2.CountFootageRequestsResponse:
        counts = await footage_requests.count_requests(sessions=self._sessions, year=request.year)
        by = counts.by_status
        return cases_pb2.CountFootageRequestsResponse(
            requests=counts.requests,
            owners_asked=counts.owners_asked,
            sent=by.get("sent", 0),
            declined=by.get("declined", 0),
            uploaded=by.get("uploaded", 0),
            expired=by.get("expired", 0),
        )
