"""The OpenAPI document as clients and fuzzers need it: every operation's error answers, in the
one error shape of DESIGN.md, beside what FastAPI derives from the routes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from rtcc_gateway.schemas.lpr import ReadIn

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["msg", "type"],
                "properties": {
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {}},
                },
            },
        }
    },
}
ERRORS = {
    "400": "invalid input, or a reason or case number the policy requires is missing",
    "401": "no credential, or one that does not verify",
    "403": "the caller's role, key scopes or the council's approvals do not allow it",
    "404": "no such object",
    "409": "conflicts with what is stored",
    "413": "the body is larger than this operation takes",
    "415": "a body of a type this operation does not take",
    "422": "the request does not match its schema",
    "429": "too many requests",
    "500": "unexpected failure (nothing internal is shown)",
    "503": "a backend service is unavailable",
    "504": "a backend service did not answer in time",
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def install_openapi(app: FastAPI) -> None:
    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _document_errors(document)
            _type_read_batches(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def _document_errors(document: dict[str, Any]) -> None:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses[status] = {
                    "description": description,
                    "content": {"application/json": {"schema": _ERROR_REF}},
                }


def _type_read_batches(document: dict[str, Any]) -> None:
    """A read batch is parsed read by read (a bad read is rejected on its own, the rest are
    stored), so the route takes plain objects; its schema still says what each read is."""
    components = document["components"]["schemas"]
    read_schema = ReadIn.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in read_schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["ReadIn"] = read_schema
    body = components.get("IngestBody", {}).get("properties", {}).get("reads")
    if body is not None:
        body["items"] = {"$ref": "#/components/schemas/ReadIn"}
