"""The gateway: the only public entry point, and the policy enforcement point."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from rtcc_common.logging import configure_logging, get_logger
from rtcc_common.metrics import serve_metrics
from rtcc_gateway.auth.setup import install_access_control
from rtcc_gateway.auth.tokens import load_or_create_signing_key
from rtcc_gateway.clients import Backends, connect_backends
from rtcc_gateway.errors import install_error_handlers
from rtcc_gateway.limits import BodyLimitMiddleware
from rtcc_gateway.metrics import HttpMetricsMiddleware, watch_live_view
from rtcc_gateway.middleware import RequestIdMiddleware
from rtcc_gateway.openapi import install_openapi
from rtcc_gateway.routes import (
    activity,
    auth,
    bookmarks,
    cameras,
    canvass,
    cases,
    dashboard,
    exports,
    health,
    layouts,
    live,
    lpr_alerts,
    lpr_analysis,
    lpr_hotlists,
    lpr_reads,
    lpr_recognize,
    maps,
    oversight,
    recordings,
    recordings_summary,
    registrations,
    reports,
    resident,
    session,
    users,
)
from rtcc_gateway.settings import GatewaySettings, build_settings
from rtcc_gateway.webrtc.manager import LiveViewManager, live_view_config
from rtcc_gateway.webrtc.policy_watch import watch_live_sessions

log = get_logger(__name__)


def create_app(settings: GatewaySettings, backends: Backends | None = None) -> FastAPI:
    """Build the gateway; tests pass their own settings (and may pass their own backends)."""
    assert settings.token_key_file is not None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backends = backends or connect_backends(settings)
        app.state.live = LiveViewManager(app.state.backends, live_view_config(settings))
        app.state.live.start()
        watch_live_view(app.state.live)
        recheck = asyncio.create_task(
            watch_live_sessions(app.state.live, app.state.policy_cache, settings.live_recheck_s)
        )
        try:
            yield
        finally:
            recheck.cancel()
            await app.state.live.close()
            await app.state.backends.close()

    app = FastAPI(
        title="Open RTCC",
        version="0.1.0",
        description="Real Time Crime Center: cameras, recordings, plates, cases and oversight.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.token_key = load_or_create_signing_key(settings.token_key_file)
    install_error_handlers(app)
    install_openapi(app)
    install_access_control(app, settings)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(HttpMetricsMiddleware)
    # Outermost: bytes are counted before anything else reads them.
    app.add_middleware(BodyLimitMiddleware)
    app.include_router(health.router)
    app.include_router(session.router)
    app.include_router(auth.router)
    app.include_router(users.router)
    app.include_router(resident.router)
    app.include_router(oversight.router)
    app.include_router(live.router)
    app.include_router(lpr_reads.router)
    app.include_router(lpr_hotlists.router)
    app.include_router(lpr_alerts.router)
    app.include_router(lpr_recognize.router)
    app.include_router(lpr_analysis.router)
    app.include_router(cameras.router)
    app.include_router(registrations.router)
    app.include_router(cases.router)
    app.include_router(reports.router)
    app.include_router(recordings.router)
    app.include_router(exports.router)
    app.include_router(recordings_summary.router)
    app.include_router(activity.router)
    app.include_router(bookmarks.router)
    app.include_router(layouts.router)
    app.include_router(canvass.router)
    app.include_router(maps.router)
    app.include_router(dashboard.router)
    return app


def main() -> None:
    settings = build_settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    serve_metrics(settings.metrics_host, settings.metrics_port)
    uvicorn.Server(server_config(create_app(settings), settings)).run()


def server_config(app: FastAPI, settings: GatewaySettings, *, port: int | None = None) -> Any:
    """How the gateway is served. X-Forwarded-For is believed only from the proxies the operator
    names: from any other peer (uvicorn's default trusts loopback) the peer is the client."""
    proxies = ",".join(settings.trusted_proxies)
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port if port is None else port,
        log_config=None,
        access_log=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )


if __name__ == "__main__":
    main()
