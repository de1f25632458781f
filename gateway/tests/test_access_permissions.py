"""The policy table: every route names a row, API key scopes, and the approvals each needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute

from rtcc_gateway.auth.policy import POLICY, in_scopes, rule_for, technologies_needed
from rtcc_gateway.main import create_app
from rtcc_gateway.settings import GatewaySettings


def test_scopes_name_actions_or_families() -> None:
    assert in_scopes(None, "lpr.reads.search")
    assert in_scopes(frozenset({"lpr.reads.search"}), "lpr.reads.search")
    assert in_scopes(frozenset({"lpr.*"}), "lpr.alerts.read")
    assert not in_scopes(frozenset({"lpr.alerts.*"}), "lpr.reads.search")
    assert not in_scopes(frozenset(), "cameras.read")


def test_each_action_needs_its_technology_and_partners_need_sharing() -> None:
    assert technologies_needed("analyst", rule_for("live.view")) == ["live_monitoring"]
    assert technologies_needed("analyst", rule_for("recordings.list")) == ["fixed_video"]
    assert technologies_needed("analyst", rule_for("exports.create")) == ["fixed_video"]
    assert technologies_needed("reader", rule_for("lpr.reads.write")) == ["lpr"]
    assert technologies_needed("resident", rule_for("registrations.own")) == ["resident_video"]
    assert technologies_needed("partner", rule_for("lpr.reads.search")) == [
        "lpr",
        "partner_sharing",
    ]
    assert technologies_needed("admin", rule_for("cases.read")) == []
    assert technologies_needed("auditor", rule_for("oversight.audit.query")) == []


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every operation, through included routers (whatever class wraps them)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and getattr(inner, "routes", None) is not None:
            found += _api_routes(list(inner.routes))
    return found


def test_every_api_route_is_governed_by_exactly_one_policy_row(tmp_path: Path) -> None:
    """No route decides access by itself: each operation under /v1 depends on `policy(action)`
    exactly once, and every row of the table is some route's."""
    app = create_app(GatewaySettings(data_dir=tmp_path))
    used: set[str] = set()
    operations = [r for r in _api_routes(list(app.routes)) if r.path.startswith("/v1")]
    assert len(operations) > 70
    for route in operations:
        rows = [
            getattr(d.call, "action", None)
            for d in route.dependant.dependencies
            if getattr(d.call, "action", None) is not None
        ]
        assert len(rows) == 1, f"{route.methods} {route.path}: {len(rows)} policy rows"
        used.add(str(rows[0]))
    assert used == set(POLICY), f"rows no route uses: {sorted(set(POLICY) - used)}"
