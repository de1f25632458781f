"""Offers as browsers other than Chromium write them, and offers that cannot be answered.

Each offer is an aiortc peer's own, rewritten in the browser's layout and codec list
(browser_offers.py), so the answer is checked the way it matters: the peer takes it and
decodes the pictures that follow."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiortc import RTCPeerConnection
from aiortc.sdp import SessionDescription

from rtcc_common.errors import InvalidArgument
from rtcc_gateway.webrtc.peer import answer_offer
from rtcc_gateway.webrtc.upstream import Upstream

Viewers = Any

# -- offers in other browsers' layout -----------------------------------------------------
# The aiortc peer's transport (ICE credentials and candidates, DTLS fingerprint, mids) is
# kept, so the gateway's answer applies to the peer and media flows; the codecs and layout
# are the browser's: Firefox lists VP8 first, then H.264 42e01f with packetization-mode 1
# and 0, puts its fingerprint at session level and writes directional extmaps; Safari lists
# H.264 constrained high (640c1f) before constrained baseline, then H.265, VP8 after them.

_FEEDBACK = ("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc")


@dataclass(frozen=True)
class Codec:
    pt: int
    rtpmap: str
    fmtp: str = ""
    feedback: tuple[str, ...] = _FEEDBACK


def _with_rtx(codecs: list[tuple[int, str, str]]) -> list[Codec]:
    """Each video codec followed by its retransmission codec (pt + 1)."""
    out = []
    for pt, rtpmap, fmtp in codecs:
        out += [Codec(pt, rtpmap, fmtp), Codec(pt + 1, "rtx/90000", f"apt={pt}", ())]
    return out


def _h264(mode: int, profile: str) -> str:
    return f"level-asymmetry-allowed=1;packetization-mode={mode};profile-level-id={profile}"


FIREFOX_VIDEO = [
    Codec(120, "VP8/90000", "max-fs=12288;max-fr=60"),
    Codec(124, "rtx/90000", "apt=120", ()),
    Codec(121, "VP9/90000", "max-fs=12288;max-fr=60"),
    Codec(125, "rtx/90000", "apt=121", ()),
    # Firefox's own parameter order, and no packetization-mode at all (0) on the second.
    Codec(
        126, "H264/90000", "profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1"
    ),
    Codec(127, "rtx/90000", "apt=126", ()),
    Codec(97, "H264/90000", "profile-level-id=42e01f;level-asymmetry-allowed=1"),
    Codec(98, "rtx/90000", "apt=97", ()),
    Codec(123, "ulpfec/90000", "", ()),
    Codec(122, "red/90000", "", ()),
]
FIREFOX_AUDIO = [
    Codec(109, "opus/48000/2", "maxplaybackrate=48000;stereo=1;useinbandfec=1", ()),
    Codec(9, "G722/8000/1", "", ()),
    Codec(0, "PCMU/8000", "", ()),
    Codec(8, "PCMA/8000", "", ()),
    Codec(101, "telephone-event/8000/1", "0-15", ()),
]
SAFARI_VIDEO = [
    *_with_rtx(
        [
            (96, "H264/90000", _h264(1, "640c1f")),
            (98, "H264/90000", _h264(1, "42e01f")),
            (100, "H264/90000", _h264(0, "640c1f")),
            (102, "H264/90000", _h264(0, "42e01f")),
            (104, "H265/90000", ""),
            (106, "VP8/90000", ""),
            (108, "VP9/90000", "profile-id=0"),
        ]
    ),
    Codec(110, "red/90000", "", ()),
    Codec(112, "ulpfec/90000", "", ()),
]
SAFARI_AUDIO = [
    Codec(111, "opus/48000/2", "minptime=10;useinbandfec=1", ("transport-cc",)),
    Codec(63, "red/48000/2", "111/111", ()),
    Codec(9, "G722/8000", "", ()),
    Codec(0, "PCMU/8000", "", ()),
    Codec(8, "PCMA/8000", "", ()),
    Codec(13, "CN/8000", "", ()),
    Codec(110, "telephone-event/48000", "", ()),
    Codec(126, "telephone-event/8000", "", ()),
]
VP8_ONLY = [Codec(96, "VP8/90000"), Codec(97, "rtx/90000", "apt=96", ())]
HIGH_PROFILE_H264_AND_VP8 = _with_rtx(
    [
        (100, "H264/90000", _h264(1, "640c1f")),
        (102, "H264/90000", _h264(0, "42e01f")),
        (96, "VP8/90000", ""),
    ]
)


@dataclass
class _Transport:
    """What an offer must keep of the peer that made it for the answer to apply to it."""

    kind: str
    port: str
    connection: str
    mid: str
    candidates: list[str] = field(default_factory=list)
    ice: list[str] = field(default_factory=list)
    fingerprint: str = ""


def _transports(sdp: str) -> list[_Transport]:
    sections: list[_Transport] = []
    for line in sdp.splitlines():
        if line.startswith("m="):
            kind, port = line[2:].split()[:2]
            sections.append(_Transport(kind=kind, port=port, connection="", mid=""))
        elif not sections:
            continue
        elif line.startswith("c="):
            sections[-1].connection = line
        elif line.startswith("a=mid:"):
            sections[-1].mid = line[6:]
        elif line.startswith("a=candidate:"):
            sections[-1].candidates.append(line)
        elif line.startswith(("a=ice-ufrag:", "a=ice-pwd:")):
            sections[-1].ice.append(line)
        elif line.startswith("a=fingerprint:sha-256 "):
            sections[-1].fingerprint = line
    return sections


def _codec_lines(codecs: list[Codec]) -> list[str]:
    lines = [f"a=rtpmap:{c.pt} {c.rtpmap}" for c in codecs]
    lines += [f"a=fmtp:{c.pt} {c.fmtp}" for c in codecs if c.fmtp]
    lines += [f"a=rtcp-fb:{c.pt} {fb}" for c in codecs for fb in c.feedback]
    return lines


def _media(t: _Transport, codecs: list[Codec], extmaps: list[str], firefox: bool) -> list[str]:
    formats = " ".join(str(c.pt) for c in codecs)
    lines = [f"m={t.kind} {t.port} UDP/TLS/RTP/SAVPF {formats}", t.connection]
    if firefox:  # Firefox: candidates first, attributes alphabetical, fingerprint above
        lines += [*t.candidates, "a=recvonly", "a=end-of-candidates", *extmaps]
        lines += [*_codec_lines(codecs), *sorted(t.ice), f"a=mid:{t.mid}"]
        return [*lines, "a=rtcp-mux", "a=rtcp-rsize", "a=setup:actpass"]
    lines += ["a=rtcp:9 IN IP4 0.0.0.0", *t.candidates, *t.ice, "a=ice-options:trickle"]
    lines += [t.fingerprint, "a=setup:actpass", f"a=mid:{t.mid}", *extmaps, "a=recvonly"]
    return [*lines, "a=rtcp-mux", "a=rtcp-rsize", *_codec_lines(codecs)]


def firefox_offer(aiortc_offer: str, video: list[Codec] = FIREFOX_VIDEO) -> str:
    transports = _transports(aiortc_offer)
    lines = [
        "v=0",
        "o=mozilla...THIS_IS_SDPARTA-128.0 4294967296123456789 0 IN IP4 0.0.0.0",
        "s=-",
        "t=0 0",
        transports[0].fingerprint,
        "a=group:BUNDLE " + " ".join(t.mid for t in transports),
        "a=ice-options:trickle",
        "a=msid-semantic:WMS *",
    ]
    for t in transports:
        if t.kind == "audio":
            extmaps = [
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level",
                "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
            ]
            lines += _media(t, FIREFOX_AUDIO, extmaps, firefox=True)
        else:
            extmaps = [
                "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:5 urn:ietf:params:rtp-hdrext:toffset",
                "a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
                "a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            ]  # fmt: skip
            lines += _media(t, video, extmaps, firefox=True)
    return "\r\n".join(lines) + "\r\n"


def safari_offer(aiortc_offer: str, video: list[Codec] = SAFARI_VIDEO) -> str:
    transports = _transports(aiortc_offer)
    lines = [
        "v=0",
        "o=- 8263472119827341234 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE " + " ".join(t.mid for t in transports),
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS",
    ]
    for t in transports:
        mid_extmap = "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"
        if t.kind == "audio":
            extmaps = ["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", mid_extmap]
            lines += _media(t, SAFARI_AUDIO, extmaps, firefox=False)
        else:
            extmaps = [
                "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:13 urn:3gpp:video-orientation",
                mid_extmap,
            ]
            lines += _media(t, video, extmaps, firefox=False)
    return "\r\n".join(lines) + "\r\n"


# -- the tests ----------------------------------------------------------------------------


def video_section(answer: str) -> Any:
    [video] = [m for m in SessionDescription.parse(answer).media if m.kind == "video"]
    return video


async def watch(viewers: Viewers, camera_id: str, **options: Any) -> tuple[Any, str]:
    viewer = viewers(**options)
    reply = await viewer.watch(camera_id)
    assert reply.status_code == 201, reply.text
    return viewer, reply.text


@pytest.mark.parametrize(
    ("rewrite", "h264_payload_type"), [(firefox_offer, 126), (safari_offer, 98)]
)
async def test_firefox_and_safari_offers_with_audio_get_the_camera_h264(
    viewers: Viewers, camera_ids: dict[str, str], rewrite: Any, h264_payload_type: int
) -> None:
    viewer, answer = await watch(viewers, camera_ids["front"], audio=True, rewrite=rewrite)
    media = SessionDescription.parse(answer).media
    # One answer section per offered one, in order; no camera sound to send, so no audio.
    assert [(m.kind, m.rtp.muxId) for m in media] == [("audio", "0"), ("video", "1")]
    assert media[0].direction == "inactive"
    assert media[1].direction == "sendonly"
    codec = media[1].rtp.codecs[0]
    # The browser's own payload type for H.264 42e01f with packetization-mode 1.
    assert (codec.mimeType, codec.payloadType) == ("video/H264", h264_payload_type)
    assert str(codec.parameters["packetization-mode"]) == "1"
    await viewer.wait_frames(15)
    assert set(viewer.frames) == {(640, 360)}
    await viewer.hang_up()


@pytest.mark.parametrize("video", [VP8_ONLY, HIGH_PROFILE_H264_AND_VP8], ids=["vp8", "high"])
async def test_offers_without_a_usable_h264_get_vp8(
    viewers: Viewers, camera_ids: dict[str, str], video: Any
) -> None:
    """Only VP8, or H.264 only in a form the gateway cannot send (High profile,
    packetization-mode 0): the pictures are transcoded to VP8."""
    viewer, answer = await watch(
        viewers, camera_ids["front"], codec="VP8", rewrite=lambda sdp: firefox_offer(sdp, video)
    )
    codec = video_section(answer).rtp.codecs[0]
    assert (codec.mimeType, codec.payloadType) == ("video/VP8", 96)
    await viewer.wait_frames(10)
    assert set(viewer.frames) == {(640, 360)}
    await viewer.hang_up()


def _video_line(sdp: str, old: str, new: str) -> str:
    head, _, video = sdp.partition("m=video")
    return head + "m=video" + video.replace(old, new, 1)


@pytest.mark.parametrize(
    ("rewrite", "message"),
    [
        (lambda sdp: _video_line(sdp, "a=recvonly", "a=sendonly"), "does not receive video"),
        (lambda sdp: _video_line(sdp, "a=recvonly", "a=inactive"), "does not receive video"),
        (lambda sdp: sdp.replace("H264/90000", "H263/90000").replace("VP8", "VP7"), "codec"),
        (lambda sdp: sdp.replace("m=video", "m=application"), "no video section"),
        (lambda sdp: sdp.replace("a=fingerprint", "a=x-fingerprint"), "no DTLS fingerprint"),
        (lambda sdp: sdp.replace("a=ice-ufrag", "a=x-ice-ufrag"), "no ICE credentials"),
        (lambda sdp: _video_line(sdp, "UDP/TLS/RTP/SAVPF 120", "UDP/TLS/RTP/SAVPF x"), "offer"),
        (lambda sdp: sdp.replace("a=rtpmap:126 H264/90000", "a=rtpmap:126 H264"), "offer"),
        (lambda sdp: sdp.replace("c=IN IP4", "c=IN IP9"), "offer"),
        (lambda sdp: sdp.replace(" typ host", " host"), "offer"),
        (lambda sdp: sdp.replace("a=rtpmap:120 VP8/90000\r\n", ""), "offer"),
    ],
    ids=[
        "sendonly",
        "inactive",
        "no-known-codec",
        "no-video",
        "no-fingerprint",
        "no-ice",
        "bad-format",
        "bad-rtpmap",
        "bad-address",
        "bad-candidate",
        "no-rtpmap",
    ],
)
async def test_unanswerable_offers_get_a_400_naming_the_problem(
    viewers: Viewers,
    http: httpx.AsyncClient,
    tokens: Any,
    camera_ids: dict[str, str],
    rewrite: Any,
    message: str,
) -> None:
    async def open_sessions() -> set[str]:
        reply = await http.get("/v1/live/sessions", headers=tokens.bearer("supervisor"))
        return {s["id"] for s in reply.json()["open"]}

    before = await open_sessions()
    viewer = viewers(rewrite=lambda sdp: rewrite(firefox_offer(sdp)))
    reply = await viewer.watch(camera_ids["front"])
    assert reply.status_code == 400, reply.text
    assert message in reply.json()["detail"][0]["msg"]
    assert await open_sessions() == before
    # Nothing broke: the next viewer is served.
    good, _ = await watch(viewers, camera_ids["front"], rewrite=firefox_offer)
    await good.wait_frames(3)
    await good.hang_up()


async def test_a_viewer_that_never_connects_is_let_go(
    http: httpx.AsyncClient, tokens: Any, camera_ids: dict[str, str], session_end_reason: Any
) -> None:
    """A client that posts an offer with no candidates (it could still trickle them) and
    vanishes is answered, but must not hold its session and the camera's upstream for ever."""
    client = RTCPeerConnection()
    client.addTransceiver("video", direction="recvonly")
    await client.setLocalDescription(await client.createOffer())
    lines = firefox_offer(client.localDescription.sdp).split("\r\n")
    await client.close()
    reply = await http.post(
        f"/v1/cameras/{camera_ids['lobby']}/whep",
        content="\r\n".join(line for line in lines if "candidate" not in line),
        headers={**tokens.bearer(), "content-type": "application/sdp"},
    )
    assert reply.status_code == 201, reply.text
    assert await session_end_reason(reply.headers["location"]) == "peer_never_connected"


async def test_malformed_offers_get_an_answer_or_a_400_never_an_error(
    camera_ids: dict[str, str],
) -> None:
    """Every line of a real offer dropped, cut short or given a stray token in turn."""
    client = RTCPeerConnection()
    client.addTransceiver("audio", direction="recvonly")
    client.addTransceiver("video", direction="recvonly")
    await client.setLocalDescription(await client.createOffer())
    lines = firefox_offer(client.localDescription.sdp).split("\r\n")
    await client.close()
    upstream = Upstream("rtsp://127.0.0.1:9/none", label="none", loop=asyncio.get_running_loop())
    outcomes: Counter[str] = Counter()
    for index, line in enumerate(lines):
        for changed in ([], [line[: len(line) // 2]], [line.replace(" ", " x", 1)]):
            offer = "\r\n".join(lines[:index] + changed + lines[index + 1 :])
            try:
                peer, _answer, _transport = await answer_offer(offer, upstream, [])
            except InvalidArgument:
                outcomes["refused"] += 1
                continue
            outcomes["answered"] += 1
            await peer.close()
    assert outcomes["refused"] > 0 and outcomes["answered"] > 0
