"""RTSP authorization headers (RFC 2617 Basic and Digest), as cameras ask for them in a 401."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s,]+))')


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """The scheme (lowercase) and parameters of one WWW-Authenticate header."""
    scheme, _, rest = header.strip().partition(" ")
    params = {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _PARAM.finditer(rest)}
    return scheme.lower(), params


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def digest_response(
    *,
    username: str,
    password: str,
    method: str,
    uri: str,
    realm: str,
    nonce: str,
    qop: str = "",
    cnonce: str = "",
    nc: str = "00000001",
) -> str:
    ha1 = _md5(f"{username}:{realm}:{password}")
    ha2 = _md5(f"{method}:{uri}")
    if qop:
        return _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return _md5(f"{ha1}:{nonce}:{ha2}")


def authorization(
    challenges: list[str], *, username: str, password: str, method: str, uri: str
) -> str | None:
    """The Authorization header answering the strongest challenge offered, or None."""
    parsed = [parse_challenge(c) for c in challenges]
    for scheme, params in parsed:
        if scheme == "digest" and params.get("algorithm", "MD5").upper() == "MD5":
            qop = "auth" if "auth" in params.get("qop", "").split(",") else ""
            cnonce = secrets.token_hex(8) if qop else ""
            response = digest_response(
                username=username,
                password=password,
                method=method,
                uri=uri,
                realm=params.get("realm", ""),
                nonce=params.get("nonce", ""),
                qop=qop,
                cnonce=cnonce,
            )
            fields = [
                f'username="{username}"',
                f'realm="{params.get("realm", "")}"',
                f'nonce="{params.get("nonce", "")}"',
                f'uri="{uri}"',
                f'response="{response}"',
            ]
            if qop:
                fields += [f"qop={qop}", "nc=00000001", f'cnonce="{cnonce}"']
            if "opaque" in params:
                fields.append(f'opaque="{params["opaque"]}"')
            return "Digest " + ", ".join(fields)
    if any(scheme == "basic" for scheme, _ in parsed):
        return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
    return None
