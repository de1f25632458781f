"""The permission table's helpers: API key scopes and the approvals each action needs."""

from __future__ import annotations

from rtcc_gateway.auth.permissions import in_scopes, technologies_needed


def test_scopes_name_actions_or_families() -> None:
    assert in_scopes(None, "lpr.reads.search")
    assert in_scopes(frozenset({"lpr.reads.search"}), "lpr.reads.search")
    assert in_scopes(frozenset({"lpr.*"}), "lpr.alerts.read")
    assert not in_scopes(frozenset({"lpr.alerts.*"}), "lpr.reads.search")
    assert not in_scopes(frozenset(), "cameras.read")


def test_each_action_needs_its_technology_and_partners_need_sharing() -> None:
    assert technologies_needed("analyst", "live.view") == ["live_monitoring"]
    assert technologies_needed("analyst", "recordings.read") == ["fixed_video"]
    assert technologies_needed("analyst", "exports.create") == ["fixed_video"]
    assert technologies_needed("reader", "lpr.reads.write") == ["lpr"]
    assert technologies_needed("resident", "registrations.own") == ["resident_video"]
    assert technologies_needed("partner", "lpr.reads.search") == ["lpr", "partner_sharing"]
    assert technologies_needed("admin", "cases.read") == []
    assert technologies_needed("auditor", "oversight.audit") == []
