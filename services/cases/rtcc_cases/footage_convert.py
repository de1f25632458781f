"""Footage requests: proto messages to domain shapes and back."""

from __future__ import annotations

from rtcc.cases.v1 import cases_pb2
from rtcc_cases.convert import _seconds, _ts
from rtcc_cases.footage_requests import AskView, RequestCreate, RequestView, Target
from rtcc_cases.models import FootageAsk, FootageRequest


def request_create_from_proto(request: cases_pb2.CreateFootageRequestRequest) -> RequestCreate:
    return RequestCreate(
        lat=request.lat,
        lon=request.lon,
        radius_m=request.radius_m,
        start_ts=_seconds(request, "start") or 0.0,
        end_ts=_seconds(request, "end") or 0.0,
        reason=request.reason,
        expires_ts=_seconds(request, "expires_at"),
        targets=[
            Target(
                camera_id=t.camera_id.strip(),
                camera_name=t.camera_name,
                registration_id=t.registration_id.strip(),
                owner_name=t.owner_name,
            )
            for t in request.targets
        ],
    )


def ask_to_proto(ask: FootageAsk) -> cases_pb2.FootageAsk:
    return cases_pb2.FootageAsk(
        id=ask.id,
        request_id=ask.request_id,
        camera_id=ask.camera_id,
        camera_name=ask.camera_name,
        registration_id=ask.registration_id,
        owner_name=ask.owner_name,
        status=ask.status,
        status_changed_at=_ts(ask.status_ts),
        decline_reason=ask.decline_reason,
        evidence_id=ask.evidence_id,
        sha256=ask.sha256,
        size_bytes=ask.size_bytes,
        clip_duration_s=ask.clip_duration_s,
        clip_video_codec=ask.clip_video_codec,
    )


def _request(
    request: FootageRequest, number: str, asks: list[FootageAsk]
) -> cases_pb2.FootageRequest:
    return cases_pb2.FootageRequest(
        id=request.id,
        case_id=request.case_id,
        case_number=number,
        lat=request.lat,
        lon=request.lon,
        radius_m=request.radius_m,
        start=_ts(request.start_ts),
        end=_ts(request.end_ts),
        reason=request.reason,
        requested_by=request.requested_by,
        created_at=_ts(request.created_ts),
        expires_at=_ts(request.expires_ts),
        asks=[ask_to_proto(a) for a in asks],
    )


def request_to_proto(view: RequestView) -> cases_pb2.FootageRequest:
    return _request(view.request, view.case_number, view.asks)


def ask_view_to_proto(view: AskView) -> cases_pb2.FootageAskView:
    return cases_pb2.FootageAskView(
        ask=ask_to_proto(view.ask),
        case_number=view.case_number,
        start=_ts(view.request.start_ts),
        end=_ts(view.request.end_ts),
        reason=view.request.reason,
        expires_at=_ts(view.request.expires_ts),
    )
