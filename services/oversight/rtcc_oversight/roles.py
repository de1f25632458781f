"""The roles an account or key may hold. What each role may do is the gateway's table; this
service only keeps accounts to known roles, and partners to an agency."""

from __future__ import annotations

from rtcc_common.errors import InvalidArgument
from rtcc_common.roles import ROLES


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidArgument(f"role must be one of {', '.join(ROLES)}")
    return role


def check_agency(role: str, agency: str) -> str:
    agency = agency.strip()
    if len(agency) > 64:
        raise InvalidArgument("agency has at most 64 characters")
    # A partner's agency is what its sharing agreement is keyed on.
    if role == "partner" and not agency:
        raise InvalidArgument("a partner account or key needs its agency")
    return agency
