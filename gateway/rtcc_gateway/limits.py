"""Limits on what a client may send: request bodies, counted as their bytes arrive (413), and the
rate of public requests per address (429).

Body limits are enforced below routing and authentication, on the ASGI `receive` channel, so a
chunked upload is cut off at its limit however it is framed, and nothing upstream (JSON parsing,
authentication, a route) ever holds more than the limit. A request with no credential at all
may send only what the public endpoints take: it will be refused anyway.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KIB = 1024
MIB = 1024 * KIB
DEFAULT_BODY_BYTES = 64 * KIB
PUBLIC_BODY_BYTES = 64 * KIB
# A body over its limit is read on and thrown away up to this much, so that an ordinary client
# gets its 413 instead of a connection reset mid-upload; past it the connection is closed.
DRAIN_BYTES = 64 * MIB
# An owner's clip for a footage request, streamed on to the cases service as it arrives.
FOOTAGE_UPLOAD_BYTES = 2 * 1024 * MIB

# (method, path pattern, limit): the first match wins; anything else gets DEFAULT_BODY_BYTES.
BODY_LIMITS: tuple[tuple[str, re.Pattern[str], int], ...] = tuple(
    (method, re.compile(pattern), limit)
    for method, pattern, limit in (
        ("POST", r"^/v1/lpr/reads$", 64 * MIB),  # batches of reads with their images
        ("POST", r"^/v1/lpr/hotlists/[^/]+/import$", 512 * MIB),  # streamed on, never held
        ("POST", r"^/v1/lpr/hotlists/[^/]+/entries$", 16 * MIB),
        ("POST", r"^/v1/lpr/recognize$", 20 * MIB + 64 * KIB),
        ("POST", r"^/v1/cameras/import$", 8 * MIB),
        ("PUT", r"^/v1/oversight/technologies/[^/]+$", 1 * MIB),  # the adopted use policy
        ("POST", r"^/v1/cameras/[^/]+/whep$", 64 * KIB),
        ("POST", r"^/v1/registrations(/[^/]+/withdraw)?$", PUBLIC_BODY_BYTES),
        ("POST", r"^/v1/auth/login$", PUBLIC_BODY_BYTES),
        ("PUT", r"^/v1/footage-uploads/[^/]+$", FOOTAGE_UPLOAD_BYTES),
        ("POST", r"^/v1/footage-uploads/[^/]+/decline$", PUBLIC_BODY_BYTES),
    )
)
_PUBLIC = re.compile(
    r"^/v1/(registrations(/[^/]+/withdraw)?|auth/login|footage-uploads/[^/]+(/decline)?)$"
)


def body_limit(method: str, path: str, has_credential: bool) -> int:
    for limit_method, pattern, limit in BODY_LIMITS:
        if method == limit_method and pattern.match(path):
            return limit if has_credential or _PUBLIC.match(path) else PUBLIC_BODY_BYTES
    return DEFAULT_BODY_BYTES if has_credential else PUBLIC_BODY_BYTES


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is larger than {limit} bytes")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        has_credential = b"authorization" in headers or b"x-api-key" in headers
        limit = body_limit(scope["method"], scope["path"], has_credential)
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _refuse(send, 400, "Content-Length is not a number", "invalid_argument")
                return
            if int(declared) > limit:
                await _drain(receive, 0)
                await _refuse(send, 413, str(BodyTooLarge(limit).detail), "too_large")
                return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if message.get("more_body", False):
                        await _drain(receive, received)
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(send, 413, str(exc.detail), "too_large")


async def _drain(receive: Receive, received: int) -> None:
    """Reads the rest of a refused body, keeping none of it."""
    while received < DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        received += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _refuse(send: Send, status: int, message: str, error_type: str) -> None:
    body = json.dumps({"detail": [{"msg": message, "type": error_type}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client address, in memory: `burst` requests at once, then `per_s`.
    The address is the peer's, or the one a configured proxy forwarded (see the gateway's
    `trusted_proxies`): a client cannot choose its own by sending X-Forwarded-For."""

    def __init__(self, *, burst: int, per_s: float, max_clients: int = 100_000) -> None:
        self._burst = burst
        self._per_s = per_s
        self._max_clients = max_clients
        self._buckets: dict[str, _Bucket] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= self._max_clients:
                self._forget_full_buckets(now)
            bucket = self._buckets[client] = _Bucket(float(self._burst), now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._per_s)
        bucket.updated = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _forget_full_buckets(self, now: float) -> None:
        # A bucket that has refilled says nothing a fresh one would not: memory stays bounded.
        refill_s = self._burst / self._per_s
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < refill_s}

    def check(self, request: Request) -> None:
        client = request.client.host if request.client else "unknown"
        if not self.allow(client):
            retry = max(1, round(1 / self._per_s))
            raise HTTPException(
                429,
                "too many requests from this address; try again later",
                headers={"Retry-After": str(retry)},
            )
