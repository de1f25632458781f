"""Domain errors, raised by service code and mapped to a gRPC status in one place."""

from __future__ import annotations

import grpc


class DomainError(Exception):
    """Base of every error a caller may see; its message is shown to the caller."""

    status: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidArgument(DomainError):
    status = grpc.StatusCode.INVALID_ARGUMENT


class FailedPrecondition(DomainError):
    status = grpc.StatusCode.FAILED_PRECONDITION


class NotFound(DomainError):
    status = grpc.StatusCode.NOT_FOUND


class AlreadyExists(DomainError):
    status = grpc.StatusCode.ALREADY_EXISTS


class PermissionDenied(DomainError):
    status = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(DomainError):
    status = grpc.StatusCode.UNAUTHENTICATED


class ResourceExhausted(DomainError):
    status = grpc.StatusCode.RESOURCE_EXHAUSTED


class Unavailable(DomainError):
    status = grpc.StatusCode.UNAVAILABLE
