"""Per-source throttling of sign-in attempts: a token bucket per client address.

Each attempt takes a token before any password is hashed and a successful sign-in gives it
back, so in effect the bucket counts failures (and attempts still in flight). An address whose
bucket is empty is answered at once, without a hash, whatever username it tries: one address
can neither spray passwords over many usernames nor keep the hashing pool busy. The buckets
live in this process; they are a brake, not the lockout (which is in the database, login.py).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

MAX_TRACKED_SOURCES = 100_000


def source_key(source: str) -> str:
    """The address a throttle or lockout counts under: an IPv6 client by its /64 (one host
    usually holds a whole /64), anything unparsable as given (bounded)."""
    text = source.strip()
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        # "*" stands for every address in the lockout's rows (login.py).
        return text[:64].replace("*", "?")
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class LoginThrottle:
    def __init__(self, *, burst: int, refill_s: float) -> None:
        """`burst` attempts at once; one more every `refill_s` seconds."""
        self._burst = float(burst)
        self._refill_s = refill_s
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, source: str, now: float) -> _Bucket:
        bucket = self._buckets.get(source)
        if bucket is None:
            if len(self._buckets) >= MAX_TRACKED_SOURCES:
                self._forget_full(now)
            bucket = self._buckets[source] = _Bucket(tokens=self._burst, updated=now)
            return bucket
        refilled = (now - bucket.updated) / self._refill_s
        bucket.tokens, bucket.updated = min(self._burst, bucket.tokens + refilled), now
        return bucket

    def take(self, source: str, now: float) -> float:
        """0 when the attempt may go ahead (a token is taken), else the seconds until it may."""
        bucket = self._bucket(source, now)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) * self._refill_s

    def give_back(self, source: str, now: float) -> None:
        bucket = self._bucket(source, now)
        bucket.tokens = min(self._burst, bucket.tokens + 1.0)

    def _forget_full(self, now: float) -> None:
        """Buckets that have refilled remember nothing worth keeping."""
        for source in list(self._buckets):
            bucket = self._buckets[source]
            if bucket.tokens + (now - bucket.updated) / self._refill_s >= self._burst:
                del self._buckets[source]
        if len(self._buckets) >= MAX_TRACKED_SOURCES:
            # Still full: the oldest go, so that memory stays bounded under a flood.
            oldest = sorted(self._buckets, key=lambda s: self._buckets[s].updated)
            for source in oldest[: len(oldest) // 2]:
                del self._buckets[source]
