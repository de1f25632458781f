"""Finding a case, and locking it for the length of a transaction.

Adding to a case and closing it must not interleave: an outcome recorded while another caller
closes the case would land on a closed case. Both start their transaction by writing the case
row, which takes a row lock on PostgreSQL and the write lock on SQLite, so the second waits for
the first and then sees its result.
"""

from __future__ import annotations

import time

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from rtcc_cases.models import Case
from rtcc_common.errors import FailedPrecondition, NotFound


async def load_case(session: AsyncSession, case_id: str) -> Case:
    case = await session.get(Case, case_id) if case_id else None
    if case is None:
        raise NotFound(f"no case with id '{case_id}'")
    return case


async def lock_case(session: AsyncSession, case_id: str) -> Case:
    """The case, locked until the transaction ends; call first in the transaction."""
    if case_id:
        await session.execute(
            update(Case).where(col(Case.id) == case_id).values(updated_ts=time.time())
        )
    case = await load_case(session, case_id)
    await session.refresh(case)
    return case


async def lock_open_case(session: AsyncSession, case_id: str, *, to: str) -> Case:
    """The case, locked, or FailedPrecondition if it no longer takes additions."""
    case = await lock_case(session, case_id)
    if case.status != "open":
        raise FailedPrecondition(f"case {case.number} is {case.status}: cannot {to}")
    return case
