"""What every case route shares: the path's case id, the service, and the caller as the cases
service records it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from rtcc.cases.v1 import cases_pb2 as pb
from rtcc_gateway.auth.tokens import Principal
from rtcc_gateway.clients import Backends
from rtcc_gateway.deps import get_backends

CaseId = Annotated[str, Path(min_length=1, max_length=64)]
Service = Annotated[Backends, Depends(get_backends)]


def actor(principal: Principal) -> pb.Actor:
    """The caller as the cases service records it, in custody entries and holds."""
    return pb.Actor(subject=principal.subject, role=principal.role, agency=principal.agency or "")
