"""Residents and businesses link their cameras (public, rate-limited); staff review; owners or
staff withdraw consent, which ends every use of the camera at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import (
    AuditEntry,
    Auditor,
    authenticate,
    authorize,
    get_auditor,
    get_backends,
)
from rtcc_gateway.routes import camera_messages as msgs
from rtcc_gateway.routes.request_limits import RateLimiter, limit_json_body
from rtcc_gateway.schemas.registrations import (
    ApprovalOut,
    RegistrationCreate,
    RegistrationList,
    RegistrationOut,
    RegistrationReceipt,
    RegistrationStatus,
    ReviewBody,
    WithdrawBody,
)

router = APIRouter(tags=["registrations"])

RegistrationId = Annotated[str, Path(min_length=1, max_length=64)]
Reviewer = Annotated[Principal, Depends(authorize("registrations.review"))]
Registry = Annotated[Backends, Depends(get_backends)]
AuditorDep = Annotated[Auditor, Depends(get_auditor)]
# A household registers a camera or two; a burst of 5, then one every 12 s, per address.
PUBLIC_BURST = 5
PUBLIC_PER_S = 1 / 12


def public_rate_limit(request: Request) -> None:
    limiter: RateLimiter | None = getattr(request.app.state, "registration_limiter", None)
    if limiter is None:
        limiter = RateLimiter(burst=PUBLIC_BURST, per_s=PUBLIC_PER_S)
        request.app.state.registration_limiter = limiter
    limiter.check(request)


@router.post(
    "/v1/registrations",
    status_code=201,
    dependencies=[Depends(public_rate_limit), Depends(limit_json_body)],
)
async def submit_registration(
    body: RegistrationCreate, backends: Registry, auditor: AuditorDep
) -> RegistrationReceipt:
    """Public: link your camera. Keep the withdrawal token: it lets you withdraw consent later."""
    reply = await backends.camera_registry.SubmitRegistration(
        pb.SubmitRegistrationRequest(registration=msgs.registration_input(body))
    )
    await auditor.record(
        AuditEntry(
            action="registrations.submit",
            result="pending",
            object_ids=[reply.registration.id],
            query={"terms_version": body.terms_version, "granted": body.permissions.model_dump()},
        )
    )
    return RegistrationReceipt(
        registration=msgs.registration_out(reply.registration),
        withdrawal_token=reply.withdrawal_token,
    )


@router.get("/v1/registrations")
async def list_registrations(
    principal: Reviewer,
    backends: Registry,
    status: Annotated[RegistrationStatus | None, Query()] = None,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    page_token: Annotated[str | None, Query(max_length=64)] = None,
) -> RegistrationList:
    reply = await backends.camera_registry.ListRegistrations(
        pb.ListRegistrationsRequest(
            status=msgs.STATUS_PB[status] if status else pb.REGISTRATION_STATUS_UNSPECIFIED,
            page_size=page_size,
            page_token=page_token or "",
        )
    )
    return RegistrationList(
        registrations=[msgs.registration_out(r) for r in reply.registrations],
        next_page_token=reply.next_page_token or None,
    )


@router.get("/v1/registrations/{registration_id}")
async def get_registration(
    registration_id: RegistrationId, principal: Reviewer, backends: Registry
) -> RegistrationOut:
    reply = await backends.camera_registry.GetRegistration(
        pb.GetRegistrationRequest(id=registration_id)
    )
    return msgs.registration_out(reply.registration)


@router.post("/v1/registrations/{registration_id}/approve", dependencies=[Depends(limit_json_body)])
async def approve_registration(
    registration_id: RegistrationId,
    body: ReviewBody,
    principal: Reviewer,
    backends: Registry,
    auditor: AuditorDep,
) -> ApprovalOut:
    """The camera joins the registry, active, with exactly what its owner granted."""
    reply = await backends.camera_registry.ApproveRegistration(
        pb.ApproveRegistrationRequest(
            id=registration_id, reviewer=principal.subject, reason=body.reason
        )
    )
    await auditor.record(
        AuditEntry(
            action="registrations.approve",
            result="approved",
            object_ids=[registration_id, reply.camera.id],
            reason=body.reason or None,
        )
    )
    return ApprovalOut(
        registration=msgs.registration_out(reply.registration), camera=msgs.camera_out(reply.camera)
    )


@router.post("/v1/registrations/{registration_id}/reject", dependencies=[Depends(limit_json_body)])
async def reject_registration(
    registration_id: RegistrationId,
    body: ReviewBody,
    principal: Reviewer,
    backends: Registry,
    auditor: AuditorDep,
) -> RegistrationOut:
    if not body.reason.strip():
        raise HTTPException(400, "a reason is required to reject a registration")
    reply = await backends.camera_registry.RejectRegistration(
        pb.RejectRegistrationRequest(
            id=registration_id, reviewer=principal.subject, reason=body.reason
        )
    )
    await auditor.record(
        AuditEntry(
            action="registrations.reject",
            result="rejected",
            object_ids=[registration_id],
            reason=body.reason,
        )
    )
    return msgs.registration_out(reply.registration)


async def _withdrawing_staff(request: Request) -> Principal | None:
    """Staff may record a withdrawal (an owner who phoned in); anyone else needs the token."""
    if not request.headers.get("authorization"):
        return None
    return await authorize("registrations.review")(request, await authenticate(request))


@router.post(
    "/v1/registrations/{registration_id}/withdraw",
    dependencies=[Depends(public_rate_limit), Depends(limit_json_body)],
)
async def withdraw_consent(
    registration_id: RegistrationId,
    body: WithdrawBody,
    backends: Registry,
    auditor: AuditorDep,
    staff: Annotated[Principal | None, Depends(_withdrawing_staff)],
) -> RegistrationOut:
    """Takes effect at once: live sessions end, recording stops, analysts no longer see the
    camera. The record of the registration and its consent stays."""
    if staff is None and not body.withdrawal_token:
        raise HTTPException(401, "send the withdrawal token you received, or a staff bearer token")
    reply = await backends.camera_registry.WithdrawConsent(
        pb.WithdrawConsentRequest(
            id=registration_id,
            withdrawal_token=(body.withdrawal_token or "") if staff is None else "",
            withdrawn_by=staff.subject if staff else "",
            reason=body.reason,
        )
    )
    await auditor.record(
        AuditEntry(
            action="registrations.withdraw",
            result="withdrawn",
            object_ids=[registration_id, reply.registration.camera_id],
            reason=body.reason or None,
        )
    )
    return msgs.registration_out(reply.registration)
