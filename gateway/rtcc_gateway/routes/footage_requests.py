"""Footage requests: staff ask the owners of cameras near a point that the center may only ask
(registered as recordings on request, or registry only) for a window of their footage; each
owner answers through a one-time link, public and rate-limited: decline, or upload a clip.

The clip is streamed on to the cases service as it arrives, never held whole here; the cases
service hashes it, checks it is video and keeps it as evidence with its chain of custody.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import StreamingResponse

from rtcc.camera_registry.v1 import camera_registry_pb2 as registry_pb
from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.clients import Backends
from rtcc_gateway.convert import cases as case_msgs
from rtcc_gateway.convert import footage_requests as msgs
from rtcc_gateway.convert.cases import actor
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.limits import FOOTAGE_UPLOAD_BYTES, RateLimiter
from rtcc_gateway.params import BackendsDep, CaseId
from rtcc_gateway.schemas import footage_requests as s
from rtcc_gateway.streams import relay_chunks

router = APIRouter(tags=["footage requests"])

RequestId = Annotated[str, Path(min_length=1, max_length=64)]
Token = Annotated[str, Path(min_length=1, max_length=128)]
MAX_OWNERS = 200
UPLOAD_CHUNK_BYTES = 1024 * 1024
# A clip of a few hundred MB over a home uplink takes minutes; the call lasts at most this.
UPLOAD_DEADLINE_S = 3600.0
# An owner opens the page, then declines or uploads: a burst of 10, then one every 6 s.
PUBLIC_BURST = 10
PUBLIC_PER_S = 1 / 6


def owner_rate_limit(request: Request) -> None:
    limiter: RateLimiter | None = getattr(request.app.state, "footage_owner_limiter", None)
    if limiter is None:
        limiter = RateLimiter(burst=PUBLIC_BURST, per_s=PUBLIC_PER_S)
        request.app.state.footage_owner_limiter = limiter
    limiter.check(request)


async def _owners_near(backends: Backends, body: s.FootageRequestCreate) -> list[pb.FootageTarget]:
    """Active cameras in the circle that the center may only ask, with their owners' names."""
    found = await backends.camera_registry.SearchCameras(
        registry_pb.SearchCamerasRequest(
            near=registry_pb.NearPoint(lat=body.lat, lon=body.lon, radius_m=body.radius_m),
            limit=1000,
            exclude_withdrawn=True,
            lifecycles=[registry_pb.LIFECYCLE_ACTIVE],
        )
    )
    cameras = [
        hit.camera
        for hit in found.hits
        if hit.camera.permissions.recordings_on_request_only or hit.camera.permissions.registry_only
    ][:MAX_OWNERS]
    registrations = await asyncio.gather(
        *(
            backends.camera_registry.GetRegistration(
                registry_pb.GetRegistrationRequest(id=c.registration_id)
            )
            for c in cameras
            if c.registration_id
        )
    )
    owners = {r.registration.id: r.registration.owner_name for r in registrations}
    return [
        pb.FootageTarget(
            camera_id=c.id,
            camera_name=c.name,
            registration_id=c.registration_id,
            owner_name=owners.get(c.registration_id, ""),
        )
        for c in cameras
    ]


@router.post("/v1/cases/{case_id}/footage-requests", status_code=201)
async def create_footage_request(
    case_id: CaseId,
    body: s.FootageRequestCreate,
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.footage_requests.create")],
) -> s.FootageRequestOut:
    """One entry per owner's camera found, each with its upload link: the links are shown
    this once (they are kept only as hashes) for the center to deliver to the owners."""
    if body.end <= body.start:
        raise HTTPException(400, "end must be after start")
    targets = await _owners_near(backends, body)
    if not targets:
        raise HTTPException(
            400,
            f"no active camera registered for recordings on request or registry only within "
            f"{body.radius_m:g} m of the point",
        )
    reply = await backends.cases.CreateFootageRequest(
        msgs.create_request(case_id, body, actor(call.caller), targets)
    )
    call.case_number = reply.request.case_number
    call.object_ids.append(reply.request.id)
    call.query["cameras"] = [t.camera_id for t in targets]
    call.result = f"sent to {len(targets)} owners"
    links = {link.ask_id: msgs.link_out(request, link.token) for link in reply.links}
    return msgs.request_out(reply.request, links)


@router.get("/v1/cases/{case_id}/footage-requests")
async def list_footage_requests(
    case_id: CaseId,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.footage_requests.list")],
) -> list[s.FootageRequestOut]:
    reply = await backends.cases.ListFootageRequests(pb.ListFootageRequestsRequest(case_id=case_id))
    return [msgs.request_out(r) for r in reply.requests]


@router.get("/v1/cases/{case_id}/footage-requests/{request_id}")
async def get_footage_request(
    case_id: CaseId,
    request_id: RequestId,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.footage_requests.read")],
) -> s.FootageRequestOut:
    reply = await backends.cases.GetFootageRequest(
        pb.GetFootageRequestRequest(case_id=case_id, id=request_id)
    )
    return msgs.request_out(reply.request)


