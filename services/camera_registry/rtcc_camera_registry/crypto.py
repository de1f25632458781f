"""Stream-URL credentials are encrypted at rest; callers outside the media path see them hidden."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit, urlunsplit

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

from rtcc_common.errors import FailedPrecondition


class CredentialCipher:
    """Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from the configured secret."""

    def __init__(self, secret: SecretStr) -> None:
        digest = hashlib.sha256(secret.get_secret_value().encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode() if plain else ""

    def decrypt(self, token: str) -> str:
        if not token:
            return ""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            # Only a changed key gets here; say so instead of handing out garbage.
            raise FailedPrecondition(
                "stream credentials cannot be decrypted with this key"
            ) from exc


def redact_url(url: str) -> str:
    """The URL with any user name and password replaced, safe to show to any caller."""
    if not url:
        return ""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))
