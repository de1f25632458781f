"""Load viewers for bench/live_view.py, run as worker processes so that no single event loop
has to carry fifty peers: each worker watches one camera with COUNT aiortc peers that count the
pictures and bytes they receive without decoding them, and reports once a second.

    python bench/live_view_load.py BASE_URL CAMERA_ID TOKEN COUNT [H264|VP8]

Prints {"ready": COUNT} once every peer is answered, then {"frames": [...], "bytes": N,
"connected": N, "cpu_s": S} each second; ends when its standard input closes.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import aiortc.rtcrtpreceiver
import httpx
from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Reception:
    """What this worker's viewers received: pictures per viewer, bytes in all."""

    frames: dict[int, int] = {}
    bytes = 0


class CountingDecoder:
    """Stands in for aiortc's decoder: counts pictures, decodes nothing."""

    def __init__(self) -> None:
        self.key = len(Reception.frames)
        Reception.frames[self.key] = 0

    def decode(self, encoded_frame: Any) -> list[Any]:
        Reception.frames[self.key] += 1
        Reception.bytes += len(encoded_frame.data)
        return []


def own_cpu_seconds() -> float:
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


async def watch(base: str, camera_id: str, token: str, codec: str) -> RTCPeerConnection:
    peer = RTCPeerConnection()
    transceiver = peer.addTransceiver("video", direction="recvonly")
    codecs = RTCRtpSender.getCapabilities("video").codecs
    transceiver.setCodecPreferences([c for c in codecs if c.mimeType == f"video/{codec}"])
    await peer.setLocalDescription(await peer.createOffer())
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        reply = await http.post(
            f"/v1/cameras/{camera_id}/whep",
            content=peer.localDescription.sdp,
            headers={"content-type": "application/sdp", "authorization": f"Bearer {token}"},
        )
    reply.raise_for_status()
    await peer.setRemoteDescription(RTCSessionDescription(reply.text, "answer"))
    return peer


async def main() -> None:
    base, camera_id, token, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    codec = sys.argv[5] if len(sys.argv) > 5 else "H264"
    aiortc.rtcrtpreceiver.get_decoder = lambda codec: CountingDecoder()  # type: ignore[assignment,return-value]
    peers = [await watch(base, camera_id, token, codec) for _ in range(count)]
    print(json.dumps({"ready": count}), flush=True)
    stdin_closed = asyncio.ensure_future(asyncio.to_thread(sys.stdin.read))
    while not stdin_closed.done():
        report = {
            "frames": [Reception.frames.get(i, 0) for i in range(count)],
            "bytes": Reception.bytes,
            "connected": sum(p.connectionState == "connected" for p in peers),
            "cpu_s": own_cpu_seconds(),
        }
        print(json.dumps(report), flush=True)
        await asyncio.wait({stdin_closed}, timeout=1.0)
    for peer in peers:
        await peer.close()


if __name__ == "__main__":
    asyncio.run(main())
