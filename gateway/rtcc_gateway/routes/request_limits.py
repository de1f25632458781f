"""Limits on what a client may send: body sizes (413) and the rate of public requests (429)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from fastapi import HTTPException, Request

MAX_JSON_BODY_BYTES = 64 * 1024
MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024


def _declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit():
        raise HTTPException(400, "Content-Length is not a number")
    return int(value)


def limit_json_body(request: Request) -> None:
    """Refuses a JSON body announced larger than the limit before anything is stored."""
    length = _declared_length(request)
    if length is not None and length > MAX_JSON_BODY_BYTES:
        raise HTTPException(413, f"the body is larger than {MAX_JSON_BODY_BYTES} bytes")


async def read_body_capped(request: Request, limit: int) -> bytes:
    """The body, read as it streams in and abandoned as soon as it passes the limit."""
    length = _declared_length(request)
    if length is not None and length > limit:
        raise HTTPException(413, f"the body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client address, in memory: `burst` requests at once, then `per_s`."""

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
