"""Evidence and its chain of custody, with the recorder down: all but footage keeps working."""

from __future__ import annotations

import grpc
import pytest
from sqlalchemy import text

from rtcc.cases.v1 import cases_pb2
from rtcc_cases.settings import Settings
from rtcc_common.service_runtime import open_database
from services.cases.tests.support import ANALYST, DETECTIVE, MIGRATIONS, new_case


def attach(case_id: str, kind: str, **fields: object) -> cases_pb2.AttachEvidenceRequest:
    return cases_pb2.AttachEvidenceRequest(
        case_id=case_id, actor=DETECTIVE, kind=kind, reason="suspect vehicle", **fields
    )


async def test_attach_list_and_the_chain_of_custody(cases) -> None:
    case = await new_case(cases, "24-100")
    read = await cases.AttachEvidence(attach(case.id, "plate_read", ref_id="read-1"))
    assert read.evidence.kind == "plate_read"
    assert not read.HasField("hold")
    await cases.AttachEvidence(attach(case.id, "alert", ref_id="alert-7"))
    await cases.AttachEvidence(attach(case.id, "snapshot", sha256="AB" * 32))
    await cases.AttachEvidence(attach(case.id, "camera", camera_id="cam-3"))
    listed = await cases.ListEvidence(cases_pb2.ListEvidenceRequest(case_id=case.id))
    assert [e.kind for e in listed.evidence] == ["plate_read", "alert", "snapshot", "camera"]
    assert listed.evidence[2].sha256 == "ab" * 32

    evidence_id = read.evidence.id
    await cases.RecordCustody(
        cases_pb2.RecordCustodyRequest(
            case_id=case.id,
            evidence_id=evidence_id,
            actor=ANALYST,
            action="viewed",
            reason="review",
        )
    )
    await cases.RecordCustody(
        cases_pb2.RecordCustodyRequest(
            case_id=case.id,
            evidence_id=evidence_id,
            actor=DETECTIVE,
            action="shared",
            reason="joint investigation",
            detail="State Police, Det. Ruiz",
        )
    )
    chain = await cases.ListCustody(
        cases_pb2.ListCustodyRequest(case_id=case.id, evidence_id=evidence_id)
    )
    assert [(e.action, e.actor_subject) for e in chain.entries] == [
        ("attached", "dan"),
        ("viewed", "ana"),
        ("shared", "dan"),
    ]
    assert chain.entries[1].actor_role == "analyst"
    assert chain.entries[1].reason == "review"
    assert chain.entries[2].detail == "State Police, Det. Ruiz"
    whole_case = await cases.ListCustody(cases_pb2.ListCustodyRequest(case_id=case.id))
    assert len(whole_case.entries) == 6


async def test_the_same_evidence_twice_is_refused(cases) -> None:
    case = await new_case(cases, "24-101")
    await cases.AttachEvidence(attach(case.id, "plate_read", ref_id="read-1"))
    with pytest.raises(grpc.aio.AioRpcError) as twice:
        await cases.AttachEvidence(attach(case.id, "plate_read", ref_id="read-1"))
    assert twice.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "already attached" in (twice.value.details() or "")
    other = await new_case(cases, "24-102")
    await cases.AttachEvidence(attach(other.id, "plate_read", ref_id="read-1"))
    listed = await cases.ListEvidence(cases_pb2.ListEvidenceRequest(case_id=case.id))
    assert len(listed.evidence) == 1


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("video", {"ref_id": "x"}, "kind must be one of"),
        ("plate_read", {}, "ref_id"),
        ("export", {"ref_id": "e1"}, "sha256"),
        ("export", {"ref_id": "e1", "sha256": "xyz"}, "sha256"),
        ("snapshot", {}, "ref_id or its sha256"),
        ("camera", {"camera_id": "cam 1"}, "camera_id"),
    ],
)
async def test_bad_evidence_is_refused_and_changes_nothing(cases, kind, fields, message) -> None:
    case = await new_case(cases, "24-103")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await cases.AttachEvidence(attach(case.id, kind, **fields))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (refused.value.details() or "")
    listed = await cases.ListEvidence(cases_pb2.ListEvidenceRequest(case_id=case.id))
    assert list(listed.evidence) == []


