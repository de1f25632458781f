"""The logic between the wires: grid cells, distances, redaction, RTSP auth, the change feed."""

from __future__ import annotations

import asyncio
import math
import random
from pathlib import Path

import pytest
from pydantic import SecretStr

from rtcc_camera_registry.cache import CameraCache
from rtcc_camera_registry.crypto import CredentialCipher, redact_url
from rtcc_camera_registry.feed import ChangeFeed
from rtcc_camera_registry.geo.grid import Box, box_around, cell_of, cell_ranges, haversine_m
from rtcc_camera_registry.health.rtsp_auth import digest_response, parse_challenge
from rtcc_camera_registry.health.rtsp_probe import probe
from rtcc_camera_registry.models import Camera
from rtcc_camera_registry.settings import Settings
from rtcc_common.errors import FailedPrecondition, ResourceExhausted


def test_haversine_known_distance() -> None:
    # Chicago City Hall to the Willis Tower: about 620 m.
    assert haversine_m(41.8837, -87.6319, 41.8789, -87.6359) == pytest.approx(624, abs=5)
    assert haversine_m(0, 0, 0, 1) == pytest.approx(111_195, rel=1e-3)


def test_every_point_within_the_radius_is_in_a_covered_cell() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(4000):
        lat, lon = rng.uniform(-80, 80), rng.uniform(-179.9, 179.9)
        radius = rng.uniform(10, 5000)
        span = radius / 111_320 / max(0.05, math.cos(math.radians(abs(lat) + 1)))
        plat, plon = lat + rng.uniform(-span, span), lon + rng.uniform(-span, span)
        if not -180 <= plon <= 180 or haversine_m(lat, lon, plat, plon) > radius:
            continue
        cell = cell_of(plat, plon)
        covered = [r for b in box_around(lat, lon, radius) for r in (cell_ranges(b) or [])]
        assert any(lo <= cell <= hi for lo, hi in covered)
        checked += 1
    assert checked > 1000


def test_wide_areas_skip_the_cell_ranges() -> None:
    assert cell_ranges(Box(0, 0, 5, 5)) is None
    assert len(cell_ranges(Box(41.875, -87.645, 41.895, -87.625)) or []) == 3


def test_box_around_wraps_at_the_antimeridian_and_poles() -> None:
    assert len(box_around(0, 179.999, 1000)) == 2
    assert box_around(89.999, 0, 1000)[0].min_lon == -180.0


def test_redaction_and_encryption() -> None:
    assert redact_url("rtsp://u:p@cam.local:554/s") == "rtsp://***@cam.local:554/s"
    assert redact_url("rtsp://cam.local/s") == "rtsp://cam.local/s"
    cipher = CredentialCipher(SecretStr("k1"))
    token = cipher.encrypt("rtsp://u:p@h/s")
    assert "p@h" not in token and cipher.decrypt(token) == "rtsp://u:p@h/s"
    with pytest.raises(FailedPrecondition):
        CredentialCipher(SecretStr("k2")).decrypt(token)


def test_digest_matches_rfc_2617() -> None:
    scheme, params = parse_challenge(
        'Digest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
    )
    assert scheme == "digest" and params["realm"] == "testrealm@host.com"
    response = digest_response(
        username="Mufasa",
        password="Circle Of Life",
        method="GET",
        uri="/dir/index.html",
        realm=params["realm"],
        nonce=params["nonce"],
        qop="auth",
        cnonce="0a4f113b",
    )
    assert response == "6629fae49393a05397450978507c4ef1"


