"""One RTSP DESCRIBE over TCP: is the camera there, and does it serve its stream?

A 401 the stored credentials cannot pass still proves the camera is up ("reachable but needs
credentials"), so it counts as online with that detail.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from rtcc_camera_registry.health.rtsp_auth import authorization

_MAX_HEADER_LINES = 100
_MAX_BODY = 1 << 20
BUSY_RETRY_S = 1.0


@dataclass(frozen=True)
class ProbeResult:
    online: bool
    detail: str


@dataclass
class _Reply:
    status: int
    headers: list[tuple[str, str]]

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name.lower()]


async def _read_reply(reader: asyncio.StreamReader) -> _Reply:
    raw = await reader.readline()
    if not raw:
        raise ConnectionResetError("the camera closed the connection")
    status_line = raw.decode("latin-1").strip()
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("RTSP/") or not parts[1].isdigit():
        raise ValueError("not an RTSP reply")
    headers: list[tuple[str, str]] = []
    for _ in range(_MAX_HEADER_LINES):
        line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    reply = _Reply(int(parts[1]), headers)
    length = int((reply.all("content-length") or ["0"])[0])
    if 0 < length <= _MAX_BODY:
        await reader.readexactly(length)  # the SDP; its arrival is what matters here
    return reply


def _request(uri: str, cseq: int, auth: str | None) -> bytes:
    lines = [
        f"DESCRIBE {uri} RTSP/1.0",
        f"CSeq: {cseq}",
        "Accept: application/sdp",
        "User-Agent: rtcc-camera-registry",
    ]
    if auth:
        lines.append(f"Authorization: {auth}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _exchange(url: str) -> ProbeResult:
    parts = urlsplit(url)
    secure = parts.scheme.lower() == "rtsps"
    port = parts.port or (322 if secure else 554)
    host = parts.hostname or ""
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    uri = urlunsplit(parts._replace(netloc=netloc))
    reader, writer = await asyncio.open_connection(
        host, port, ssl=ssl.create_default_context() if secure else None
    )
    try:
        writer.write(_request(uri, 1, None))
        await writer.drain()
        reply = await _read_reply(reader)
        if reply.status == 401 and parts.username is not None:
            auth = authorization(
                reply.all("www-authenticate"),
                username=unquote(parts.username),
                password=unquote(parts.password or ""),
                method="DESCRIBE",
                uri=uri,
            )
            if auth is None:
                return ProbeResult(True, "credentials_unsupported")
            writer.write(_request(uri, 2, auth))
            await writer.drain()
            reply = await _read_reply(reader)
            if reply.status == 401:
                return ProbeResult(True, "credentials_rejected")
        if reply.status == 401:
            return ProbeResult(True, "credentials_required")
        if 200 <= reply.status < 300:
            return ProbeResult(True, "ok")
        return ProbeResult(False, f"rtsp_{reply.status}")
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


async def _connect_only(url: str) -> ProbeResult:
    parts = urlsplit(url)
    secure = parts.scheme.lower() == "https"
    _, writer = await asyncio.open_connection(parts.hostname, parts.port or (443 if secure else 80))
    writer.close()
    return ProbeResult(True, "ok")


async def _describe_with_retry(url: str) -> ProbeResult:
    result = await _exchange(url)
    if result.detail == "rtsp_503":
        # A camera still tearing down the previous client's media says 503 for a moment.
        await asyncio.sleep(BUSY_RETRY_S)
        result = await _exchange(url)
    return result


async def probe(url: str, *, timeout_s: float) -> ProbeResult:
    """Never raises: every failure becomes an offline result naming its cause."""
    is_rtsp = urlsplit(url).scheme.lower() in ("rtsp", "rtsps")
    try:
        async with asyncio.timeout(timeout_s):
            return await (_describe_with_retry(url) if is_rtsp else _connect_only(url))
    except TimeoutError:
        return ProbeResult(False, "timeout")
    except ConnectionRefusedError:
        return ProbeResult(False, "connection_refused")
    except ConnectionResetError:
        return ProbeResult(False, "connection_closed")
    except (ValueError, asyncio.IncompleteReadError, UnicodeError):
        return ProbeResult(False, "bad_reply")
    except OSError:
        return ProbeResult(False, "unreachable")
