"""The gateway's Prometheus metrics: HTTP latency and status by route template, sign-in
failures, live view, and how long a raised alert takes to reach an open stream.

They are served on their own port (`RTCC_GATEWAY_METRICS_PORT`), not under the public API, so a
scraper on IT's network needs no credential and the public listener shows none of it. Labels
hold route templates, statuses and reasons only: never a user, plate, camera or case.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rtcc_common.metrics import LATENCY_BUCKETS

if TYPE_CHECKING:
    from rtcc_gateway.webrtc.manager import LiveViewManager

HTTP_REQUESTS = Counter(
    "rtcc_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "rtcc_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer (streams: the stream's life).",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
LOGIN_FAILURES = Counter(
    "rtcc_gateway_login_failures",
    "Refused sign-ins, by reason (bad_credentials covers unknown usernames too).",
    ["reason"],
)
LOGIN_LOCKOUTS = Counter(
    "rtcc_gateway_login_lockouts",
    "Sign-ins refused because the account is locked (a lockout begun or still running).",
)
LIVE_SESSIONS = Gauge("rtcc_gateway_live_sessions", "Open live-view (WHEP) sessions.")
LIVE_SESSIONS_FAILED = Counter(
    "rtcc_gateway_live_sessions_failed",
    "Live-view sessions ended without a working connection, by reason.",
    ["reason"],
)
LIVE_UPSTREAMS = Gauge(
    "rtcc_gateway_live_upstreams", "Upstream camera sessions held for live view."
)
ALERTS_DELIVERED = Counter(
    "rtcc_gateway_alerts_delivered", "Plate alerts written to open alert streams (SSE)."
)
ALERT_DELIVERY = Histogram(
    "rtcc_gateway_alert_delivery_seconds",
    "From an alert being raised in lpr to its event written on an alert stream (new alerts).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# A route's template, or this for requests that matched none (no unbounded label values).
UNMATCHED = "unmatched"
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def count_login_refusal(result: str) -> None:
    reason = "bad_credentials" if result == "unknown_user" else result
    LOGIN_FAILURES.labels(reason).inc()
    if result == "locked":
        LOGIN_LOCKOUTS.inc()


def observe_alert_delivery(raised_at_s: float, repeats: int) -> None:
    ALERTS_DELIVERED.inc()
    if repeats == 0 and raised_at_s > 0:
        ALERT_DELIVERY.observe(max(0.0, time.time() - raised_at_s))


def watch_live_view(manager: LiveViewManager) -> None:
    LIVE_SESSIONS.set_function(lambda: len(manager.sessions.open_sessions()))
    LIVE_UPSTREAMS.set_function(lambda: manager.upstream_count())


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(path) if path else UNMATCHED


class HttpMetricsMiddleware:
    """Times every HTTP request and counts its status by the route template it matched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = _route_of(scope)
            method = scope["method"] if scope["method"] in _METHODS else "other"
            HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
