"""Retry delays for anything that reconnects to a camera or a peer."""

from __future__ import annotations

import random


def backoff_delay(attempt: int, *, min_s: float, max_s: float) -> float:
    """Exponential backoff with jitter, so a thousand cameras that fell together do not all
    knock again in the same second."""
    if attempt <= 0:
        return 0.0
    ceiling = min(max_s, min_s * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)
