"""The annual surveillance report as a document a council would publish: sentences and tables
with units ("689 MB recorded", "within policy: yes"), every figure from the system's records.
A figure a service could not give is said to be unavailable, with the reason, never guessed."""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto;
  color: #111; line-height: 1.5; padding: 0 1em; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; line-height: 1.2; }
h2 { border-bottom: 1px solid #999; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .4em 0 1em; min-width: 24em; }
td, th { border-bottom: 1px solid #ccc; padding: .2em .8em .2em 0; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.summary { font-size: 1.05em; background: #f4f4ef; padding: .6em 1em; border-left: 4px solid #777; }
.unavailable { color: #8a4b00; font-style: italic; }
.status-approved { color: #1a6b2a; } .status-suspended, .broken { color: #a01818; }
figure { margin: .6em 0 1em; } figcaption { font-family: Helvetica, Arial, sans-serif;
  font-weight: bold; margin-bottom: .3em; }
svg.chart { max-width: 100%; height: auto; font-family: Helvetica, Arial, sans-serif; }
.legend { font-size: .85em; } .key { margin-right: 1.2em; white-space: nowrap; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .3em;
  vertical-align: -.1em; }
@media print { body { margin: 0 auto; } .summary { background: none; } }
"""

OUTCOME_NAMES = {
    "lookback_footage": "Looking back at recorded footage",
    "camera_canvass": "Canvassing cameras near an incident",
    "plate_hit": "Plate-reader hits",
    "live_view": "Watching cameras live",
}


def _n(value: Any) -> str:
    """A count as people write it: 1,234."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return escape(str(value))
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _plural(count: Any, one: str, many: str | None = None) -> str:
    word = one if count == 1 else (many or f"{one}s")
    return f"{_n(count)} {word}"


def data_size(size: Any) -> str:
    size = float(size or 0)
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            shown = size / scale
            return f"{shown:,.1f} {unit}" if shown < 100 else f"{shown:,.0f} {unit}"
    return f"{size:,.0f} bytes"


def _yes(value: Any) -> str:
    return "yes" if value else "no"


def _unavailable(section: Any) -> str | None:
    if section is None:
        return None
    if isinstance(section, dict) and section.get("available") is False:
        reason = escape(str(section.get("reason", "")))
        return f'<span class="unavailable">unavailable: {reason}</span>'
    return None


def _rows(pairs: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{escape(k)}</th><td class='n'>{v}</td></tr>" for k, v in pairs)
    return f"<table>{body}</table>"


def _breakdown(title: str, counts: dict[str, Any]) -> str:
    if not counts:
        return f"<p>{escape(title)}: none.</p>"
    rows = sorted(counts.items(), key=lambda kv: -kv[1])
    return f"<h3>{escape(title)}</h3>" + _rows([(k, _n(v)) for k, v in rows])


# Agencies' colours in the charts, told apart in print and by readers with red-green blindness.
_PALETTE = ("#33658a", "#f6ae2d", "#86bbd8", "#758e4f", "#f26419", "#55505c", "#a7a5c6")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_chart(title: str, by_month: dict[str, dict[str, Any]]) -> str:
    """Accesses by month as stacked bars, one colour per agency, the total over each bar; an
    inline SVG that browsers and the PDF engine draw alike."""
    months = sorted(by_month)
    totals = {m: sum(by_month[m].values()) for m in months}
    if not months or not any(totals.values()):
        return f"<p>{escape(title)}: none.</p>"
    agency_totals: dict[str, float] = {}
    for counts in by_month.values():
        for agency, n in counts.items():
            agency_totals[agency] = agency_totals.get(agency, 0) + n
    # The biggest agencies keep their own colour; the rest share the last one.
    ranked = sorted(agency_totals, key=lambda a: -agency_totals[a])
    named = ranked[: len(_PALETTE) - 1] if len(ranked) > len(_PALETTE) else ranked
    colour = {a: _PALETTE[i] for i, a in enumerate(named)}
    others = "other agencies"
    width, height, left, bottom, top = 600, 220, 44, 24, 18
    slot = (width - left) / len(months)
    peak = max(totals.values())
    scale = (height - bottom - top) / peak
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' role='img' aria-label='{escape(title)}'>",
        f"<title>{escape(title)}</title>",
        f"<line x1='{left}' y1='{height - bottom}' x2='{width}' y2='{height - bottom}' "
        "stroke='#555'/>",
        f"<text x='{left - 6}' y='{top + 4}' text-anchor='end' font-size='10'>{_n(peak)}</text>",
        f"<text x='{left - 6}' y='{height - bottom}' text-anchor='end' font-size='10'>0</text>",
    ]
    for i, month in enumerate(months):
        x = left + i * slot + slot * 0.15
        y = height - bottom
        stacked: dict[str, float] = {}
        for agency, n in by_month[month].items():
            key = agency if agency in colour else others
            stacked[key] = stacked.get(key, 0) + n
        for agency in [*named, others]:
            n = stacked.get(agency, 0)
            if not n:
                continue
            tall = n * scale
            y -= tall
            fill = colour.get(agency, _PALETTE[-1])
            parts.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{slot * 0.7:.1f}' height='{tall:.1f}' "
                f"fill='{fill}'><title>{escape(agency)}, {escape(month)}: {_n(n)}</title></rect>"
            )
        label = _MONTHS[int(month[5:7]) - 1] if month[4:5] == "-" else month
        centre = left + i * slot + slot / 2
        parts.append(
            f"<text x='{centre:.1f}' y='{height - 8}' text-anchor='middle' font-size='10'>"
            f"{escape(label)}</text>"
        )
        if totals[month]:
            parts.append(
                f"<text x='{centre:.1f}' y='{y - 3:.1f}' text-anchor='middle' font-size='9'>"
                f"{_n(totals[month])}</text>"
            )
    parts.append("</svg>")
    legend = "".join(
        f"<span class='key'><span class='swatch' style='background:{colour.get(a, _PALETTE[-1])}'>"
        f"</span>{escape(a)}</span>"
        for a in [*named, *([others] if len(ranked) > len(named) else [])]
    )
    return (
        f"<figure><figcaption>{escape(title)} (months in UTC)</figcaption>{''.join(parts)}"
        f"<div class='legend'>{legend}</div></figure>"
    )


def _decision(tech: dict[str, Any]) -> str:
    status = escape(tech.get("status", "unknown"))
    refs = [
        f"ordinance {escape(tech['ordinance_ref'])}" if tech.get("ordinance_ref") else "",
        f"hearing {escape(tech['hearing_ref'])}" if tech.get("hearing_ref") else "",
    ]
    said = ", ".join(r for r in refs if r)
    when = f" on {escape(str(tech['decided_at'])[:10])}" if tech.get("decided_at") else ""
    return f"<span class='status-{status}'>{status}</span>{' (' + said + ')' if said else ''}{when}"


def _footage(data: dict[str, Any]) -> str:
    hours, size = data.get("hours_recorded", 0), data_size(data.get("bytes_recorded", 0))
    oldest = data.get("oldest_footage_day")
    sentence = (
        f"<p>{size} of footage recorded, {_plural(hours, 'hour')} in all, from "
        f"{_plural(data.get('cameras_recorded', 0), 'camera')}"
        + (f"; the oldest footage kept is from {escape(str(oldest))}." if oldest else ".")
        + "</p>"
    )
    return sentence + _rows(
        [
            ("Data recorded", size),
            ("Hours recorded", f"{_n(hours)} h"),
            ("Cameras recorded", _n(data.get("cameras_recorded", 0))),
        ]
    )


def _plate_data(data: dict[str, Any]) -> str:
    reads = data.get("reads") or {}
    parts = []
    if missing := _unavailable(reads):
        parts.append(f"<p>Plates read: {missing}</p>")
    elif reads:
        sources = reads.get("by_source", {})
        parts.append(
            f"<p>{_plural(reads.get('reads', 0), 'plate read')} collected: "
            f"{_n(sources.get('reader', 0))} by fixed readers and "
            f"{_n(sources.get('camera', 0))} by the center's cameras.</p>"
        )
    if hits := data.get("hotlist_hits"):
        parts.append(_hits(hits))
    return "".join(parts)


def _hits(hits: dict[str, Any]) -> str:
    if missing := _unavailable(hits):
        return f"<p>Hotlist hits: {missing}</p>"
    alerts = hits.get("alerts", 0)
    confirmed = hits.get("confirmed", 0)
    share = f" ({confirmed / alerts:.0%})" if alerts else ""
    return (
        f"<p>{_plural(alerts, 'read')} matched a hotlist and raised an alert; a person confirmed "
        f"{_n(confirmed)}{share} as the vehicle sought.</p>"
        + _rows(
            [
                ("Alerts raised", _n(alerts)),
                ("Confirmed by a person", _n(confirmed)),
                ("Misread by the reader", _n(hits.get("misread", 0))),
                ("Not the vehicle sought", _n(hits.get("not_actionable", 0))),
                ("Not yet checked", _n(hits.get("not_yet_checked", 0))),
            ]
        )
    )


def _technology(tech: dict[str, Any]) -> str:
    parts = [f"<h2>{escape(tech.get('name', tech.get('key', '')))}</h2>"]
    parts.append(f"<p>Council decision: {_decision(tech)}.</p>")
    units = tech.get("units_deployed")
    if missing := _unavailable(units):
        parts.append(f"<p>Units deployed: {missing}</p>")
    elif units:
        parts.append(f"<p>Units deployed: {_n(units.get('units', 0))}.</p>")
    data = tech.get("data_collected")
    if missing := _unavailable(data):
        parts.append(f"<p>Data collected: {missing}</p>")
    elif data and "bytes_recorded" in data:
        parts.append(_footage(data))
    elif data:
        parts.append(_plate_data(data))
    retention = tech.get("retention")
    if missing := _unavailable(retention):
        parts.append(f"<p>Retention: {missing}</p>")
    elif retention:
        age = retention.get("oldest_held_age_days")
        held = (
            "no footage is held"
            if age is None
            else f"the oldest footage held is {_plural(age, 'day')} old"
        )
        parts.append(
            f"<p>Retention policy: {_plural(retention.get('policy_days', 0), 'day')}; {held}; "
            f"within policy: {_yes(retention.get('within_policy'))}.</p>"
        )
    accesses = tech.get("accesses") or {}
    if missing := _unavailable(accesses):
        parts.append(f"<p>Accesses: {missing}</p>")
    elif accesses:
        parts.append(
            f"<p>Accesses recorded in the audit trail: {_n(accesses.get('total', 0))}.</p>"
        )
        if accesses.get("by_month"):
            parts.append(month_chart("Accesses by month and agency", accesses["by_month"]))
        if accesses.get("by_agency"):
            parts.append(_breakdown("Accesses by agency", accesses["by_agency"]))
        if accesses.get("by_purpose"):
            parts.append(_breakdown("Accesses by purpose", accesses["by_purpose"]))
    return "".join(parts)


def _outcomes(outcomes: dict[str, Any]) -> str:
    if missing := _unavailable(outcomes):
        return f"<p>{missing}</p>"
    rows = [
        (OUTCOME_NAMES.get(k, k.replace("_", " ")), f"{_n(v.get('arrests', 0))} arrests, "
         f"{_n(v.get('vehicles_recovered', 0))} vehicles")
        for k, v in (outcomes.get("by_technology") or {}).items()
    ]  # fmt: skip
    return (
        f"<p>Investigations the center helped were credited with "
        f"{_plural(outcomes.get('arrests', 0), 'arrest')} and "
        f"{_plural(outcomes.get('vehicles_recovered', 0), 'recovered vehicle')}.</p>"
        + (_rows(rows) if rows else "")
    )


def _footage_requests(asked: dict[str, Any]) -> str:
    if missing := _unavailable(asked):
        return f"<p>{missing}</p>"
    by = asked.get("by_status") or {}
    return (
        f"<p>The center asked the owners of cameras it cannot reach for their footage "
        f"{_plural(asked.get('requests', 0), 'time')}, "
        f"{_plural(asked.get('owners_asked', 0), 'owner')} in all; each owner's answer is "
        "counted by where it stands now.</p>"
        + _rows(
            [
                ("Clip uploaded", _n(by.get("uploaded", 0))),
                ("Declined", _n(by.get("declined", 0))),
                ("Expired unanswered", _n(by.get("expired", 0))),
                ("Still awaiting an answer", _n(by.get("sent", 0))),
            ]
        )
    )


def _sharing(sharing: dict[str, Any]) -> str:
    if missing := _unavailable(sharing):
        return f"<p>{missing}</p>"
    text = f"<p>Partner agencies made {_plural(sharing.get('total', 0), 'query', 'queries')}.</p>"
    if sharing.get("by_month"):
        text += month_chart("Partner queries by month and agency", sharing["by_month"])
    if sharing.get("by_agency"):
        text += _breakdown("By agency", sharing["by_agency"])
    if sharing.get("by_purpose"):
        text += _breakdown("By purpose", sharing["by_purpose"])
    return text


def _audit(findings: dict[str, Any]) -> str:
    if missing := _unavailable(findings):
        return f"<p>{missing}</p>"
    checked = _plural(findings.get("records_checked", 0), "record")
    if findings.get("chain_intact"):
        verdict = f"<p>The audit trail's {checked} were verified: the chain is intact.</p>"
    else:
        verdict = (
            f"<p class='broken'>The audit trail's {checked} were verified: the chain is broken "
            f"at record {escape(str(findings.get('first_altered_record')))} "
            f"({escape(str(findings.get('problem') or ''))}).</p>"
        )
    verdict += f"<p>Accesses refused: {_n(findings.get('refused_accesses', 0))}.</p>"
    decisions = findings.get("approval_decisions") or []
    if decisions:
        cells = (
            (d.get("technology", ""), d.get("status", ""), d.get("ordinance_ref") or "—",
             d.get("hearing_ref") or "—", d.get("decided_by") or "",
             str(d.get("decided_at") or "")[:10])
            for d in decisions
        )  # fmt: skip
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in cells
        )
        verdict += (
            "<h3>Council decisions recorded this year</h3><table><tr><th>Technology</th>"
            "<th>Decision</th><th>Ordinance</th><th>Hearing</th><th>By</th><th>Date</th></tr>"
            f"{rows}</table>"
        )
    return verdict


def _summary(report: dict[str, Any]) -> str:
    techs = report.get("technologies", [])
    approved = [t for t in techs if t.get("status") == "approved"]
    used = _plural(len(approved), "surveillance technology", "surveillance technologies")
    sentences = [
        f"In {report['year']} the center used {used} approved by the council, "
        f"of the {len(techs)} the ordinance lists."
    ]
    video = next((t.get("data_collected") for t in techs if t.get("key") == "fixed_video"), None)
    if video and not _unavailable(video):
        sentences.append(
            f"Its cameras recorded {data_size(video.get('bytes_recorded', 0))} of footage "
            f"({_plural(video.get('hours_recorded', 0), 'hour')})."
        )
    hits = report.get("hotlist_hits") or {}
    if hits and not _unavailable(hits):
        sentences.append(
            f"{_plural(hits.get('alerts', 0), 'plate read')} matched a hotlist; "
            f"{_n(hits.get('confirmed', 0))} "
            f"{'was' if hits.get('confirmed', 0) == 1 else 'were'} confirmed by a person."
        )
    outcomes = report.get("outcomes_credited") or {}
    if outcomes and not _unavailable(outcomes):
        sentences.append(
            f"Its work was credited with {_plural(outcomes.get('arrests', 0), 'arrest')} and "
            f"{_plural(outcomes.get('vehicles_recovered', 0), 'recovered vehicle')}."
        )
    audit = report.get("audit_findings") or {}
    if audit and not _unavailable(audit):
        sentences.append(
            f"The audit trail was verified {'intact' if audit.get('chain_intact') else 'BROKEN'}."
        )
    return f"<p class='summary'>{' '.join(sentences)}</p>"


def render_report(report: dict[str, Any]) -> str:
    sections = "".join(_technology(t) for t in report.get("technologies", []))
    generated = escape(str(report["generated_on"])[:10])
    sharing = _sharing(report.get("sharing_with_partners") or {})
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Surveillance technology report {report['year']}</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>Annual surveillance technology report, {report['year']}</h1>"
        f"<p>Generated from the system's own records on {generated}; "
        "every figure below is counted by the system, none typed in.</p>"
        f"{_summary(report)}"
        f"{sections}"
        f"<h2>Hotlist hits</h2>{_hits(report.get('hotlist_hits') or {})}"
        f"<h2>Outcomes credited</h2>{_outcomes(report.get('outcomes_credited') or {})}"
        "<h2>Footage requests to camera owners</h2>"
        f"{_footage_requests(report.get('footage_requests') or {})}"
        f"<h2>Sharing with partner agencies</h2>{sharing}"
        f"<h2>Audit findings</h2>{_audit(report.get('audit_findings') or {})}"
        "</body></html>"
    )
