"""The rules between the wire and the database, without I/O."""

from __future__ import annotations

import pytest

from rtcc_cases.evidence import validate
from rtcc_cases.models import Actor, EvidenceCreate, OutcomeCreate
from rtcc_cases.outcomes import build_outcome
from rtcc_cases.service import normalize_number, normalize_offense
from rtcc_common.errors import InvalidArgument

ACTOR = Actor(subject="dan", role="detective")


def test_case_numbers_and_offenses_are_normalized() -> None:
    assert normalize_number(" 24-001234 ") == "24-001234"
    assert normalize_number("cr/2024.17") == "CR/2024.17"
    assert normalize_offense(" Stolen Vehicle") == "stolen_vehicle"
    for bad in ("", "-24", "24 1", "x" * 65):
        with pytest.raises(InvalidArgument):
            normalize_number(bad)
    with pytest.raises(InvalidArgument):
        normalize_offense("robbery!")


def test_evidence_identity_names_what_was_attached() -> None:
    def identity(**fields: object) -> str:
        return validate(EvidenceCreate(reason="why", **fields))[1]  # type: ignore[arg-type]

    assert identity(kind="export", ref_id="e1", sha256="AB" * 32) == "export:e1"
    assert identity(kind="plate_read", ref_id="r9") == "plate_read:r9"
    assert identity(kind="snapshot", sha256="ab" * 32) == f"snapshot:{'ab' * 32}"
    one_range = identity(kind="camera", camera_id="c1", start_ts=10.0, end_ts=20.0)
    assert one_range != identity(kind="camera", camera_id="c1", start_ts=10.0, end_ts=30.0)
    assert one_range == identity(kind="camera", camera_id="c1", start_ts=10.0, end_ts=20.0)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "camera", "camera_id": "c1", "start_ts": 20.0, "end_ts": 10.0},
        {"kind": "camera", "camera_id": "c1", "start_ts": 0.0, "end_ts": 8 * 86400.0},
        {"kind": "camera", "camera_id": "c1", "start_ts": 10.0},
        {"kind": "export", "ref_id": "../etc", "sha256": "a" * 64},
    ],
)
def test_bad_evidence_is_named(fields: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        validate(EvidenceCreate(reason="why", **fields))  # type: ignore[arg-type]


def test_outcomes_count_people_or_vehicles() -> None:
    arrest, technologies = build_outcome(
        "c1",
        OutcomeCreate(
            kind="arrest",
            occurred_on="2024-05-01",
            center_assisted=True,
            assisted_by=["plate_hit", "live_view", "plate_hit"],
            arrest_count=3,
            charge="robbery",
        ),
        ACTOR,
    )
    assert (arrest.quantity, technologies) == (3, ["live_view", "plate_hit"])
    single, _ = build_outcome(
        "c1", OutcomeCreate(kind="arrest", occurred_on="2024-05-01", center_assisted=False,
                            charge="robbery"), ACTOR
    )  # fmt: skip
    assert single.quantity == 1
    recovery, _ = build_outcome(
        "c1",
        OutcomeCreate(
            kind="vehicle_recovery",
            occurred_on="2024-05-01",
            center_assisted=False,
            vin="1hgcm82633a004352",
        ),
        ACTOR,
    )
    assert (recovery.quantity, recovery.vin, recovery.plate) == (1, "1HGCM82633A004352", "")
    with pytest.raises(InvalidArgument, match="only for arrests"):
        build_outcome(
            "c1",
            OutcomeCreate(
                kind="vehicle_recovery",
                occurred_on="2024-05-01",
                center_assisted=False,
                plate="ABC1",
                arrest_count=2,
            ),
            ACTOR,
        )
