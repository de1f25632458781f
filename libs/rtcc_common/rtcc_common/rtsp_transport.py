"""Which RTSP lower transport to ask a camera for: TCP (interleaved) or UDP.

Each camera has a setting: "tcp" or "udp" is used as it is; "auto" (the default) starts with
TCP, which crosses firewalls and loses nothing on a lossy network, and falls back to UDP when a
session over TCP gets nowhere (VLC's server and some cameras answer SETUP with `461
Unsupported transport`), and back to TCP when UDP gets nowhere (UDP blocked on the way). A
transport that worked is kept. The recorder, the live view and the plate reader each keep one
chooser per camera.
"""

from __future__ import annotations

TRANSPORTS = ("auto", "tcp", "udp")
DEFAULT_TRANSPORT = "auto"
_OTHER = {"tcp": "udp", "udp": "tcp"}
# What libavformat says when the server refuses the transport asked for.
_UNSUPPORTED = ("461 unsupported transport", "protocol not supported")


def normalize_transport(value: str) -> str:
    """The setting as stored: empty means auto; anything else must be a known transport."""
    setting = (value or DEFAULT_TRANSPORT).strip().lower()
    if setting not in TRANSPORTS:
        raise ValueError(f"rtsp_transport must be one of {', '.join(TRANSPORTS)}")
    return setting


def unsupported_transport(message: str) -> bool:
    """Whether an error says the server does not offer the transport asked for."""
    text = message.lower()
    return any(phrase in text for phrase in _UNSUPPORTED)


class TransportChooser:
    """The transport to try next for one camera, from its setting and what happened."""

    def __init__(self, setting: str = DEFAULT_TRANSPORT, *, first: str = "tcp") -> None:
        self.setting = normalize_transport(setting)
        self._first = first if first in _OTHER else "tcp"
        self.current = self._first if self.setting == "auto" else self.setting

    def update_setting(self, setting: str) -> None:
        """The camera's setting changed in the registry."""
        setting = normalize_transport(setting)
        if setting != self.setting:
            self.setting = setting
            self.current = self._first if setting == "auto" else setting

    def failed(self) -> str:
        """A session over `current` delivered nothing: the transport for the next one."""
        if self.setting == "auto":
            self.current = _OTHER[self.current]
        return self.current
