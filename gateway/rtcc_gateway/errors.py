"""One place that turns failures into the JSON errors of DESIGN.md."""

from __future__ import annotations

import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rtcc_common.logging import get_logger

log = get_logger(__name__)

GRPC_TO_HTTP: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}

# Messages we show for statuses whose own details may carry internals.
_GENERIC = {
    503: "a backend service is unavailable",
    504: "a backend service did not answer in time",
    500: "internal error",
}


def error_body(message: str, error_type: str) -> dict[str, list[dict[str, str]]]:
    return {"detail": [{"msg": message, "type": error_type}]}


async def _rpc_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, grpc.aio.AioRpcError)
    code = exc.code()
    status = GRPC_TO_HTTP.get(code, 500)
    if status in _GENERIC:
        log.warning("backend_call_failed", grpc_status=code.name, details=exc.details())
        message = _GENERIC[status]
    else:
        message = exc.details() or code.name.lower()
    return JSONResponse(error_body(message, code.name.lower()), status_code=status)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc.detail, list):
        body = {"detail": exc.detail}
    else:
        body = error_body(str(exc.detail), _type_for(exc.status_code))
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"msg": e["msg"], "type": e["type"], "loc": list(e.get("loc", ()))} for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("request_failed", path=request.url.path)
    return JSONResponse(error_body("internal error", "internal"), status_code=500)


def _type_for(status: int) -> str:
    return {
        400: "invalid_argument",
        401: "unauthenticated",
        403: "permission_denied",
        404: "not_found",
        405: "method_not_allowed",
        409: "already_exists",
        413: "too_large",
        415: "unsupported_media_type",
        429: "rate_limited",
    }.get(status, "error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(grpc.aio.AioRpcError, _rpc_error)
    # Starlette's own (unknown route, method not allowed) answer in the same shape.
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
