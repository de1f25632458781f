"""People who sign in: created by an administrator with a password and a TOTP secret."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc_gateway.convert.oversight import user_out
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep

router = APIRouter(prefix="/v1/users", tags=["users"])
UserId = Annotated[str, Path(max_length=64)]


class UserBody(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=12, max_length=256)
    role: str = Field(min_length=1, max_length=32)
    agency: str = Field(default="", max_length=64)
    display_name: str = Field(default="", max_length=128)


class UserPatch(BaseModel):
    role: str | None = Field(default=None, max_length=32)
    agency: str | None = Field(default=None, max_length=64)
    disabled: bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=256)
    unlock: bool = False


@router.post("", status_code=201)
async def create_user(
    body: UserBody, backends: BackendsDep, call: Annotated[Call, policy("users.create")]
) -> dict[str, Any]:
    """The TOTP secret and its otpauth:// URI are shown once, for the user's authenticator."""
    reply = await backends.oversight.CreateUser(
        pb.CreateUserRequest(
            username=body.username,
            password=body.password,
            role=body.role,
            agency=body.agency,
            display_name=body.display_name,
        )
    )
    call.object_ids.append(reply.user.id)
    call.result = "created"
    return {
        "user": user_out(reply.user),
        "totp_secret": reply.totp_secret,
        "totp_uri": reply.totp_uri,
    }


@router.get("")
async def list_users(
    backends: BackendsDep, call: Annotated[Call, policy("users.list")]
) -> list[dict[str, Any]]:
    reply = await backends.oversight.ListUsers(pb.ListUsersRequest())
    return [user_out(u) for u in reply.users]


@router.patch("/{user_id}")
async def update_user(
    user_id: UserId,
    body: UserPatch,
    backends: BackendsDep,
    call: Annotated[Call, policy("users.update")],
) -> dict[str, Any]:
    """Change role or agency, disable, reset the password, or lift a lockout."""
    request = pb.UpdateUserRequest(id=user_id, unlock=body.unlock)
    for name in ("role", "agency", "disabled", "password"):
        value = getattr(body, name)
        if value is not None:
            setattr(request, name, value)
    reply = await backends.oversight.UpdateUser(request)
    changed = sorted(body.model_dump(exclude_none=True, exclude={"password"}))
    if body.password is not None:
        changed.append("password")
    call.query["changed"] = changed
    call.result = "updated"
    return user_out(reply)


@router.post("/{username}/unlock")
async def unlock_user(
    username: Annotated[str, Path(min_length=1, max_length=64)],
    backends: BackendsDep,
    call: Annotated[Call, policy("users.unlock")],
) -> dict[str, Any]:
    """Lifts every lockout of the account: at each address that failed too often, and the
    account-wide one. The audit record says how many were in force."""
    reply = await backends.oversight.UnlockUser(pb.UnlockUserRequest(username=username))
    call.query["locks_lifted"] = reply.locks_lifted
    call.result = "unlocked"
    return {**user_out(reply.user), "locks_lifted": reply.locks_lifted}


@router.post("/{username}/authenticator")
async def reset_authenticator(
    username: Annotated[str, Path(min_length=1, max_length=64)],
    backends: BackendsDep,
    call: Annotated[Call, policy("users.reset_authenticator")],
) -> dict[str, Any]:
    """A lost or compromised authenticator: a new TOTP secret, shown once, replaces the old one,
    and the account's open sessions end."""
    reply = await backends.oversight.ResetAuthenticator(
        pb.ResetAuthenticatorRequest(username=username)
    )
    call.object_ids.append(reply.user.id)
    call.result = "reset"
    return {
        "user": user_out(reply.user),
        "totp_secret": reply.totp_secret,
        "totp_uri": reply.totp_uri,
    }