@router.post("/v1/cases/{case_id}/footage-requests/{request_id}/asks/{ask_id}/link")
async def reissue_footage_link(
    case_id: CaseId,
    request_id: RequestId,
    ask_id: RequestId,
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.footage_requests.reissue_link")],
) -> s.ReissuedLink:
    """A new link for an owner who lost theirs; the old one stops working at once."""
    reply = await backends.cases.ReissueFootageLink(
        pb.ReissueFootageLinkRequest(
            case_id=case_id, request_id=request_id, ask_id=ask_id, actor=actor(call.caller)
        )
    )
    call.result = "reissued"
    return s.ReissuedLink(ask=msgs.ask_out(reply.ask, msgs.link_out(request, reply.link.token)))


@router.get("/v1/cases/{case_id}/evidence/{evidence_id}/clip")
async def download_clip(
    case_id: CaseId,
    evidence_id: RequestId,
    backends: BackendsDep,
    call: Annotated[Call, policy("cases.evidence.clip")],
) -> StreamingResponse:
    """An owner's uploaded clip, byte for byte as it arrived; its SHA-256 (taken at arrival,
    and the evidence's) is in `X-Content-SHA256`."""
    reader = backends.cases.ReadFootageClip(
        pb.ReadFootageClipRequest(case_id=case_id, evidence_id=evidence_id)
    )
    head = await anext(aiter(reader), None)
    if head is None:
        raise HTTPException(502, "the cases service sent no clip")
    # The download is a link of the clip's chain of custody, written before a byte is sent.
    await backends.cases.RecordDownload(
        pb.RecordDownloadRequest(
            case_id=case_id,
            evidence_id=evidence_id,
            actor=actor(call.caller),
            detail="GET /v1/cases/{id}/evidence/{evidence}/clip",
        )
    )
    headers = {
        "Content-Disposition": f'attachment; filename="{head.file_name}"',
        "Content-Length": str(head.size_bytes),
        "X-Content-SHA256": head.sha256,
    }
    return StreamingResponse(
        relay_chunks(reader, b""), media_type=head.content_type, headers=headers
    )


def _owner_call(call: Call, view: pb.FootageAskView) -> None:
    """The owner's answer is recorded against the request and the case, never by its token."""
    call.object_ids.extend([view.ask.request_id, view.ask.id, view.ask.camera_id])
    call.case_number = view.case_number


@router.get("/v1/footage-uploads/{token}", dependencies=[Depends(owner_rate_limit)])
async def view_footage_ask(
    token: Token,
    backends: BackendsDep,
    call: Annotated[Call, policy("footage_uploads.read")],
) -> s.OwnerView:
    """Public, by the owner's link: what the center asks of their camera."""
    reply = await backends.cases.GetFootageAsk(pb.GetFootageAskRequest(token=token))
    _owner_call(call, reply.view)
    return msgs.owner_view(reply.view)


@router.post("/v1/footage-uploads/{token}/decline", dependencies=[Depends(owner_rate_limit)])
async def decline_footage_ask(
    token: Token,
    body: s.DeclineBody,
    backends: BackendsDep,
    call: Annotated[Call, policy("footage_uploads.decline")],
) -> s.OwnerView:
    """Public: the owner says no; the link then takes no upload."""
    reply = await backends.cases.DeclineFootageAsk(
        pb.DeclineFootageAskRequest(token=token, reason=body.reason)
    )
    _owner_call(call, reply.view)
    call.result = "declined"
    return msgs.owner_view(reply.view)


async def _clip_messages(request: Request, token: str) -> AsyncIterator[pb.UploadFootageRequest]:
    yield pb.UploadFootageRequest(token=token)
    pending = bytearray()
    async for chunk in request.stream():
        pending += chunk
        if len(pending) >= UPLOAD_CHUNK_BYTES:
            yield pb.UploadFootageRequest(data=bytes(pending))
            pending.clear()
    if pending:
        yield pb.UploadFootageRequest(data=bytes(pending))


@router.put("/v1/footage-uploads/{token}", dependencies=[Depends(owner_rate_limit)])
async def upload_footage(
    token: Token,
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("footage_uploads.upload")],
) -> s.UploadReceipt:
    """Public: the body is the clip itself (MP4, MOV, MKV, TS...), at most 2 GiB. It is
    hashed (SHA-256) as it arrives, must hold video, and becomes evidence of the case; the
    link then works no more."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > FOOTAGE_UPLOAD_BYTES:
        raise HTTPException(413, f"the clip is larger than {FOOTAGE_UPLOAD_BYTES} bytes")
    reply = await backends.cases.UploadFootage(
        _clip_messages(request, token), timeout=UPLOAD_DEADLINE_S
    )
    _owner_call(call, reply.view)
    call.object_ids.append(reply.evidence.id)
    call.query.update(sha256=reply.evidence.sha256, bytes=reply.view.ask.size_bytes)
    call.result = "uploaded"
    return s.UploadReceipt(
        status=reply.view.ask.status,  # type: ignore[arg-type]
        sha256=reply.evidence.sha256,
        size_bytes=reply.view.ask.size_bytes,
        clip_duration_s=round(reply.view.ask.clip_duration_s, 3),
        evidence=case_msgs.evidence_out(reply.evidence),
    )
