"""Live view logic between the sockets: access units, catch-up replay, viewer queues, offers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiortc import RTCIceServer

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc_common.errors import InvalidArgument
from rtcc_gateway.routes.live import ice_server_links
from rtcc_gateway.settings import GatewaySettings
from rtcc_gateway.webrtc.camera_access import live_refusal
from rtcc_gateway.webrtc.manager import live_view_config
from rtcc_gateway.webrtc.offers import baseline_compatible, read_offer
from rtcc_gateway.webrtc.peer import answer_offer
from rtcc_gateway.webrtc.relay import QUEUE_LIMIT, ViewerFeed, catch_up_timestamps
from rtcc_gateway.webrtc.upstream import (
    AccessUnit,
    AccessUnitReader,
    Upstream,
    h264_profile_level_id,
    nal_types,
)

SPS_PPS = b"\x00\x00\x00\x01\x67\x42\xc0\x16" + b"\x00\x00\x00\x01\x68\xce\x3c\x80"
IDR_SLICE = b"\x00\x00\x00\x01\x65\x88\x84"
P_SLICE = b"\x00\x00\x00\x01\x41\x9a\x02"


def test_nal_types_reads_three_and_four_byte_start_codes() -> None:
    assert nal_types(SPS_PPS + IDR_SLICE + b"\x00\x00\x01\x06\x05") == [7, 8, 5, 6]


def test_each_packet_is_an_access_unit_at_once_and_the_first_gets_the_origin_time() -> None:
    # libavformat's parser leaves the first picture after PLAY without a time.
    reader = AccessUnitReader(SPS_PPS)
    first = reader.read(SPS_PPS + IDR_SLICE + IDR_SLICE, None, True, 6000)
    assert first == AccessUnit(data=SPS_PPS + IDR_SLICE + IDR_SLICE, timestamp=0, keyframe=True)
    assert reader.read(P_SLICE, 6000, False, 6000).timestamp == 6000
    # A later picture without a time follows the previous one by its duration.
    assert reader.read(P_SLICE, None, False, 6000).timestamp == 12000


def test_keyframe_without_parameter_sets_gets_them_from_the_stream_description() -> None:
    reader = AccessUnitReader(SPS_PPS)
    assert reader.read(IDR_SLICE, 0, True).data == SPS_PPS + IDR_SLICE
    assert reader.read(P_SLICE, 6000, False).data == P_SLICE
    # avcC extradata (not Annex B) is never glued in front of Annex B pictures.
    reader = AccessUnitReader(b"\x01\x42\xc0\x16")
    assert reader.read(IDR_SLICE, 0, True) == AccessUnit(data=IDR_SLICE, timestamp=0, keyframe=True)


def test_h265_keyframe_without_parameter_sets_gets_them_from_the_stream_description() -> None:
    vps_sps_pps = b"".join(b"\x00\x00\x00\x01" + bytes([t << 1, 1]) + b"\xaa" for t in (32, 33, 34))
    idr = b"\x00\x00\x00\x01" + bytes([19 << 1, 1]) + b"\xaf"
    trailing = b"\x00\x00\x00\x01" + bytes([1 << 1, 1]) + b"\xd0"
    reader = AccessUnitReader(vps_sps_pps, "hevc")
    assert reader.read(idr, 0, True) == AccessUnit(vps_sps_pps + idr, 0, True, "hevc")
    assert reader.read(vps_sps_pps + idr, 3000, True).data == vps_sps_pps + idr
    assert reader.read(trailing, 6000, False).data == trailing


def test_catch_up_ends_on_the_latest_picture_one_tick_apart() -> None:
    gop = [AccessUnit(b"", t, i == 0) for i, t in enumerate((1000, 7000, 13000))]
    assert catch_up_timestamps(gop) == [12998, 12999, 13000]
    assert catch_up_timestamps([]) == []


def _unit(timestamp: int, keyframe: bool = False) -> AccessUnit:
    return AccessUnit(data=b"x", timestamp=timestamp, keyframe=keyframe)


def publish(upstream: Upstream, unit: AccessUnit, session: int = 1) -> None:
    """What the reader thread hands to the event loop for each picture of an RTSP session."""
    upstream._publish(unit, session)


async def test_new_viewer_starts_on_the_latest_keyframe() -> None:
    upstream = Upstream("rtsp://unused", label="unit", loop=asyncio.get_running_loop())
    for timestamp, key in ((0, True), (6000, False), (12000, True), (18000, False)):
        publish(upstream, _unit(timestamp, key))
    feed = ViewerFeed(upstream)
    feed.start()
    first, first_ts = await feed.next()
    assert first.keyframe and first.timestamp == 12000 and first_ts == 17999
    second, second_ts = await feed.next()
    assert second.timestamp == 18000 and second_ts == 18000
    publish(upstream, _unit(24000))
    assert (await feed.next())[1] == 24000
    feed.end()
    assert upstream.viewer_count == 0


async def test_viewer_before_any_keyframe_waits_for_one() -> None:
    upstream = Upstream("rtsp://unused", label="unit", loop=asyncio.get_running_loop())
    publish(upstream, _unit(0))
    feed = ViewerFeed(upstream)
    feed.start()
    publish(upstream, _unit(6000))
    publish(upstream, _unit(12000, keyframe=True))
    unit, _ = await feed.next()
    assert unit.timestamp == 12000
    feed.end()


async def test_viewer_that_falls_behind_resumes_at_the_next_keyframe() -> None:
    upstream = Upstream("rtsp://unused", label="unit", loop=asyncio.get_running_loop())
    publish(upstream, _unit(0, keyframe=True))
    feed = ViewerFeed(upstream)
    feed.start()
    for i in range(1, QUEUE_LIMIT + 10):
        publish(upstream, _unit(i * 6000))
    publish(upstream, _unit(999_000, keyframe=True))
    publish(upstream, _unit(1_005_000))
    assert (await feed.next())[0].timestamp == 999_000
    assert (await feed.next())[0].timestamp == 1_005_000
    feed.end()


async def test_a_reconnected_camera_keeps_time_going_and_drops_the_old_pictures() -> None:
    upstream = Upstream("rtsp://unused", label="unit", loop=asyncio.get_running_loop())
    publish(upstream, _unit(90_000, keyframe=True))
    publish(upstream, _unit(96_000))
    feed = ViewerFeed(upstream)
    feed.start()
    publish(upstream, _unit(0, keyframe=True), session=2)
    publish(upstream, _unit(6_000), session=2)
    timestamps = [(await feed.next())[1] for _ in range(4)]
    assert timestamps[0] < timestamps[1] < timestamps[2] < timestamps[3]
    assert timestamps[3] - timestamps[2] == 6_000
    assert [u.timestamp for u in upstream.latest_gop()] == timestamps[2:]
    feed.end()


def _offer(*codecs: str, direction: str = "recvonly") -> str:
    """A minimal browser-like offer whose video section lists these rtpmap/fmtp lines."""
    formats = " ".join(sorted({line.split(":")[1].split()[0] for line in codecs})) or "96"
    return "\r\n".join(
        [
            "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0",
            "a=fingerprint:sha-256 " + ":".join(["AB"] * 32),
            f"m=video 9 UDP/TLS/RTP/SAVPF {formats}", "c=IN IP4 0.0.0.0", "a=mid:0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuv", "a=setup:actpass",
            f"a={direction}", *codecs,
        ]
    ) + "\r\n"  # fmt: skip


H264_CB = ("a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1;profile-level-id=42e01f")
H264_HIGH = ("a=rtpmap:98 H264/90000", "a=fmtp:98 packetization-mode=1;profile-level-id=640c1f")
H264_MODE_0 = ("a=rtpmap:99 H264/90000", "a=fmtp:99 profile-level-id=42e01f")
VP8 = ("a=rtpmap:100 VP8/90000",)


@pytest.mark.parametrize(
    ("sdp", "message"),
    [
        ("hello", "SDP offer"),
        ("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", "no video"),
        ("v=0\r\n" + "a=x\r\n" * 20000, "larger"),
        ("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF x\r\n", "malformed"),
        (_offer(*H264_CB, direction="sendonly"), "does not receive video"),
        (_offer(*H264_CB).replace("a=mid:0\r\n", ""), "no a=mid"),
        (_offer(*H264_CB).replace("a=ice-pwd", "a=x-ice-pwd"), "no ICE credentials"),
        (_offer(*H264_CB).replace("a=setup:actpass\r\n", ""), "no DTLS fingerprint"),
        (_offer(*H264_CB).replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"), "not WebRTC media"),
        (_offer("a=rtpmap:96 H263/90000"), "it offers H263"),
        (_offer(*H264_HIGH, *H264_MODE_0), "it offers H264"),
    ],
)
def test_offers_that_cannot_be_answered_are_refused(sdp: str, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        read_offer(sdp)


@pytest.mark.parametrize(
    ("codecs", "passthrough"),
    [
        ((*VP8, *H264_CB), True),  # Firefox lists VP8 first
        ((*H264_HIGH, *H264_CB), True),  # Safari: constrained high first
        ((*H264_HIGH, *VP8), False),  # High profile only: aiortc cannot send it
        ((*H264_MODE_0, *VP8), False),  # packetization-mode 0 only: nor that
        (VP8, False),
    ],
)
def test_h264_that_aiortc_can_send_decides_pass_through(
    codecs: tuple[str, ...], passthrough: bool
) -> None:
    assert read_offer(_offer(*codecs)).takes_h264 is passthrough


@pytest.mark.parametrize(
    ("offered", "answered"),
    [
        ("actpass", "passive"),  # browsers and webrtcbin: the gateway is the DTLS server
        ("active", "passive"),
        ("passive", "active"),  # the viewer insists on being the server
    ],
)
async def test_the_gateway_answers_as_dtls_server_unless_the_viewer_is_one(
    offered: str, answered: str
) -> None:
    upstream = Upstream("rtsp://unused", label="unit", loop=asyncio.get_running_loop())
    offer = _offer(*H264_CB).replace("a=setup:actpass", f"a=setup:{offered}\r\na=rtcp-mux")
    peer, answer, _ = await answer_offer(offer, upstream, [])
    try:
        setups = [line for line in answer.splitlines() if line.startswith("a=setup:")]
        assert setups == [f"a=setup:{answered}"]
        roles = {t.receiver.transport._role for t in peer.getTransceivers()}
        assert roles == {"server" if answered == "passive" else "client"}
    finally:
        await peer.close()


def test_live_view_needs_an_active_camera_whose_owner_granted_it() -> None:
    active = pb.Camera(lifecycle=pb.LIFECYCLE_ACTIVE, permissions=pb.Permissions(live=True))
    assert live_refusal(active) is None
    withdrawn = pb.Camera(lifecycle=pb.LIFECYCLE_ACTIVE, permissions=pb.Permissions(live=False))
    assert live_refusal(withdrawn) == "live_access_not_granted"
    retired = pb.Camera(lifecycle=pb.LIFECYCLE_RETIRED, permissions=pb.Permissions(live=True))
    assert live_refusal(retired) == "camera_not_active"
    gone = pb.Camera(lifecycle=pb.LIFECYCLE_SUSPENDED)
    gone.consent_withdrawn_at.GetCurrentTime()
    assert live_refusal(gone) == "consent_withdrawn"


def test_ice_servers_are_announced_as_whep_links() -> None:
    servers = [
        RTCIceServer(urls="stun:stun.city.example:3478"),
        RTCIceServer(urls=["turn:turn.city.example:3478"], username="rtcc", credential="s3cret"),
    ]
    assert ice_server_links(servers) == (
        '<stun:stun.city.example:3478>; rel="ice-server", '
        '<turn:turn.city.example:3478>; rel="ice-server"; username="rtcc"; credential="s3cret"'
        '; credential-type="password"'
    )
    assert ice_server_links([]) == ""


def test_ice_servers_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(
        "RTCC_GATEWAY_ICE_SERVERS",
        '[{"urls": ["turn:turn.city.example:3478"], "username": "rtcc", "credential": "s3cret"}]',
    )
    config = live_view_config(GatewaySettings(data_dir=tmp_path))
    [server] = config.ice_servers
    assert (server.urls, server.username, server.credential) == (
        ["turn:turn.city.example:3478"],
        "rtcc",
        "s3cret",
    )
    monkeypatch.delenv("RTCC_GATEWAY_ICE_SERVERS")
    # None configured: an empty list, so that aiortc asks no public STUN server.
    assert live_view_config(GatewaySettings(data_dir=tmp_path)).ice_servers == []


def test_the_sps_names_the_cameras_true_profile() -> None:
    # SPS of a High profile, level 4.0 camera (profile_idc 100, no constraints, level_idc 40).
    sps = b"\x00\x00\x00\x01\x67\x64\x00\x28\xac\xd9\x40"
    pps = b"\x00\x00\x00\x01\x68\xeb\xe3\xcb"
    assert h264_profile_level_id(pps + sps + b"\x00\x00\x01\x65\x88") == "640028"
    assert h264_profile_level_id(pps) is None
    assert baseline_compatible("42c00c") and baseline_compatible("42e01f")
    assert baseline_compatible("4d401f")  # Main with the constrained-baseline flag
    assert not baseline_compatible("640028") and not baseline_compatible("4d001f")


def test_a_main_or_high_camera_is_sent_under_its_own_profile_when_the_viewer_takes_it() -> None:
    safari = read_offer(_offer(*H264_HIGH, *H264_CB))
    assert safari.takes_profile("640c28") is not None  # High, any level: the viewer's profile
    chrome_baseline_only = read_offer(_offer(*H264_CB, *VP8))
    assert chrome_baseline_only.takes_profile("640028") is None
