"""The gateway's access policy: one row per action.

Every route names one action; `deps.policy(action)` applies its row and nothing else decides.
A row says who may call (roles), which API-key scope covers it, which surveillance technology
the council must have approved, whether a reason and a case number are required, and what its
audit record holds: when it is written, and which request parameters go into its query (path
parameters are always recorded as the objects touched).

A partner agency's every use also needs partner sharing approved, whatever the row says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol


class Audit(Enum):
    ALWAYS = "always"  # every call, allowed or refused, whatever its outcome
    REFUSALS = "refusals"  # only refusals and failures: reads of non-sensitive records
    NEVER = "never"  # no caller to attribute (the public health probes)


class CaseRule(Enum):
    NEVER = "never"
    PARTNERS = "partners"  # a partner agency names the case it serves
    ALWAYS = "always"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]  # empty: public, no credential needed
    # What an API key's scopes must include (`family.*` covers a family); "": any key (the
    # caller's own session and identity).
    scope: str
    technology: str | None = None
    reason: bool = False
    case_number: CaseRule = CaseRule.NEVER
    audit: Audit = Audit.ALWAYS
    record: tuple[str, ...] = ()  # query or JSON-body parameters written into the audit record
    # Whether the reason, case number and `record` may come from a JSON body (not for bulk
    # bodies, which would be parsed twice for nothing).
    reads_body: bool = True
    # (parameter, action): when the parameter is set, the caller must be admitted to that
    # action's row as well (a canvass that also exports).
    also_when: tuple[tuple[str, str], ...] = ()

    @property
    def public(self) -> bool:
        return not self.roles


ADMIN = frozenset({"admin"})
SUPERVISORS = ADMIN | {"supervisor"}
STAFF = SUPERVISORS | {"detective", "analyst"}
OVERSEERS = ADMIN | {"auditor"}
PUBLIC: frozenset[str] = frozenset()
ANYONE = frozenset({*STAFF, "auditor", "partner", "resident", "reader", "integrator"})

PARTNER_TECHNOLOGY = "partner_sharing"

_VIDEO = "fixed_video"
_WINDOW = ("start", "end")
_READ_SEARCH = (
    "plate", "match", "state", "start", "end", "reader_id", "camera_id", "near", "radius_m",
    "polygon", "min_confidence", "colour", "make", "vehicle_type",
)  # fmt: skip


def _cameras(*, write: bool = False) -> Rule:
    if write:
        return Rule(SUPERVISORS | {"integrator"}, "cameras.write")
    return Rule(STAFF | {"auditor", "integrator"}, "cameras.read", audit=Audit.REFUSALS)


def _cases(write: bool = False) -> Rule:
    return Rule(STAFF, "cases.write" if write else "cases.read")


def _recordings(*, reason: bool = False) -> Rule:
    return Rule(STAFF, "recordings.read", _VIDEO, reason=reason, record=_WINDOW)


def _lpr(roles: frozenset[str], scope: str, **kw: Any) -> Rule:
    return Rule(roles, scope, "lpr", **kw)


POLICY: dict[str, Rule] = {
    # Sign-in and keys
    "session.me": Rule(ANYONE, "", audit=Audit.REFUSALS),
    "auth.login": Rule(PUBLIC, "auth.login", record=("username",)),
    "auth.refresh": Rule(ANYONE, ""),
    "auth.logout": Rule(ANYONE, ""),
    "apikeys.create": Rule(ADMIN, "apikeys.manage", record=("role", "agency", "scopes")),
    "apikeys.list": Rule(ADMIN, "apikeys.manage"),
    "apikeys.revoke": Rule(ADMIN, "apikeys.manage"),
    "users.create": Rule(ADMIN, "users.manage", record=("username", "role", "agency")),
    "users.list": Rule(ADMIN, "users.manage"),
    "users.update": Rule(ADMIN, "users.manage"),
    "users.unlock": Rule(ADMIN, "users.manage"),
    "users.reset_authenticator": Rule(ADMIN, "users.manage"),
    # Cameras
    "cameras.list": _cameras(),
    "cameras.read": _cameras(),
    "cameras.health": _cameras(),
    "cameras.create": _cameras(write=True),
    "cameras.update": _cameras(write=True),
    "cameras.delete": _cameras(write=True),
    "cameras.import": _cameras(write=True),
    # The map: its basemap settings, and finding where an address is (to find cameras there).
    "map.config": _cameras(),
    "map.geocode": Rule(STAFF | {"auditor"}, "cameras.read", record=("q",)),
    # Each person's saved live-wall layouts: lists of cameras.
    "layouts.list": _cameras(),
    "layouts.save": _cameras(),
    "layouts.delete": _cameras(),
    "dashboard.settings": Rule(ANYONE, "", audit=Audit.REFUSALS),
    # Residents' and businesses' cameras
    "registrations.submit": Rule(PUBLIC, "registrations.submit", "resident_video"),
    "registrations.list": Rule(SUPERVISORS, "registrations.review", "resident_video"),
    "registrations.read": Rule(SUPERVISORS, "registrations.review", "resident_video"),
    "registrations.approve": Rule(SUPERVISORS, "registrations.review", "resident_video"),
    "registrations.reject": Rule(
        SUPERVISORS, "registrations.review", "resident_video", reason=True
    ),
    # Withdrawal is the owner's right: the registration's own token, or staff taking a call.
    "registrations.withdraw": Rule(PUBLIC, "registrations.withdraw"),
    "registrations.own": Rule(frozenset({"resident"}), "registrations.own", "resident_video"),
    # Live view and footage
    "live.view": Rule(STAFF, "live.view", "live_monitoring"),
    # The session's end is recorded when it ends, however it ends.
    "live.end": Rule(STAFF, "live.view", "live_monitoring", audit=Audit.REFUSALS),
    # A viewer reads its own session's state (connected, or failed and why).
    "live.session": Rule(STAFF, "live.view", "live_monitoring", audit=Audit.REFUSALS),
    "live.sessions": Rule(SUPERVISORS | {"auditor"}, "oversight.read"),
    "recordings.list": _recordings(),
    # A summary or a bookmark reveals what footage holds, as the list of recordings does.
    "recordings.summary": Rule(
        STAFF, "recordings.read", _VIDEO, record=("start", "end", "buckets")
    ),
    # Where a camera's picture changed tells what its footage holds: footage access, with why.
    "recordings.activity": Rule(
        STAFF, "recordings.read", _VIDEO, reason=True, record=(*_WINDOW, "min_level")
    ),
    "bookmarks.create": _recordings(),
    "bookmarks.search": Rule(
        STAFF, "recordings.read", _VIDEO, record=(*_WINDOW, "camera_id", "q", "mine")
    ),
    "bookmarks.read": _recordings(),
    "bookmarks.update": _recordings(),
    "bookmarks.delete": _recordings(),
    "recordings.playback": _recordings(reason=True),
    "recordings.segment": Rule(PUBLIC, "recordings.read", _VIDEO, audit=Audit.REFUSALS),
    "recordings.snapshot": Rule(STAFF, "recordings.read", _VIDEO, reason=True, record=("at",)),
    "recordings.storage": Rule(
        STAFF, "recordings.read", _VIDEO, audit=Audit.REFUSALS, record=("first_day", "last_day")
    ),
    "recordings.events": Rule(STAFF, "recordings.read", _VIDEO, audit=Audit.REFUSALS),
    "recordings.canvass": Rule(
        STAFF,
        "recordings.read",
        _VIDEO,
        reason=True,
        record=("lat", "lon", "radius_m", "start", "end", "export"),
        also_when=(("export", "exports.create"),),
    ),
    "exports.create": Rule(STAFF, "exports.create", _VIDEO, reason=True, record=_WINDOW),
    "exports.read": Rule(STAFF, "exports.read", _VIDEO),
    "exports.download": Rule(STAFF, "exports.read", _VIDEO),
    # Plates
    "lpr.reads.write": _lpr(ADMIN | {"reader", "integrator"}, "lpr.reads.write", reads_body=False),
    "lpr.reads.search": _lpr(
        STAFF | {"partner"},
        "lpr.reads.search",
        reason=True,
        case_number=CaseRule.PARTNERS,
        record=_READ_SEARCH,
    ),
    "lpr.stakeout": _lpr(
        STAFF | {"partner"},
        "lpr.reads.search",
        reason=True,
        case_number=CaseRule.ALWAYS,
        record=("start", "end", "reader_id", "near", "radius_m", "polygon"),
    ),
    "lpr.convoy": _lpr(
        STAFF | {"partner"},
        "lpr.reads.search",
        reason=True,
        case_number=CaseRule.ALWAYS,
        record=("plate", "state", "start", "end", "window_minutes", "min_occurrences"),
    ),
    "lpr.images.read": _lpr(STAFF | {"partner"}, "lpr.reads.search"),
    "lpr.reads.attach_case": Rule(STAFF, "cases.write"),
    "lpr.recognize": _lpr(STAFF, "lpr.recognize"),
    "lpr.hotlists.list": _lpr(STAFF, "lpr.hotlists.read", audit=Audit.REFUSALS),
    "lpr.hotlists.read": _lpr(STAFF, "lpr.hotlists.read", audit=Audit.REFUSALS),
    "lpr.hotlists.entries": _lpr(STAFF, "lpr.hotlists.read"),
    "lpr.hotlists.create": _lpr(SUPERVISORS, "lpr.hotlists.write", record=("name",)),
    "lpr.hotlists.delete": _lpr(SUPERVISORS, "lpr.hotlists.write"),
    "lpr.hotlists.add_entries": _lpr(SUPERVISORS, "lpr.hotlists.write"),
    "lpr.hotlists.remove_entry": _lpr(SUPERVISORS, "lpr.hotlists.write"),
    "lpr.hotlists.import": _lpr(
        SUPERVISORS, "lpr.hotlists.write", record=("replace",), reads_body=False
    ),
    "lpr.agreements.list": _lpr(SUPERVISORS, "lpr.hotlists.write", audit=Audit.REFUSALS),
    "lpr.agreements.put": _lpr(SUPERVISORS, "lpr.hotlists.write"),
    "lpr.alerts.read": _lpr(STAFF | {"partner"}, "lpr.alerts.read", record=("open_only",)),
    "lpr.alerts.watch": _lpr(STAFF | {"partner"}, "lpr.alerts.read"),
    "lpr.alerts.dispose": _lpr(STAFF, "lpr.alerts.dispose", record=("disposition",)),
    # Cases
    "cases.create": _cases(write=True),
    "cases.list": Rule(STAFF, "cases.read", record=("status", "offense", "number")),
    "cases.read": _cases(),
    "cases.update": Rule(STAFF, "cases.write", record=("status",)),
    "cases.evidence.attach": Rule(STAFF, "cases.write", record=("kind", "camera_id")),
    "cases.evidence.list": _cases(),
    "cases.custody.add": Rule(STAFF, "cases.write", record=("action",)),
    "cases.custody.list": _cases(),
    "cases.outcomes.add": _cases(write=True),
    "cases.outcomes.list": _cases(),
    "cases.holds.list": Rule(STAFF, "cases.read", record=("status",)),
    "cases.holds.request_release": _cases(write=True),
    "cases.holds.confirm_release": Rule(SUPERVISORS, "cases.release_holds"),
    # Footage requests: owners of cameras the center may only ask, each by a one-time link.
    "cases.footage_requests.create": Rule(
        STAFF,
        "cases.write",
        "resident_video",
        reason=True,
        record=("lat", "lon", "radius_m", "start", "end", "expires_at"),
    ),
    "cases.footage_requests.list": _cases(),
    "cases.footage_requests.read": _cases(),
    "cases.footage_requests.reissue_link": Rule(STAFF, "cases.write", "resident_video"),
    "cases.evidence.clip": Rule(STAFF, "cases.read", "resident_video"),
    # The owner's answer, public by the link's token (recorded only as its hash).
    "footage_uploads.read": Rule(
        PUBLIC, "footage_uploads.read", "resident_video", audit=Audit.REFUSALS
    ),
    "footage_uploads.decline": Rule(PUBLIC, "footage_uploads.decline", "resident_video"),
    "footage_uploads.upload": Rule(
        PUBLIC, "footage_uploads.upload", "resident_video", reads_body=False
    ),
    # Oversight and reports
    "reports.attribution": Rule(STAFF | {"auditor"}, "reports.read", record=("year",)),
    "oversight.technologies.list": Rule(SUPERVISORS | {"auditor"}, "oversight.read"),
    "oversight.technologies.decide": Rule(
        ADMIN, "oversight.write", record=("ordinance_ref", "hearing_ref")
    ),
    "oversight.audit.query": Rule(
        OVERSEERS,
        "oversight.audit",
        record=(
            "user",
            "agency",
            "role",
            "action",
            "result",
            "case_number",
            "object_id",
            "since",
            "until",
            "rollup",
        ),
    ),
    "oversight.audit.verify": Rule(OVERSEERS, "oversight.audit"),
    "oversight.report": Rule(SUPERVISORS | {"auditor"}, "oversight.read", record=("year",)),
}


def rule_for(action: str) -> Rule:
    """The action's row; an action missing from the table is a programming error, found when the
    route is declared, not when it is first called."""
    try:
        return POLICY[action]
    except KeyError:
        raise KeyError(f"action {action!r} has no row in the policy table") from None


def in_scopes(scopes: frozenset[str] | None, scope: str) -> bool:
    """An API key's scopes name actions, or families of them as `lpr.*`."""
    if scopes is None:
        return True
    return scope in scopes or any(s.endswith(".*") and scope.startswith(s[:-1]) for s in scopes)


def technologies_needed(role: str, rule: Rule) -> list[str]:
    """Every approval the call needs, the action's own technology first."""
    needed = [rule.technology] if rule.technology else []
    if role == "partner":
        needed.append(PARTNER_TECHNOLOGY)
    return needed


class Approval(Protocol):
    status: str


def unapproved(
    technologies: Mapping[str, Approval], role: str, rule: Rule, action: str
) -> str | None:
    """Why the council's decisions do not allow the call, or None."""
    for key in technologies_needed(role, rule):
        tech = technologies.get(key)
        status = tech.status if tech is not None else "unknown"
        if status != "approved":
            return (
                f"technology '{key}' is not approved (status: {status}); "
                f"{action} needs the council's approval of '{key}'"
            )
    return None


def may(role: str, action: str) -> bool:
    """Whether the role's row allows the action (for what a route offers a caller, e.g. the
    withdrawn cameras only reviewers see)."""
    return role in rule_for(action).roles
