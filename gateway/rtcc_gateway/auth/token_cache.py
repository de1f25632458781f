"""Tokens already verified, so that a client's next request skips the signature check.

Verifying an HS256 token costs more than the rest of a cached read (PyJWT decodes, inspects the
key and hashes on every call), and a client sends the same token for hours. A token is
remembered only once its signature, issuer and claims have verified, keyed on its exact text;
each hit checks the token's own expiry again, so a cached token stops working the second it
expires, exactly as an uncached one would. Sessions (idle time, logout) are still asked of the
policy cache on every request: this cache only saves the cryptography.
"""

from __future__ import annotations

import time

from rtcc_gateway.auth.tokens import Principal, verify_token_until

MAX_ENTRIES = 50_000


class VerifiedTokens:
    def __init__(self, key: bytes, max_entries: int = MAX_ENTRIES) -> None:
        self._key = key
        self._max_entries = max_entries
        self._verified: dict[str, tuple[int, Principal]] = {}

    def verify(self, token: str) -> Principal:
        """The token's caller; raises InvalidToken as `verify_token_until` does."""
        cached = self._verified.get(token)
        if cached is not None:
            expires_at, principal = cached
            if time.time() < expires_at:
                return principal
            del self._verified[token]
        principal, expires_at = verify_token_until(self._key, token)
        self._remember(token, principal, expires_at)
        return principal

    def _remember(self, token: str, principal: Principal, expires_at: int) -> None:
        # Bounded: only valid tokens get here, but a flood of them must not grow memory.
        if len(self._verified) >= self._max_entries:
            now = time.time()
            for stale in [t for t, (exp, _) in self._verified.items() if exp <= now]:
                del self._verified[stale]
            if len(self._verified) >= self._max_entries:
                self._verified.clear()
        self._verified[token] = (expires_at, principal)
