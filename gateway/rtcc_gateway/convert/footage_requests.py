"""Footage requests: proto messages to API bodies and back."""

from __future__ import annotations

from collections import Counter

from fastapi import Request

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.convert.times import from_stamp, to_stamp, to_stamp_if
from rtcc_gateway.schemas import footage_requests as s

OWNER_PAGE = "/dashboard/footage-upload.html"


def create_request(
    case_id: str, body: s.FootageRequestCreate, caller: pb.Actor, targets: list[pb.FootageTarget]
) -> pb.CreateFootageRequestRequest:
    return pb.CreateFootageRequestRequest(
        case_id=case_id,
        actor=caller,
        lat=body.lat,
        lon=body.lon,
        radius_m=body.radius_m,
        start=to_stamp(body.start),
        end=to_stamp(body.end),
        reason=body.reason,
        expires_at=to_stamp_if(body.expires_at),
        targets=targets,
    )


def link_out(request: Request, token: str) -> s.UploadLink:
    base = (request.app.state.settings.public_url or str(request.base_url)).rstrip("/")
    return s.UploadLink(
        token=token,
        upload_url=f"{base}{OWNER_PAGE}#{token}",
        api_url=f"{base}/v1/footage-uploads/{token}",
    )


def ask_out(ask: pb.FootageAsk, link: s.UploadLink | None = None) -> s.FootageAskOut:
    uploaded = ask.status == "uploaded"
    return s.FootageAskOut(
        id=ask.id,
        camera_id=ask.camera_id,
        camera_name=ask.camera_name,
        registration_id=ask.registration_id or None,
        owner_name=ask.owner_name,
        status=ask.status,  # type: ignore[arg-type]
        status_changed_at=from_stamp(ask.status_changed_at),
        decline_reason=ask.decline_reason,
        evidence_id=ask.evidence_id or None,
        sha256=ask.sha256 if uploaded else None,
        size_bytes=ask.size_bytes if uploaded else None,
        clip_duration_s=round(ask.clip_duration_s, 3) if uploaded else None,
        clip_video_codec=ask.clip_video_codec if uploaded else None,
        link=link,
    )


def request_out(
    msg: pb.FootageRequest, links: dict[str, s.UploadLink] | None = None
) -> s.FootageRequestOut:
    links = links or {}
    counts = Counter(a.status for a in msg.asks)
    return s.FootageRequestOut(
        id=msg.id,
        case_id=msg.case_id,
        case_number=msg.case_number,
        lat=msg.lat,
        lon=msg.lon,
        radius_m=msg.radius_m,
        start=from_stamp(msg.start),
        end=from_stamp(msg.end),
        reason=msg.reason,
        requested_by=msg.requested_by,
        created_at=from_stamp(msg.created_at),
        expires_at=from_stamp(msg.expires_at),
        counts={k: counts.get(k, 0) for k in ("sent", "declined", "uploaded", "expired")},  # type: ignore[misc]
        asks=[ask_out(a, links.get(a.id)) for a in msg.asks],
    )


def owner_view(view: pb.FootageAskView) -> s.OwnerView:
    return s.OwnerView(
        status=view.ask.status,  # type: ignore[arg-type]
        camera_name=view.ask.camera_name,
        case_number=view.case_number,
        start=from_stamp(view.start),
        end=from_stamp(view.end),
        reason=view.reason,
        expires_at=from_stamp(view.expires_at),
    )
