"""The permission a playlist gives its segment links.

A browser's video element, hls.js or ffplay fetch a playlist's segments without the caller's
bearer token, so each segment URL carries a signed grant instead: which segment, until when, for
whom, and, for a token from a password login, which session. A grant from a login session dies
with the session (logout, idle expiry, a disabled user), checked on every fetch; any other
grant lasts no longer than the credential that asked for it; none more than `MAX_TTL_S`. The
first segment fetched under a grant writes the audit record of the footage being delivered.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

from rtcc_gateway.auth.tokens import Principal

MAX_TTL_S = 4 * 3600
# Without a session to check (API keys, `rtcc token` tokens), links live this long at most.
SESSIONLESS_TTL_S = 3600
REMEMBERED_GRANTS = 10_000


@dataclass(frozen=True)
class Grant:
    grant_id: str
    subject: str
    session_id: str
    expires: int

    def query(self, key: bytes, segment_id: str) -> str:
        return urlencode(
            {
                "g": self.grant_id,
                "sub": self.subject,
                "sid": self.session_id,
                "exp": self.expires,
                "sig": self.signature(key, segment_id),
            }
        )

    def signature(self, key: bytes, segment_id: str) -> str:
        text = (
            f"segment:{segment_id}:{self.expires}:{self.grant_id}:{self.subject}:{self.session_id}"
        )
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def issue(principal: Principal) -> Grant:
    """A login session's grant lasts while the session does (its short-lived tokens are renewed
    meanwhile); any other credential's, no longer than the credential itself."""
    if principal.session_id:
        expires = int(time.time()) + MAX_TTL_S
    else:
        expires = int(time.time()) + SESSIONLESS_TTL_S
        if principal.expires_at is not None:
            expires = min(expires, int(principal.expires_at))
    return Grant(
        grant_id=secrets.token_hex(8),
        subject=principal.subject,
        session_id=principal.session_id or "",
        expires=expires,
    )


def verified(key: bytes, segment_id: str, grant: Grant, signature: str) -> bool:
    return grant.expires >= time.time() and hmac.compare_digest(
        grant.signature(key, segment_id), signature
    )


class FirstUse:
    """Which grants have already had a segment delivered (bounded: the oldest are forgotten,
    which at worst writes one more record)."""

    def __init__(self, size: int = REMEMBERED_GRANTS) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first(self, grant_id: str) -> bool:
        if grant_id in self._seen:
            self._seen.move_to_end(grant_id)
            return False
        self._seen[grant_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True
