"""The public registration form is the one write anyone may make: every field is checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rtcc_camera_registry.camera_input import (
    TECHNOLOGIES,
    Location,
    Permissions,
    check_location,
    check_permissions,
    check_stream_url,
)
from rtcc_common.errors import InvalidArgument

_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^[+0-9 ().-]{0,32}$")
_TERMS_VERSION = re.compile(r"^[\w.-]{1,32}$")


@dataclass
class RegistrationFields:
    ownership: str
    owner_name: str
    owner_email: str
    owner_phone: str
    camera_name: str
    technology: str
    location: Location | None
    stream_url: str
    permissions: Permissions
    terms_version: str
    accepted_terms: bool


def _text(name: str, value: str, max_len: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidArgument(f"{name} is required")
    if len(value) > max_len:
        raise InvalidArgument(f"{name} is longer than {max_len} characters")
    return value


def check_registration(given: RegistrationFields) -> RegistrationFields:
    if given.ownership not in ("business", "resident"):
        raise InvalidArgument("ownership must be business or resident")
    if given.location is None:
        raise InvalidArgument("location is required")
    if not given.accepted_terms:
        raise InvalidArgument("accepted_terms must be true: consent needs the terms accepted")
    if not _TERMS_VERSION.match(given.terms_version):
        raise InvalidArgument("terms_version must be 1-32 letters, digits or ._-")
    email = given.owner_email.strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidArgument("owner_email is not an email address")
    if not _PHONE.match(given.owner_phone):
        raise InvalidArgument("owner_phone may hold only digits, spaces and +().-")
    technology = given.technology or "fixed"
    if technology not in TECHNOLOGIES:
        raise InvalidArgument(f"technology must be one of {', '.join(TECHNOLOGIES)}")
    permissions = check_permissions(given.permissions)
    needs_stream = permissions.live or permissions.record
    if not (needs_stream or permissions.recordings_on_request_only or permissions.registry_only):
        raise InvalidArgument("permissions grant nothing; choose at least registry_only")
    stream_url = check_stream_url("stream_url", given.stream_url)
    if needs_stream and not stream_url:
        raise InvalidArgument("stream_url is required to grant live access or recording")
    permissions.plate_reading = False  # not offered on the public form
    return RegistrationFields(
        ownership=given.ownership,
        owner_name=_text("owner_name", given.owner_name, 200),
        owner_email=email,
        owner_phone=given.owner_phone.strip(),
        camera_name=_text("camera_name", given.camera_name, 200),
        technology=technology,
        location=check_location(given.location),
        stream_url=stream_url,
        permissions=permissions,
        terms_version=given.terms_version,
        accepted_terms=True,
    )
