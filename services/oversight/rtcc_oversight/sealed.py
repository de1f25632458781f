"""Secrets the service must read back (TOTP seeds) are kept encrypted at rest."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

from rtcc_common.errors import FailedPrecondition


class SecretBox:
    """Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from the configured secret."""

    def __init__(self, secret: SecretStr) -> None:
        digest = hashlib.sha256(secret.get_secret_value().encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            # Only a changed key gets here; say so rather than refuse every code as wrong.
            raise FailedPrecondition("TOTP secrets cannot be decrypted with this key") from exc
