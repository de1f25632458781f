"""Open live sessions held to the policy while they last, as each request is: a viewer whose
login session ends (logout, idle expiry, a disabled user), whose token expires, or whose
technology approval is suspended stops watching within `live_recheck_s`."""

from __future__ import annotations

import asyncio
import time

import grpc

from rtcc_common.logging import get_logger
from rtcc_gateway.auth.policy import rule_for, unapproved
from rtcc_gateway.auth.policy_cache import PolicyCache
from rtcc_gateway.webrtc.manager import LiveViewManager
from rtcc_gateway.webrtc.sessions import LiveSession

log = get_logger(__name__)


async def why_not_allowed(cache: PolicyCache, session: LiveSession) -> str | None:
    principal = session.principal
    if principal is None:
        return None
    if principal.session_id:
        if not await cache.session_active(principal.session_id):
            return "session_ended"
    elif principal.expires_at is not None and principal.expires_at <= time.time():
        return "credential_expired"
    if unapproved(await cache.technologies(), principal.role, rule_for("live.view"), "live.view"):
        return "approval_withdrawn"
    return None


async def watch_live_sessions(live: LiveViewManager, cache: PolicyCache, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        for session in live.sessions.open_sessions():
            try:
                reason = await why_not_allowed(cache, session)
            except grpc.aio.AioRpcError as exc:
                # Oversight unreachable: the next round decides; requests get 503 meanwhile.
                log.warning("live_recheck_unavailable", code=exc.code().name)
                break
            if reason is not None:
                log.info("live_session_revoked", session_id=session.id, reason=reason)
                await live.end_session(session.id, reason)
