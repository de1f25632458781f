"""A resident's own cameras: the registrations made with the resident's e-mail address, their
consent and the camera each became. A resident sees these and nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_gateway.clients import Backends
from rtcc_gateway.convert.cameras import registration_out
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas.registrations import RegistrationOut

router = APIRouter(prefix="/v1/me", tags=["resident"])
MAX_PAGES = 200


class OwnCamerasOut(BaseModel):
    registrations: list[RegistrationOut]


async def _owned_by(backends: Backends, email: str) -> list[pb.Registration]:
    # The registry has no owner filter yet: page through and keep the owner's own.
    owned, token = [], ""
    for _ in range(MAX_PAGES):
        page = await backends.camera_registry.ListRegistrations(
            pb.ListRegistrationsRequest(page_size=500, page_token=token)
        )
        owned += [r for r in page.registrations if r.owner_email.strip().lower() == email]
        token = page.next_page_token
        if not token:
            break
    return owned


@router.get("/cameras")
async def own_cameras(
    backends: BackendsDep,
    call: Annotated[Call, policy("registrations.own")],
) -> OwnCamerasOut:
    """The caller's registrations (a resident account is named by its e-mail address)."""
    owned = await _owned_by(backends, call.caller.subject.strip().lower())
    call.result = f"{len(owned)} registrations"
    call.object_ids.extend(r.id for r in owned)
    return OwnCamerasOut(registrations=[registration_out(r) for r in owned])
