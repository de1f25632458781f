"""Credentials out of everything we print: the one function that masks a URL's user information,
and the logging processor that applies it to every field of every log line.

Camera URLs carry their user name and password (`rtsp://admin:s3cret@10.0.0.5/stream1`); they
reach log lines through ffmpeg's messages, PyAV's errors and exception text. The whole user
information becomes `***`, as the camera registry shows a URL to users, so one camera's URL reads
the same in a log line, an API answer and the dashboard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

# A scheme, then the user information up to the last '@' before the path: a password may hold
# one. Whitespace and quotes end it, so text after a URL is left alone.
_URL_CREDENTIALS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/\s'\"<>]*@")
_MASKED = r"\1***@"
# Values that cannot hold a URL and are printed as they are.
_PLAIN = (int, float, bool, type(None), bytes)


def mask_credentials(text: str) -> str:
    """`text` with every URL's user name and password replaced by ***."""
    if "://" not in text:
        return text
    return _URL_CREDENTIALS.sub(_MASKED, text)


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_credentials(value)
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Mapping):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_mask_value(item) for item in value]
    # An exception or any other object is printed by its text: masked if it quotes a URL.
    text = str(value)
    masked = mask_credentials(text)
    return value if masked == text else masked


def mask_credentials_processor(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> Mapping[str, Any]:
    """structlog processor: every field of the event, the rendered traceback included, with URL
    credentials masked. It runs last before rendering, for our events and stdlib records alike."""
    return {key: _mask_value(value) for key, value in event_dict.items()}
