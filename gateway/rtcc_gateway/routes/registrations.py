"""Residents and businesses link their cameras (public, rate-limited); staff review; owners or
staff withdraw consent, which ends every use of the camera at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_gateway.auth.policy import may
from rtcc_gateway.convert import cameras as msgs
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.limits import RateLimiter
from rtcc_gateway.params import BackendsDep
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
    dependencies=[Depends(public_rate_limit)],
)
async def submit_registration(
    body: RegistrationCreate,
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.submit")],
) -> RegistrationReceipt:
    """Public: link your camera. Keep the withdrawal token: it lets you withdraw consent later."""
    reply = await backends.camera_registry.SubmitRegistration(
        pb.SubmitRegistrationRequest(registration=msgs.registration_input(body))
    )
    call.result = "pending"
    call.object_ids.append(reply.registration.id)
    call.query.update(terms_version=body.terms_version, granted=body.permissions.model_dump())
    return RegistrationReceipt(
        registration=msgs.registration_out(reply.registration),
        withdrawal_token=reply.withdrawal_token,
    )


@router.get("/v1/registrations")
async def list_registrations(
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.list")],
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
    registration_id: RegistrationId,
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.read")],
) -> RegistrationOut:
    reply = await backends.camera_registry.GetRegistration(
        pb.GetRegistrationRequest(id=registration_id)
    )
    return msgs.registration_out(reply.registration)


@router.post("/v1/registrations/{registration_id}/approve")
async def approve_registration(
    registration_id: RegistrationId,
    body: ReviewBody,
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.approve")],
) -> ApprovalOut:
    """The camera joins the registry, active, with exactly what its owner granted."""
    reply = await backends.camera_registry.ApproveRegistration(
        pb.ApproveRegistrationRequest(
            id=registration_id, reviewer=call.caller.subject, reason=body.reason
        )
    )
    call.object_ids.append(reply.camera.id)
    call.result = "approved"
    return ApprovalOut(
        registration=msgs.registration_out(reply.registration), camera=msgs.camera_out(reply.camera)
    )


@router.post("/v1/registrations/{registration_id}/reject")
async def reject_registration(
    registration_id: RegistrationId,
    body: ReviewBody,
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.reject")],
) -> RegistrationOut:
    reply = await backends.camera_registry.RejectRegistration(
        pb.RejectRegistrationRequest(
            id=registration_id, reviewer=call.caller.subject, reason=body.reason
        )
    )
    call.result = "rejected"
    return msgs.registration_out(reply.registration)


@router.post(
    "/v1/registrations/{registration_id}/withdraw",
    dependencies=[Depends(public_rate_limit)],
)
async def withdraw_consent(
    registration_id: RegistrationId,
    body: WithdrawBody,
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.withdraw")],
) -> RegistrationOut:
    """Takes effect at once: live sessions end, recording stops, analysts no longer see the
    camera. The record of the registration and its consent stays. Staff who review
    registrations may record a withdrawal (an owner who phoned in); anyone else sends the
    withdrawal token."""
    staff = call.principal
    if staff is not None and not may(staff.role, "registrations.approve"):
        raise HTTPException(403, f"role '{staff.role}' may not record a withdrawal")
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
    call.object_ids.append(reply.registration.camera_id)
    call.result = "withdrawn"
    return msgs.registration_out(reply.registration)
