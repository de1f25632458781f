"""Answering a viewer's WHEP offer with aiortc: H.264 pass-through when the viewer takes it."""

from __future__ import annotations

from collections.abc import Callable

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription

from rtcc_common.errors import InvalidArgument
from rtcc_common.logging import get_logger
from rtcc_gateway.webrtc.offers import (
    baseline_compatible,
    describe_error,
    h264_capabilities,
    read_offer,
)
from rtcc_gateway.webrtc.relay import CameraTrack
from rtcc_gateway.webrtc.timings import StartTimings
from rtcc_gateway.webrtc.upstream import Upstream

log = get_logger(__name__)


async def answer_offer(
    offer_sdp: str,
    upstream: Upstream,
    ice_servers: list[RTCIceServer],
    timings: StartTimings | None = None,
    on_transport: Callable[[str], None] | None = None,
) -> tuple[RTCPeerConnection, str, str]:
    """A peer connection sending the upstream to the viewer, its SDP answer, and its transport
    ("passthrough" or "transcode"; `on_transport` hears when the camera's codec changes it).

    The answer carries every local candidate (no trickle), which is what WHEP clients expect.
    """
    offer = read_offer(offer_sdp)
    # An H.265 camera, or H.264 with B-frames, is transcoded for every viewer; before its
    # stream is known it is not known, and the track tells when the pictures say otherwise.
    preferences = h264_capabilities()
    passthrough = offer.takes_h264 and upstream.codec in (None, "h264") and not upstream.reorders
    profile = upstream.profile_level_id
    if passthrough and profile is not None and not baseline_compatible(profile):
        # Main or High profile without B-frames: passed through under its true profile when
        # the viewer takes it, else encoded as constrained baseline.
        true_profile = offer.takes_profile(profile)
        if true_profile is None:
            passthrough = False
        else:
            rtx = [c for c in preferences if c.mimeType.lower() == "video/rtx"]
            preferences = [true_profile, *rtx]
    track = CameraTrack(upstream, timings, passthrough=passthrough, on_transport=on_transport)
    # An explicit empty list: aiortc would otherwise ask a public STUN server.
    peer = RTCPeerConnection(RTCConfiguration(iceServers=ice_servers))
    try:
        transceiver = peer.addTransceiver(track, direction="sendonly")
        if offer.takes_h264:
            transceiver.setCodecPreferences(preferences)
        await peer.setRemoteDescription(RTCSessionDescription(sdp=offer_sdp, type="offer"))
        answer = await peer.createAnswer()
        if offer.dtls_actpass:
            answer = RTCSessionDescription(sdp=as_dtls_server(answer.sdp), type="answer")
        await peer.setLocalDescription(answer)
    except Exception as exc:
        # The checks passed, so what aiortc trips over is still the offer (a payload type
        # without rtpmap, an unusable address...): the viewer's error, never the gateway's.
        track.stop()
        await close_quietly(peer)
        log.warning("live_offer_unanswerable", error=describe_error(exc), kind=type(exc).__name__)
        raise InvalidArgument(
            f"the SDP offer could not be answered: {describe_error(exc)}"
        ) from exc
    return peer, peer.localDescription.sdp, "passthrough" if passthrough else "transcode"


def as_dtls_server(answer_sdp: str) -> str:
    """The answer with the gateway as DTLS server (`a=setup:passive`), to an offer that leaves
    the choice to it (`actpass`). As DTLS client aiortc offers ECDHE-ECDSA cipher suites only,
    which a viewer with an RSA certificate (GStreamer's webrtcbin) cannot serve: its handshake
    ends in "no shared cipher". As server the gateway presents its own ECDSA certificate, whose
    suite every WebRTC stack implements (RFC 8827, 6.5). aiortc takes its role from the answer
    it is given (setLocalDescription)."""
    return answer_sdp.replace("a=setup:active\r\n", "a=setup:passive\r\n")


def failure_reason(peer: RTCPeerConnection) -> str:
    """Why a peer connection failed: its ICE, its DTLS handshake, or neither said."""
    transports = {t.receiver.transport for t in peer.getTransceivers()}
    if any(t.transport.state == "failed" for t in transports):
        return "ice_failed"
    if any(t.state == "failed" for t in transports):
        return "dtls_failed"
    return "peer_failed"


async def close_quietly(peer: RTCPeerConnection) -> None:
    """Closes a peer that an unanswerable offer left half set up (aiortc may trip over it)."""
    try:
        await peer.close()
    except Exception as exc:
        log.warning("live_peer_close_failed", error=describe_error(exc), kind=type(exc).__name__)
