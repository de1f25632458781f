"""The roles an account, API key or token may hold: one list for the gateway (what each may do)
and the oversight service (which keeps accounts to these roles)."""

from __future__ import annotations

ROLES = (
    "admin",
    "supervisor",
    "detective",
    "analyst",
    "auditor",
    "partner",
    "resident",
    "reader",
    "integrator",
)
