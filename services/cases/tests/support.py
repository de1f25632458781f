"""What the cases tests share: callers, and a case made in one call."""

from __future__ import annotations

from pathlib import Path

from rtcc.cases.v1 import cases_pb2, cases_pb2_grpc
from rtcc_cases.settings import Settings

MIGRATIONS = Path(__file__).parents[1] / "rtcc_cases" / "migrations"
# Nothing listens here: the recorder is down.
NO_RECORDER = "127.0.0.1:9"

ANALYST = cases_pb2.Actor(subject="ana", role="analyst", agency="CPD")
DETECTIVE = cases_pb2.Actor(subject="dan", role="detective", agency="CPD")
SUPERVISOR = cases_pb2.Actor(subject="sue", role="supervisor", agency="CPD")
SUPERVISOR_2 = cases_pb2.Actor(subject="sam", role="supervisor", agency="CPD")


def cases_settings(database_url: str, data_dir: Path, recorder_addr: str) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        recorder_addr=recorder_addr,
        recorder_deadline_s=10.0,
    )


async def new_case(
    stub: cases_pb2_grpc.CasesServiceStub,
    number: str,
    offense: str = "robbery",
    actor: cases_pb2.Actor = DETECTIVE,
) -> cases_pb2.Case:
    reply = await stub.CreateCase(
        cases_pb2.CreateCaseRequest(
            actor=actor,
            case=cases_pb2.CaseInput(number=number, offense=offense, lead_investigator="dan"),
        )
    )
    return reply.case
