"""Outcomes, and the attribution report counted from them."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
import pytest

from rtcc.cases.v1 import cases_pb2
from services.cases.tests.support import DETECTIVE, new_case

THIS_YEAR = datetime.now(UTC).year
# Outcomes of this year fall on its first day, which is never in the future.
LAST_YEAR = THIS_YEAR - 1


def arrest(day: str, count: int = 1, *, helped_by: tuple[str, ...] = ()) -> cases_pb2.OutcomeInput:
    return cases_pb2.OutcomeInput(
        kind="arrest",
        occurred_on=day,
        arrest_count=count,
        charge="armed robbery",
        center_assisted=bool(helped_by),
        assisted_by=list(helped_by),
    )


def recovery(day: str, plate: str, *, helped_by: tuple[str, ...] = ()) -> cases_pb2.OutcomeInput:
    return cases_pb2.OutcomeInput(
        kind="vehicle_recovery",
        occurred_on=day,
        plate=plate,
        plate_state="il",
        center_assisted=bool(helped_by),
        assisted_by=list(helped_by),
    )


async def add(cases, case_id: str, outcome: cases_pb2.OutcomeInput) -> cases_pb2.Outcome:
    reply = await cases.AddOutcome(
        cases_pb2.AddOutcomeRequest(case_id=case_id, actor=DETECTIVE, outcome=outcome)
    )
    return reply.outcome


async def test_outcomes_are_recorded_and_listed(cases) -> None:
    case = await new_case(cases, "24-200", offense="carjacking")
    made = await add(cases, case.id, arrest(f"{LAST_YEAR}-01-05", 2, helped_by=("plate_hit",)))
    assert (made.kind, made.arrest_count, made.center_assisted) == ("arrest", 2, True)
    assert list(made.assisted_by) == ["plate_hit"]
    await add(cases, case.id, recovery(f"{LAST_YEAR}-01-04", "ab-123 c"))
    listed = (await cases.ListOutcomes(cases_pb2.ListOutcomesRequest(case_id=case.id))).outcomes
    assert [(o.kind, o.occurred_on) for o in listed] == [
        ("vehicle_recovery", f"{LAST_YEAR}-01-04"),
        ("arrest", f"{LAST_YEAR}-01-05"),
    ]
    assert (listed[0].plate, listed[0].plate_state, listed[0].recorded_by) == (
        "AB123C",
        "IL",
        "dan",
    )


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (cases_pb2.OutcomeInput(kind="citation", occurred_on="2024-01-01"), "kind"),
        (cases_pb2.OutcomeInput(kind="arrest", occurred_on="2024-13-01", charge="x"), "YYYY-MM-DD"),
        (cases_pb2.OutcomeInput(kind="arrest", occurred_on="2999-01-01", charge="x"), "future"),
        (cases_pb2.OutcomeInput(kind="arrest", occurred_on="2024-01-01"), "charge"),
        (
            cases_pb2.OutcomeInput(
                kind="arrest", occurred_on="2024-01-01", charge="x", center_assisted=True
            ),
            "must say how",
        ),
        (
            cases_pb2.OutcomeInput(
                kind="arrest", occurred_on="2024-01-01", charge="x", assisted_by=["live_view"]
            ),
            "only for outcomes the center assisted",
        ),
        (
            cases_pb2.OutcomeInput(
                kind="arrest",
                occurred_on="2024-01-01",
                charge="x",
                center_assisted=True,
                assisted_by=["drone"],
            ),
            "unknown technology",
        ),
        (cases_pb2.OutcomeInput(kind="vehicle_recovery", occurred_on="2024-01-01"), "plate or"),
        (
            cases_pb2.OutcomeInput(kind="vehicle_recovery", occurred_on="2024-01-01", vin="123"),
            "VIN",
        ),
        (
            cases_pb2.OutcomeInput(
                kind="arrest", occurred_on="2024-01-01", charge="x", arrest_count=-2
            ),
            "arrest_count",
        ),
    ],
)
async def test_bad_outcomes_are_refused_and_change_nothing(cases, outcome, message) -> None:
    case = await new_case(cases, "24-201")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await add(cases, case.id, outcome)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (refused.value.details() or "")
    listed = await cases.ListOutcomes(cases_pb2.ListOutcomesRequest(case_id=case.id))
    assert list(listed.outcomes) == []


async def test_an_outcome_on_a_closed_case_is_refused(cases) -> None:
    case = await new_case(cases, "24-202")
    await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, status="closed", reason="solved")
    )
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await add(cases, case.id, arrest(f"{THIS_YEAR}-01-01", helped_by=("live_view",)))
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "24-202 is closed" in (refused.value.details() or "")
    listed = await cases.ListOutcomes(cases_pb2.ListOutcomesRequest(case_id=case.id))
    assert list(listed.outcomes) == []
    report = await cases.GetAttributionReport(cases_pb2.GetAttributionReportRequest(year=THIS_YEAR))
    assert report.since_inception.arrests == 0


def as_dict(counts) -> dict[str, tuple[int, int]]:
    return {c.key: (c.arrests, c.vehicles_recovered) for c in counts}


async def test_the_report_counts_what_the_outcomes_say(cases) -> None:
    robbery = await new_case(cases, "24-300", offense="robbery")
    stolen = await new_case(cases, "24-301", offense="stolen_vehicle")
    homicide = await new_case(cases, "23-302", offense="homicide")
    # This year: 3 + 1 arrests credited, 1 not; 2 vehicles credited, 1 not.
    await add(
        cases,
        robbery.id,
        arrest(f"{THIS_YEAR}-01-01", 3, helped_by=("live_view", "lookback_footage")),
    )
    await add(cases, robbery.id, arrest(f"{THIS_YEAR}-01-01", 1, helped_by=("lookback_footage",)))
    await add(cases, robbery.id, arrest(f"{THIS_YEAR}-01-01", 5))
    await add(cases, stolen.id, recovery(f"{THIS_YEAR}-01-01", "AAA111", helped_by=("plate_hit",)))
    await add(
        cases,
        stolen.id,
        recovery(f"{THIS_YEAR}-01-01", "BBB222", helped_by=("plate_hit", "camera_canvass")),
    )
    await add(cases, stolen.id, recovery(f"{THIS_YEAR}-01-01", "CCC333"))
    # Last year: 2 arrests and 1 vehicle credited.
    await add(cases, homicide.id, arrest(f"{LAST_YEAR}-12-31", 2, helped_by=("camera_canvass",)))
    await add(cases, stolen.id, recovery(f"{LAST_YEAR}-06-01", "DDD444", helped_by=("plate_hit",)))

    report = await cases.GetAttributionReport(cases_pb2.GetAttributionReportRequest(year=THIS_YEAR))
    year = report.year_totals
    assert (year.first_day, year.last_day) == (f"{THIS_YEAR}-01-01", f"{THIS_YEAR}-12-31")
    assert (year.arrests, year.vehicles_recovered) == (4, 2)
    assert as_dict(year.by_offense) == {"robbery": (4, 0), "stolen_vehicle": (0, 2)}
    assert as_dict(year.by_technology) == {
        "live_view": (3, 0),
        "lookback_footage": (4, 0),
        "plate_hit": (0, 2),
        "camera_canvass": (0, 1),
    }
    since = report.since_inception
    assert since.first_day == f"{LAST_YEAR}-06-01"
    assert (since.arrests, since.vehicles_recovered) == (6, 3)
    assert as_dict(since.by_offense) == {
        "homicide": (2, 0),
        "robbery": (4, 0),
        "stolen_vehicle": (0, 3),
    }
    assert as_dict(since.by_technology)["camera_canvass"] == (2, 1)

    earlier = await cases.GetAttributionReport(
        cases_pb2.GetAttributionReportRequest(year=LAST_YEAR)
    )
    assert (earlier.year_totals.arrests, earlier.year_totals.vehicles_recovered) == (2, 1)
    # Since inception as of last year's end: this year's outcomes are not in it yet.
    assert (earlier.since_inception.arrests, earlier.since_inception.vehicles_recovered) == (2, 1)


async def test_an_empty_report_and_a_bad_year(cases) -> None:
    report = await cases.GetAttributionReport(cases_pb2.GetAttributionReportRequest(year=THIS_YEAR))
    assert (report.year_totals.arrests, report.year_totals.vehicles_recovered) == (0, 0)
    assert report.since_inception.first_day == ""
    assert set(as_dict(report.year_totals.by_technology)) == {
        "live_view",
        "lookback_footage",
        "plate_hit",
        "camera_canvass",
    }
    for year in (0, 1969, THIS_YEAR + 1):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await cases.GetAttributionReport(cases_pb2.GetAttributionReportRequest(year=year))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
