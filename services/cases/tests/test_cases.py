"""Cases through the real gRPC server: create, find, edit, close; duplicates and races."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from rtcc.cases.v1 import cases_pb2
from services.cases.tests.support import DETECTIVE, new_case


async def test_create_get_and_list(cases) -> None:
    created = await new_case(cases, " 24-00017 ", offense="Stolen Vehicle")
    assert created.number == "24-00017"
    assert created.offense == "stolen_vehicle"
    assert created.status == "open"
    assert created.created_by == "dan"
    fetched = (await cases.GetCase(cases_pb2.GetCaseRequest(id=created.id))).case
    assert fetched == created
    await new_case(cases, "24-00018", offense="homicide")
    listed = await cases.ListCases(cases_pb2.ListCasesRequest(offense="stolen_vehicle"))
    assert [c.number for c in listed.cases] == ["24-00017"]
    assert listed.total == 1
    everything = await cases.ListCases(cases_pb2.ListCasesRequest())
    assert everything.total == 2
    by_number = await cases.ListCases(cases_pb2.ListCasesRequest(number="24-00018"))
    assert [c.offense for c in by_number.cases] == ["homicide"]


async def test_duplicate_number_is_refused(cases) -> None:
    await new_case(cases, "24-1")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await new_case(cases, "24-1")
    assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "24-1" in (refused.value.details() or "")
    assert (await cases.ListCases(cases_pb2.ListCasesRequest())).total == 1


async def test_concurrent_creates_of_one_number_give_one_case(cases) -> None:
    results = await asyncio.gather(
        *(new_case(cases, "24-777", actor=DETECTIVE) for _ in range(6)), return_exceptions=True
    )
    created = [r for r in results if isinstance(r, cases_pb2.Case)]
    refused = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(created) == 1
    assert len(refused) == 5
    assert {r.code() for r in refused} == {grpc.StatusCode.ALREADY_EXISTS}
    assert (await cases.ListCases(cases_pb2.ListCasesRequest())).total == 1


@pytest.mark.parametrize(
    ("case_input", "message"),
    [
        (cases_pb2.CaseInput(number="", offense="robbery"), "case number"),
        (cases_pb2.CaseInput(number="a b", offense="robbery"), "case number"),
        (cases_pb2.CaseInput(number="24-1", offense=""), "offense"),
        (cases_pb2.CaseInput(number="24-1", offense="robbery", incident_lat=41.8), "go together"),
        (
            cases_pb2.CaseInput(number="24-1", offense="robbery", incident_lat=95, incident_lon=1),
            "incident_lat",
        ),
    ],
)
async def test_bad_case_input_is_refused_and_changes_nothing(cases, case_input, message) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await cases.CreateCase(cases_pb2.CreateCaseRequest(actor=DETECTIVE, case=case_input))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (refused.value.details() or "")
    assert (await cases.ListCases(cases_pb2.ListCasesRequest())).total == 0


async def test_a_change_needs_the_callers_identity(cases) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await cases.CreateCase(
            cases_pb2.CreateCaseRequest(case=cases_pb2.CaseInput(number="1", offense="robbery"))
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "actor" in (refused.value.details() or "")


async def test_unknown_case_is_not_found(cases) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await cases.GetCase(cases_pb2.GetCaseRequest(id="nope"))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND


async def test_status_changes_follow_the_rules(cases) -> None:
    case = await new_case(cases, "24-9")
    with pytest.raises(grpc.aio.AioRpcError) as no_reason:
        await cases.UpdateCase(
            cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, status="closed")
        )
    assert no_reason.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    closed = await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(
            id=case.id, actor=DETECTIVE, status="closed", reason="suspect charged"
        )
    )
    assert closed.case.status == "closed"
    assert closed.case.HasField("closed_at")
    reopened = await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, status="open", reason="new lead")
    )
    assert reopened.case.status == "open"
    assert not reopened.case.HasField("closed_at")
    await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, status="disposed", reason="done")
    )
    with pytest.raises(grpc.aio.AioRpcError) as final:
        await cases.UpdateCase(
            cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, summary="late edit")
        )
    assert final.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "disposed" in (final.value.details() or "")
    after = (await cases.GetCase(cases_pb2.GetCaseRequest(id=case.id))).case
    assert after.summary == ""


async def test_details_change_only_where_set(cases) -> None:
    case = await new_case(cases, "24-10")
    updated = await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(
            id=case.id, actor=DETECTIVE, summary="two suspects", incident_place="5th and Main"
        )
    )
    assert updated.case.summary == "two suspects"
    assert updated.case.incident_place == "5th and Main"
    assert updated.case.offense == "robbery"
    assert updated.case.lead_investigator == "dan"
