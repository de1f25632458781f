"""Opaque page tokens for keyset pagination on (time, id), newest first."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from rtcc_common.errors import InvalidArgument


def encode_token(at: datetime, key: Any) -> str:
    raw = json.dumps([at.isoformat(), key]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def decode_token(token: str) -> tuple[datetime, Any]:
    try:
        at, key = json.loads(base64.urlsafe_b64decode(token.encode()))
        return datetime.fromisoformat(at), key
    except (ValueError, TypeError) as exc:
        raise InvalidArgument("invalid page token") from exc
