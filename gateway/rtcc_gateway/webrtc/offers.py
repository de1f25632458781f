"""What a viewer's WHEP offer asks for, checked before aiortc negotiates it.

Browsers offer differently (Firefox lists VP8 first and H.264 with packetization-mode 1 and 0;
Safari H.264 constrained high before constrained baseline, then H.265). aiortc answers all of
that, but on a malformed or unanswerable offer it raises anything from ValueError to
AssertionError, or answers and fails later in the background (no DTLS fingerprint), leaving a
session that never connects. The checks here give each such offer one clear 400 instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiortc import RTCRtpCodecCapability, RTCRtpCodecParameters, RTCRtpSender
from aiortc.rtcpeerconnection import is_codec_compatible
from aiortc.sdp import MediaDescription, SessionDescription

from rtcc_common.errors import InvalidArgument

MAX_OFFER_BYTES = 64 * 1024
# No direction attribute means sendrecv.
_RECEIVING = {"recvonly", "sendrecv", None}
_WEBRTC_PROFILES = {"UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "UDP/TLS/RTP/SAVP"}


@dataclass(frozen=True)
class ViewerOffer:
    sdp: str
    # The viewer decodes H.264 as aiortc can send it (constrained baseline or baseline,
    # packetization-mode 1), so the camera's pictures go through untouched; else VP8.
    takes_h264: bool
    # The viewer's H.264 codecs (for a camera of another profile than baseline).
    h264_offered: tuple[RTCRtpCodecParameters, ...] = ()
    # The offer leaves the DTLS role to the gateway (`a=setup:actpass`, as browsers and
    # webrtcbin offer); `active` or `passive` offers have chosen theirs.
    dtls_actpass: bool = True

    def takes_profile(self, profile_level_id: str) -> RTCRtpCodecCapability | None:
        """Our codec for H.264 of this profile, when the viewer offered the profile."""
        mine = camera_h264_capability(profile_level_id)
        for theirs in self.h264_offered:
            if is_codec_compatible(mine, theirs):  # type: ignore[arg-type]
                return mine
        return None


def read_offer(sdp: str) -> ViewerOffer:
    """The offer, checked; InvalidArgument names what makes it unanswerable."""
    if len(sdp) > MAX_OFFER_BYTES:
        raise InvalidArgument(f"the SDP offer is larger than {MAX_OFFER_BYTES} bytes")
    if not sdp.startswith("v=0"):
        raise InvalidArgument("the body must be an SDP offer (starting with v=0)")
    description = _parse(sdp)
    videos = [m for m in description.media if m.kind == "video"]
    if not videos:
        raise InvalidArgument("the SDP offer has no video section")
    for media in description.media:
        _check_transport(media)
    _check_bundle(description)
    video = videos[0]
    if video.direction not in _RECEIVING:
        raise InvalidArgument(
            f"the SDP offer does not receive video: its video section is {video.direction}"
        )
    takes_h264 = _takes_h264(video)
    if not takes_h264 and not any(c.mimeType.lower() == "video/vp8" for c in video.rtp.codecs):
        offered = sorted({c.mimeType.split("/")[-1] for c in video.rtp.codecs}) or ["none"]
        raise InvalidArgument(
            "the SDP offer has no video codec the gateway sends: H.264 (baseline or "
            "constrained baseline, packetization-mode=1) or VP8; it offers " + ", ".join(offered)
        )
    h264 = tuple(c for c in video.rtp.codecs if c.mimeType.lower() == "video/h264")
    actpass = all(
        media.dtls is None or media.dtls.role == "auto"
        for media in description.media
        if media.port != 0
    )
    return ViewerOffer(sdp=sdp, takes_h264=takes_h264, h264_offered=h264, dtls_actpass=actpass)


def _parse(sdp: str) -> SessionDescription:
    try:
        return SessionDescription.parse(sdp)
    except Exception as exc:  # aiortc's parser raises whatever the bad line trips over
        raise InvalidArgument(f"the SDP offer is malformed: {describe_error(exc)}") from exc


def describe_error(exc: BaseException) -> str:
    """A short reason for a client (aiortc's assertions carry no message)."""
    return str(exc) or type(exc).__name__


def _check_transport(media: MediaDescription) -> None:
    if media.port == 0:
        return  # a rejected (or bundle-only) section: nothing is set up for it
    where = f"the SDP offer's {media.kind} section"
    if media.profile not in _WEBRTC_PROFILES:
        raise InvalidArgument(f"{where} is not WebRTC media ({media.profile})")
    if not media.rtp.muxId:
        raise InvalidArgument(f"{where} has no a=mid")
    if not (media.ice and media.ice.usernameFragment and media.ice.password):
        raise InvalidArgument(f"{where} has no ICE credentials (a=ice-ufrag, a=ice-pwd)")
    if media.dtls is None or not media.dtls.fingerprints:
        raise InvalidArgument(f"{where} has no DTLS fingerprint or role (a=fingerprint, a=setup)")


def _check_bundle(description: SessionDescription) -> None:
    """A BUNDLE group naming a section that is not there leaves aiortc a transceiver without
    a transport, which it trips over while answering and again while closing."""
    mids = {m.rtp.muxId for m in description.media}
    for group in description.group:
        missing = [str(mid) for mid in group.items if mid not in mids]
        if missing:
            raise InvalidArgument(
                f"the SDP offer bundles media it does not have (mid {', '.join(missing)})"
            )


def _takes_h264(video: MediaDescription) -> bool:
    """Whether aiortc will negotiate H.264 with this viewer (its own test of the offer)."""
    ours = [c for c in h264_capabilities() if c.mimeType.lower() == "video/h264"]
    return any(
        is_codec_compatible(mine, theirs)  # type: ignore[arg-type]
        for theirs in video.rtp.codecs
        for mine in ours
    )


def camera_h264_capability(profile_level_id: str) -> RTCRtpCodecCapability:
    """H.264 as the camera sends it, named by its SPS's profile and level."""
    return RTCRtpCodecCapability(
        mimeType="video/H264",
        clockRate=90000,
        parameters={
            "level-asymmetry-allowed": "1",
            "packetization-mode": "1",
            "profile-level-id": profile_level_id,
        },
    )


def baseline_compatible(profile_level_id: str) -> bool:
    """Whether H.264 of this profile decodes as the constrained baseline aiortc announces:
    Baseline (66) or any profile with the constrained-baseline flag (constraint_set1)."""
    try:
        profile_idc, constraints = int(profile_level_id[0:2], 16), int(profile_level_id[2:4], 16)
    except ValueError:
        return True
    return profile_idc == 66 or bool(constraints & 0x40)


def h264_capabilities() -> list[RTCRtpCodecCapability]:
    """aiortc's H.264 codecs and their retransmission codec, in its order."""
    codecs = RTCRtpSender.getCapabilities("video").codecs
    return [c for c in codecs if c.mimeType.lower() in ("video/h264", "video/rtx")]
