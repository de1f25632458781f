"""The annual surveillance report as a printable page for the council and the public."""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = """
body { font-family: Georgia, serif; max-width: 60em; margin: 2em auto; color: #111; }
h1, h2 { font-family: Helvetica, Arial, sans-serif; } h2 { border-bottom: 1px solid #999; }
table { border-collapse: collapse; margin: .5em 0 1em; }
td, th { border: 1px solid #bbb; padding: .25em .6em; text-align: left; vertical-align: top; }
.unavailable { color: #8a4b00; font-style: italic; }
@media print { body { margin: 0; } h2 { page-break-before: auto; } }
"""


def _value(value: Any) -> str:
    if isinstance(value, dict):
        if value.get("available") is False:
            return f'<span class="unavailable">unavailable: {escape(str(value["reason"]))}</span>'
        rows = "".join(
            f"<tr><th>{escape(str(k).replace('_', ' '))}</th><td>{_value(v)}</td></tr>"
            for k, v in value.items()
            if k != "available"
        )
        return f"<table>{rows}</table>" if rows else "none"
    if isinstance(value, list):
        return "".join(f"<div>{_value(v)}</div>" for v in value) or "none"
    if value is None:
        return "—"
    return escape(str(value))


def _technology(section: dict[str, Any]) -> str:
    title = f"{escape(section['name'])} — {escape(section['status'])}"
    fields = {k: v for k, v in section.items() if k not in ("name", "key")}
    return f"<h2>{title}</h2>{_value(fields)}"


def render_report(report: dict[str, Any]) -> str:
    sections = "".join(_technology(s) for s in report.get("technologies", []))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Surveillance technology report {report['year']}</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>Annual surveillance technology report, {report['year']}</h1>"
        f"<p>Generated from the system's own records on {escape(report['generated_on'])}.</p>"
        f"{sections}"
        f"<h2>Hotlist hits</h2>{_value(report['hotlist_hits'])}"
        f"<h2>Outcomes credited</h2>{_value(report['outcomes_credited'])}"
        f"<h2>Sharing with partner agencies</h2>{_value(report['sharing_with_partners'])}"
        f"<h2>Audit findings</h2>{_value(report['audit_findings'])}"
        "</body></html>"
    )
