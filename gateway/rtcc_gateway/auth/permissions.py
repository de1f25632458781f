"""Which role may do which action, and which surveillance technology each action uses.

Routes name an action; this table decides. An action that uses a technology is refused, for
every role, while the council has not approved that technology; a partner agency's every use
also needs partner sharing approved.
"""

from __future__ import annotations

_STAFF_VIEW = {
    "cameras.read",
    "live.view",
    "recordings.read",
    "exports.create",
    "exports.read",
    "lpr.reads.search",
    "lpr.recognize",
    "lpr.hotlists.read",
    "lpr.alerts.read",
    "lpr.alerts.dispose",
    "cases.read",
    "cases.write",
    "reports.read",
}
_SUPERVISE = {
    "cameras.write",
    "registrations.review",
    "lpr.hotlists.write",
    "recordings.hold",
    "cases.release_holds",
}
_ADMINISTER = {
    "lpr.reads.write",
    "oversight.read",
    "oversight.write",
    "oversight.audit",
    "users.manage",
    "apikeys.manage",
}

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(_STAFF_VIEW | _SUPERVISE | _ADMINISTER),
    "supervisor": frozenset(_STAFF_VIEW | _SUPERVISE | {"oversight.read"}),
    "detective": frozenset(_STAFF_VIEW),
    "analyst": frozenset(_STAFF_VIEW),
    "auditor": frozenset({"oversight.read", "oversight.audit", "reports.read", "cameras.read"}),
    "partner": frozenset({"lpr.reads.search", "lpr.alerts.read"}),
    "resident": frozenset({"registrations.own"}),
    "reader": frozenset({"lpr.reads.write"}),
    "integrator": frozenset({"cameras.read", "cameras.write", "lpr.reads.write"}),
}

TECHNOLOGIES = ("fixed_video", "resident_video", "lpr", "live_monitoring", "partner_sharing")

# Actions not named here (cameras, cases, reports, oversight, users) use no surveillance
# technology themselves: they manage records.
_TECHNOLOGY_BY_PREFIX = (
    ("live.", "live_monitoring"),
    ("recordings.", "fixed_video"),
    ("exports.", "fixed_video"),
    ("lpr.", "lpr"),
    ("registrations.", "resident_video"),
)
PARTNER_TECHNOLOGY = "partner_sharing"


def is_allowed(role: str, action: str) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


def in_scopes(scopes: frozenset[str] | None, action: str) -> bool:
    """An API key's scopes name actions, or families of them as `lpr.*`."""
    if scopes is None:
        return True
    return action in scopes or any(s.endswith(".*") and action.startswith(s[:-1]) for s in scopes)


def technology_of(action: str) -> str | None:
    for prefix, technology in _TECHNOLOGY_BY_PREFIX:
        if action.startswith(prefix):
            return technology
    return None


def technologies_needed(role: str, action: str) -> list[str]:
    """Every approval the call needs, the action's own technology first."""
    needed = [t for t in (technology_of(action),) if t]
    if role == "partner":
        needed.append(PARTNER_TECHNOLOGY)
    return needed
