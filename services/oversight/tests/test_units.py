"""The pieces without I/O: the chain's hash, password hashing."""

from __future__ import annotations

import pytest

from rtcc_oversight.audit import GENESIS_HASH, HASHED_FIELDS, row_hash
from rtcc_oversight.models import AuditRow
from rtcc_oversight.passwords import hash_password, password_matches


def _row(**fields: object) -> AuditRow:
    base: dict[str, object] = {
        "seq": 1,
        "ts_us": 1_700_000_000_000_000,
        "subject": "ana",
        "action": "lpr.reads.search",
        "result": "ok",
        "prev_hash": GENESIS_HASH,
        "hash": "",
    }
    return AuditRow.model_validate({**base, **fields})


@pytest.mark.parametrize("name", HASHED_FIELDS)
def test_every_recorded_field_is_covered_by_the_hash(name: str) -> None:
    row = _row()
    original = row_hash(GENESIS_HASH, row)
    value = getattr(row, name)
    setattr(row, name, value + 1 if isinstance(value, int) else f"{value}x")
    assert row_hash(GENESIS_HASH, row) != original


def test_the_hash_chains_on_the_previous_one() -> None:
    row = _row()
    assert row_hash(GENESIS_HASH, row) == row_hash(GENESIS_HASH, _row())
    assert row_hash("1" * 64, row) != row_hash(GENESIS_HASH, row)


def test_passwords_are_salted_and_checked() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second and first.startswith("scrypt$")
    assert password_matches("correct horse battery", first)
    assert not password_matches("correct horse batterY", first)
    assert not password_matches("anything", "not-a-hash")