async def _digest_camera(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A camera that wants Digest auth for DESCRIBE, as many IP cameras do."""
    while True:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        cseq = next(line.split(":")[1].strip() for line in lines if line.startswith("CSeq"))
        auth = next((line for line in lines if line.startswith("Authorization: Digest")), None)
        uri = lines[0].split(" ")[1]
        expected = digest_response(
            username="admin", password="pw", method="DESCRIBE", uri=uri, realm="cam", nonce="n1"
        )
        if auth and f'response="{expected}"' in auth:
            writer.write(
                f"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nContent-Length: 3\r\n\r\nv=0".encode()
            )
        else:
            challenge = 'WWW-Authenticate: Digest realm="cam", nonce="n1"'
            writer.write(
                f"RTSP/1.0 401 Unauthorized\r\nCSeq: {cseq}\r\n{challenge}\r\n\r\n".encode()
            )
        await writer.drain()


async def test_probe_answers_a_digest_challenge() -> None:
    server = await asyncio.start_server(_digest_camera, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        good = await probe(f"rtsp://admin:pw@127.0.0.1:{port}/live", timeout_s=5)
        wrong = await probe(f"rtsp://admin:nope@127.0.0.1:{port}/live", timeout_s=5)
        none = await probe(f"rtsp://127.0.0.1:{port}/live", timeout_s=5)
    assert (good.online, good.detail) == (True, "ok")
    assert (wrong.online, wrong.detail) == (True, "credentials_rejected")
    assert (none.online, none.detail) == (True, "credentials_required")


async def test_feed_drops_a_full_subscriber_and_keeps_the_others() -> None:
    feed = ChangeFeed(queue_size=3)
    slow, fast = feed.subscribe(), feed.subscribe()
    row = Camera(name="x", ownership="city", technology="fixed", lat=0, lon=0, geo_cell=0)
    feed.publish("upserted", [row, row])
    for _ in range(2):
        await fast.next()
    feed.publish("upserted", [row, row])  # slow now holds 4 > 3: dropped
    assert feed.subscriber_count == 1
    with pytest.raises(ResourceExhausted):
        for _ in range(5):
            await asyncio.wait_for(slow.next(), 5)
    assert (await fast.next()).camera is row


def test_production_refuses_the_development_credentials_key(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CREDENTIALS_KEY"):
        Settings(environment="production", data_dir=tmp_path)
    chosen = Settings(environment="production", data_dir=tmp_path, credentials_key=SecretStr("k"))
    assert chosen.credentials_key.get_secret_value() == "k"


def test_cache_refuses_a_read_that_a_write_overtook() -> None:
    cache = CameraCache(max_entries=2)
    old = Camera(id="a", name="old", ownership="city", technology="fixed", lat=0, lon=0, geo_cell=0)
    new = Camera(id="a", name="new", ownership="city", technology="fixed", lat=0, lon=0, geo_cell=0)
    before = cache.writes
    cache.stored([new])  # a write lands while a reader is still at the database
    cache.fill(old, writes_before_read=before)
    assert cache.get("a") is new
    cache.removed([new])
    assert cache.get("a") is None
    for name in ("b", "c", "d"):
        cache.stored(
            [
                Camera(
                    id=name,
                    name=name,
                    ownership="city",
                    technology="fixed",
                    lat=0,
                    lon=0,
                    geo_cell=0,
                )
            ]
        )
    assert [cache.get(n) is not None for n in ("b", "c", "d")] == [False, True, True]


def test_the_verdict_believes_a_recorder_only_while_it_reports() -> None:
    from rtcc_camera_registry.health.verdict import REPORT_STALE_S, verdict
    from rtcc_camera_registry.models import Camera

    camera = Camera(
        name="c", ownership="city", technology="fixed", lat=0, lon=0, geo_cell=0,
        perm_record=True, lifecycle="active", probe_state="online", probe_detail="ok",
    )  # fmt: skip
    assert verdict(camera, 1000.0) == ("online", "ok")  # no report yet: the probe decides
    camera.recording_reported_at, camera.recording_ok = 1000.0, True
    assert verdict(camera, 1010.0) == ("online", "ok")
    assert verdict(camera, 1001.0 + REPORT_STALE_S) == ("offline", "not_recording: recorder_silent")
    camera.recording_ok, camera.recording_detail = False, "connection_failed"
    assert verdict(camera, 1010.0) == ("offline", "not_recording: connection_failed")
    camera.probe_state, camera.probe_detail = "offline", "timeout"
    assert verdict(camera, 1010.0) == ("offline", "timeout")
