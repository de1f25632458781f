"""Relaying a service's streamed reply (segment or export bytes) as an HTTP body."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any


async def first_chunk(call: Any) -> bytes:
    """The first chunk, read before the response starts, so a refusal is still a status."""
    async for message in call:
        return bytes(message.chunk)
    return b""


async def relay_chunks(call: Any, first: bytes) -> AsyncIterator[bytes]:
    yield first
    async for message in call:
        yield message.chunk
