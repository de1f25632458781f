"""What routes take from a request besides its body: the service clients, path ids and a
time range; declared once and shared by every router."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query

from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import get_backends
from rtcc_gateway.schemas import recordings as s

BackendsDep = Annotated[Backends, Depends(get_backends)]
CameraId = Annotated[str, Path(min_length=1, max_length=64)]
CaseId = Annotated[str, Path(min_length=1, max_length=64)]

MAX_RANGE_DAYS = 31


def time_range(
    start: Annotated[datetime, Query()], end: Annotated[datetime, Query()]
) -> s.TimeRange:
    if s.as_utc(end) <= s.as_utc(start):
        raise HTTPException(400, "end must be after start")
    if (s.as_utc(end) - s.as_utc(start)).total_seconds() > MAX_RANGE_DAYS * 86400:
        raise HTTPException(400, f"a range covers at most {MAX_RANGE_DAYS} days")
    return s.TimeRange.model_construct(start=s.as_utc(start), end=s.as_utc(end))


Range = Annotated[s.TimeRange, Depends(time_range)]
