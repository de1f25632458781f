"""Debian's Chromium as the tests and the benchmarks drive it: headless, no first-run or
background traffic, video that plays without a gesture, and real host addresses in WebRTC offers
(as on a closed network without mDNS)."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]