async def test_attaching_needs_a_reason(cases) -> None:
    case = await new_case(cases, "24-104")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await cases.AttachEvidence(
            cases_pb2.AttachEvidenceRequest(
                case_id=case.id, actor=DETECTIVE, kind="alert", ref_id="a1"
            )
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "reason" in (refused.value.details() or "")


async def test_footage_needs_the_recorder_and_nothing_is_written_without_it(cases) -> None:
    case = await new_case(cases, "24-105")
    for request in (
        attach(case.id, "export", ref_id="exp-1", sha256="0" * 64),
        attach(
            case.id,
            "camera",
            camera_id="cam-1",
            start={"seconds": 1_700_000_000},
            end={"seconds": 1_700_000_600},
        ),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as down:
            await cases.AttachEvidence(request)
        assert down.value.code() == grpc.StatusCode.UNAVAILABLE
        assert "recorder" in (down.value.details() or "")
    assert (
        list((await cases.ListEvidence(cases_pb2.ListEvidenceRequest(case_id=case.id))).evidence)
        == []
    )
    assert list((await cases.ListHolds(cases_pb2.ListHoldsRequest(case_id=case.id))).holds) == []
    # Everything else still works.
    await cases.AttachEvidence(attach(case.id, "alert", ref_id="a1"))


async def test_custody_rules(cases) -> None:
    case = await new_case(cases, "24-106")
    other = await new_case(cases, "24-107")
    item = (await cases.AttachEvidence(attach(case.id, "alert", ref_id="a1"))).evidence

    async def record(case_id: str, action: str, reason: str = "why", detail: str = "") -> None:
        await cases.RecordCustody(
            cases_pb2.RecordCustodyRequest(
                case_id=case_id,
                evidence_id=item.id,
                actor=ANALYST,
                action=action,
                reason=reason,
                detail=detail,
            )
        )

    for args, code in [
        ((case.id, "shared"), grpc.StatusCode.INVALID_ARGUMENT),  # with whom?
        ((case.id, "attached"), grpc.StatusCode.INVALID_ARGUMENT),  # the service writes that
        ((case.id, "viewed", " "), grpc.StatusCode.INVALID_ARGUMENT),  # why?
        ((other.id, "viewed"), grpc.StatusCode.NOT_FOUND),  # not this case's evidence
    ]:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await record(*args)
        assert refused.value.code() == code
    chain = await cases.ListCustody(cases_pb2.ListCustodyRequest(case_id=case.id))
    assert [e.action for e in chain.entries] == ["attached"]


async def test_closed_cases_take_no_evidence_but_keep_their_custody(cases) -> None:
    case = await new_case(cases, "24-108")
    item = (await cases.AttachEvidence(attach(case.id, "alert", ref_id="a1"))).evidence
    await cases.UpdateCase(
        cases_pb2.UpdateCaseRequest(id=case.id, actor=DETECTIVE, status="closed", reason="done")
    )
    with pytest.raises(grpc.aio.AioRpcError) as closed:
        await cases.AttachEvidence(attach(case.id, "alert", ref_id="a2"))
    assert closed.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "closed" in (closed.value.details() or "")
    await cases.RecordCustody(
        cases_pb2.RecordCustodyRequest(
            case_id=case.id, evidence_id=item.id, actor=ANALYST, action="downloaded", reason="court"
        )
    )


async def test_the_database_refuses_to_rewrite_custody(database_url: str, data_dir) -> None:
    settings = Settings(database_url=database_url, data_dir=data_dir)
    db = await open_database(settings, migrations_dir=MIGRATIONS)
    try:
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO cases (id, number, offense, status, lead_investigator,"
                    " incident_place, summary, created_by, created_ts, updated_ts)"
                    " VALUES ('c1', 'N1', 'robbery', 'open', '', '', '', 'x', 0, 0)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO evidence (id, case_id, kind, ref_id, identity, camera_id, sha256,"
                    " description, attached_by, attached_ts)"
                    " VALUES ('e1', 'c1', 'alert', 'a', 'alert:a', '', '', '', 'x', 0)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO custody_entries (id, case_id, evidence_id, action, actor_subject,"
                    " actor_role, actor_agency, reason, detail, at_ts)"
                    " VALUES ('k1', 'c1', 'e1', 'attached', 'x', '', '', 'r', '', 0)"
                )
            )
        for statement in (
            "UPDATE custody_entries SET actor_subject = 'someone else'",
            "DELETE FROM custody_entries",
        ):
            with pytest.raises(Exception, match="append-only"):
                async with db.engine.begin() as conn:
                    await conn.execute(text(statement))
        async with db.engine.begin() as conn:
            subject = (
                await conn.execute(text("SELECT actor_subject FROM custody_entries"))
            ).scalar_one()
        assert subject == "x"
    finally:
        await db.close()


async def test_a_download_of_one_item_is_on_its_chain_and_bad_asks_are_refused(cases) -> None:
    case = await new_case(cases, "24-108")
    item = (await cases.AttachEvidence(attach(case.id, "alert", ref_id="a9"))).evidence
    recorded = await cases.RecordDownload(
        cases_pb2.RecordDownloadRequest(case_id=case.id, evidence_id=item.id, actor=ANALYST)
    )
    assert [(e.action, e.evidence_id) for e in recorded.entries] == [("downloaded", item.id)]
    for bad, code in (
        (cases_pb2.RecordDownloadRequest(actor=ANALYST), grpc.StatusCode.INVALID_ARGUMENT),
        (
            cases_pb2.RecordDownloadRequest(
                export_id="e1", case_id=case.id, evidence_id=item.id, actor=ANALYST
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            cases_pb2.RecordDownloadRequest(case_id=case.id, evidence_id=item.id),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            cases_pb2.RecordDownloadRequest(case_id=case.id, evidence_id="nope", actor=ANALYST),
            grpc.StatusCode.NOT_FOUND,
        ),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await cases.RecordDownload(bad)
        assert refused.value.code() == code, bad
    chain = await cases.ListCustody(
        cases_pb2.ListCustodyRequest(case_id=case.id, evidence_id=item.id)
    )
    assert [e.action for e in chain.entries].count("downloaded") == 1
