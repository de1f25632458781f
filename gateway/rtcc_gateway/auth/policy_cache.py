"""What the gateway asks the oversight service on every request, kept for a few seconds.

Technology approvals, API keys and login sessions change rarely and are read on every call; a
short cache keeps the oversight service off the hot path while a council decision, a revoked
key or an ended session still takes effect within `ttl_s`.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rtcc.oversight.v1 import oversight_pb2 as pb
from rtcc.oversight.v1 import oversight_pb2_grpc

MAX_ENTRIES = 10_000
T = TypeVar("T")


@dataclass(frozen=True)
class KeyGrant:
    key_id: str
    name: str
    role: str
    agency: str | None
    scopes: frozenset[str] | None


class PolicyCache:
    def __init__(
        self, stub_of: Callable[[], oversight_pb2_grpc.OversightServiceStub], ttl_s: float
    ) -> None:
        # The stub is looked up per call: the backends are connected when the app starts.
        self._stub_of = stub_of
        self._ttl_s = ttl_s
        self._approvals: tuple[float, dict[str, pb.Technology]] | None = None
        self._approvals_lock = asyncio.Lock()
        self._keys: dict[str, tuple[float, KeyGrant | None]] = {}
        self._sessions: dict[str, tuple[float, bool]] = {}

    async def technologies(self) -> dict[str, pb.Technology]:
        """Every technology by key; one call to the service however many requests wait."""
        async with self._approvals_lock:
            if self._approvals is None or self._approvals[0] < time.monotonic():
                reply = await self._stub_of().ListTechnologies(pb.ListTechnologiesRequest())
                techs = {t.key: t for t in reply.technologies}
                self._approvals = (time.monotonic() + self._ttl_s, techs)
            return self._approvals[1]

    def forget_approvals(self) -> None:
        self._approvals = None

    async def api_key(self, secret: str) -> KeyGrant | None:
        digest = hashlib.sha256(secret.encode()).hexdigest()
        cached = self._keys.get(digest)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        reply = await self._stub_of().VerifyApiKey(pb.VerifyApiKeyRequest(secret=secret))
        grant = None
        if reply.valid:
            key = reply.key
            grant = KeyGrant(
                key_id=key.id,
                name=key.name,
                role=key.role,
                agency=key.agency or None,
                scopes=frozenset(key.scopes) if key.scopes else None,
            )
        _remember(self._keys, digest, (time.monotonic() + self._ttl_s, grant))
        return grant

    async def session_active(self, session_id: str) -> bool:
        cached = self._sessions.get(session_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        reply = await self._stub_of().TouchSession(pb.TouchSessionRequest(session_id=session_id))
        _remember(self._sessions, session_id, (time.monotonic() + self._ttl_s, reply.active))
        return reply.active

    def forget_session(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)


def _remember(table: dict[str, tuple[float, T]], key: str, value: tuple[float, T]) -> None:
    # Bounded: a stream of made-up keys must not grow the gateway's memory.
    if len(table) >= MAX_ENTRIES:
        now = time.monotonic()
        for stale in [k for k, (expiry, _) in table.items() if expiry <= now]:
            del table[stale]
        if len(table) >= MAX_ENTRIES:
            table.clear()
    table[key] = value
