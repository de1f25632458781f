"""Verified tokens are remembered, but never past their expiry and never unverified."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rtcc_gateway.auth.token_cache import VerifiedTokens
from rtcc_gateway.auth.tokens import InvalidToken, issue_token, load_or_create_signing_key


def test_a_remembered_token_stops_working_when_it_expires(tmp_path: Path) -> None:
    key = load_or_create_signing_key(tmp_path / "k")
    tokens = VerifiedTokens(key)
    token = issue_token(key, role="analyst", subject="ana", ttl_s=2)
    assert tokens.verify(token).subject == "ana"
    assert tokens.verify(token).subject == "ana"  # from the cache
    time.sleep(2.1)
    with pytest.raises(InvalidToken):
        tokens.verify(token)


def test_forged_and_altered_tokens_are_refused_every_time(tmp_path: Path) -> None:
    key = load_or_create_signing_key(tmp_path / "k")
    tokens = VerifiedTokens(key)
    genuine = issue_token(key, role="analyst", subject="ana")
    tokens.verify(genuine)
    header, claims, signature = genuine.split(".")
    # A character inside the signature (the last one may only carry padding bits).
    flipped = "A" if signature[5] != "A" else "B"
    altered = f"{header}.{claims}.{signature[:5]}{flipped}{signature[6:]}"
    forged = issue_token(b"another key" * 4, role="admin", subject="mallory")
    for _ in range(2):
        with pytest.raises(InvalidToken):
            tokens.verify(altered)
        with pytest.raises(InvalidToken):
            tokens.verify(forged)


def test_memory_stays_bounded(tmp_path: Path) -> None:
    key = load_or_create_signing_key(tmp_path / "k")
    tokens = VerifiedTokens(key, max_entries=10)
    issued = [issue_token(key, role="analyst", subject=f"user-{i}") for i in range(25)]
    for token in issued:
        tokens.verify(token)
    assert len(tokens._verified) <= 10
    assert [tokens.verify(t).subject for t in issued] == [f"user-{i}" for i in range(25)]
