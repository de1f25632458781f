"""The oversight service's Prometheus metrics (served by rtcc_common.metrics): counts only, no
part of an audit record."""

from __future__ import annotations

from prometheus_client import Counter

AUDIT_APPENDS = Counter(
    "rtcc_oversight_audit_appends", "Audit records committed to the hash chain."
)
AUDIT_APPEND_FAILURES = Counter(
    "rtcc_oversight_audit_append_failures", "Audit records refused because their batch failed."
)
LOCKOUTS = Counter(
    "rtcc_oversight_login_lockouts",
    "Lockouts begun by failed sign-ins, by scope (source: one address; account: everywhere).",
    ["scope"],
)
