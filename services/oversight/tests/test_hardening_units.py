"""The pieces of sign-in and audit anchoring without a server: the per-address token bucket,
how a source address is counted, and where the audit key comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from rtcc_oversight import login_throttle
from rtcc_oversight.audit_anchor import AuditKey, CheckpointLog, load_audit_key
from rtcc_oversight.login_throttle import LoginThrottle, source_key


def test_a_bucket_lets_a_burst_through_then_one_per_refill_period() -> None:
    throttle = LoginThrottle(burst=3, refill_s=10.0)
    assert [throttle.take("a", 100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.take("a", 100.0) == pytest.approx(10.0)
    assert throttle.take("a", 104.0) == pytest.approx(6.0)
    assert throttle.take("b", 104.0) == 0.0  # another address has its own bucket
    assert throttle.take("a", 110.0) == 0.0  # one token back after ten seconds
    assert throttle.take("a", 110.0) > 0


def test_a_successful_sign_in_gives_its_token_back() -> None:
    throttle = LoginThrottle(burst=2, refill_s=60.0)
    for _ in range(10):
        assert throttle.take("a", 0.0) == 0.0
        throttle.give_back("a", 0.0)
    throttle.give_back("a", 0.0)  # never more than the burst
    assert [throttle.take("a", 0.0) == 0.0 for _ in range(3)] == [True, True, False]


def test_memory_stays_bounded_under_a_flood_of_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login_throttle, "MAX_TRACKED_SOURCES", 100)
    throttle = LoginThrottle(burst=5, refill_s=1.0)
    for n in range(1000):
        throttle.take(f"10.0.{n // 250}.{n % 250}", float(n))
    assert len(throttle._buckets) <= 100
    throttle.take("fresh", 2000.0)
    assert throttle.take("fresh", 2000.0) == 0.0


@pytest.mark.parametrize(
    ("given", "counted"),
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::7", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.4", "198.51.100.4"),
        ("*", "?"),  # never the lockout's "every address" row
        ("", ""),
    ],
)
def test_source_addresses_are_counted_by_host(given: str, counted: str) -> None:
    assert source_key(given) == counted


def test_the_audit_key_is_made_only_in_development(tmp_path: Path) -> None:
    key_file = tmp_path / "secrets" / "audit.key"
    with pytest.raises(ValueError, match="does not exist"):
        load_audit_key(key=None, key_file=key_file, create=False)
    made, created = load_audit_key(key=None, key_file=key_file, create=True)
    assert created and key_file.stat().st_mode & 0o777 == 0o600
    again, created = load_audit_key(key=None, key_file=key_file, create=True)
    assert not created and again.record_mac(1, "h") == made.record_mac(1, "h")
    given, _ = load_audit_key(key=SecretStr("k" * 32), key_file=key_file, create=False)
    assert given.record_mac(1, "h") != made.record_mac(1, "h")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        AuditKey(b"short")


def test_a_checkpoint_is_authentic_only_under_its_key_and_as_written(tmp_path: Path) -> None:
    key, other = AuditKey(b"a" * 32), AuditKey(b"b" * 32)
    log = CheckpointLog(tmp_path / "checkpoints.jsonl", key)
    log.append(7, "ab" * 32, 1_700_000_000_000_000)
    log.append(9, "cd" * 32, 1_700_000_005_000_000)
    assert [(c.seq, c.authentic) for c in log.read()] == [(7, True), (9, True)]
    assert log.last() is not None and log.last().seq == 9  # type: ignore[union-attr]
    assert [c.authentic for c in CheckpointLog(log.path, other).read()] == [False, False]
    text = log.path.read_text().replace('"seq":9', '"seq":19')
    log.path.write_text(text + "not json\n")
    assert [(c.seq, c.authentic) for c in log.read()] == [(7, True), (19, False), (-1, False)]
    first_line = len(text.splitlines()[0]) + 1
    assert [c.seq for c in log.read(up_to_bytes=first_line)] == [7]
