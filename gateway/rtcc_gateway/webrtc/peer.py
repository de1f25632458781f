"""Answering a viewer's WHEP offer with aiortc: H.264 pass-through when the viewer takes it."""

from __future__ import annotations

import re

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpCodecCapability,
    RTCRtpSender,
    RTCSessionDescription,
)
from aiortc.exceptions import InternalError, InvalidAccessError, InvalidStateError, OperationError
from aiortc.mediastreams import MediaStreamTrack

from rtcc_common.errors import InvalidArgument
from rtcc_gateway.webrtc.relay import PassThroughTrack, TranscodingTrack
from rtcc_gateway.webrtc.timings import StartTimings
from rtcc_gateway.webrtc.upstream import Upstream

MAX_OFFER_BYTES = 64 * 1024
_H264_RTPMAP = re.compile(r"^a=rtpmap:\d+ H264/90000", re.IGNORECASE | re.MULTILINE)


def check_offer(sdp: str) -> None:
    """Refuses what is not an SDP offer with a video section, before aiortc parses it."""
    if len(sdp) > MAX_OFFER_BYTES:
        raise InvalidArgument(f"the SDP offer is larger than {MAX_OFFER_BYTES} bytes")
    if not sdp.startswith("v=0"):
        raise InvalidArgument("the body must be an SDP offer (starting with v=0)")
    if "\nm=video " not in sdp.replace("\r\n", "\n"):
        raise InvalidArgument("the SDP offer has no video section")


def offers_h264(sdp: str) -> bool:
    return _H264_RTPMAP.search(sdp) is not None


# What malformed or unanswerable SDP makes aiortc raise.
_BAD_OFFER = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    InternalError,
    InvalidAccessError,
    InvalidStateError,
    OperationError,
)


def _h264_preferences() -> list[RTCRtpCodecCapability]:
    codecs = RTCRtpSender.getCapabilities("video").codecs
    return [c for c in codecs if c.mimeType.lower() in ("video/h264", "video/rtx")]


async def answer_offer(
    offer_sdp: str,
    upstream: Upstream,
    ice_servers: list[RTCIceServer],
    timings: StartTimings | None = None,
) -> tuple[RTCPeerConnection, str, str]:
    """A peer connection sending the upstream to the viewer, its SDP answer, and its transport.

    The answer carries every local candidate (no trickle), which is what WHEP clients expect.
    """
    check_offer(offer_sdp)
    passthrough = offers_h264(offer_sdp)
    track: MediaStreamTrack = (
        PassThroughTrack(upstream, timings) if passthrough else TranscodingTrack(upstream, timings)
    )
    # An explicit empty list: aiortc would otherwise ask a public STUN server.
    peer = RTCPeerConnection(RTCConfiguration(iceServers=ice_servers))
    try:
        transceiver = peer.addTransceiver(track, direction="sendonly")
        if passthrough:
            transceiver.setCodecPreferences(_h264_preferences())
        await peer.setRemoteDescription(RTCSessionDescription(sdp=offer_sdp, type="offer"))
        await peer.setLocalDescription(await peer.createAnswer())
    except _BAD_OFFER as exc:
        track.stop()
        await peer.close()
        raise InvalidArgument(f"the SDP offer could not be answered: {exc}") from exc
    return peer, peer.localDescription.sdp, "passthrough" if passthrough else "transcode"
