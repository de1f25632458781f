"""Bulk import files (CSV or JSON) into rows: each row checked on its own, errors kept per row."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException
from pydantic import ValidationError

from rtcc_gateway.schemas.cameras import ImportRow, ImportRowError

MAX_ROWS = 10_000
LOCATION_COLUMNS = ("lat", "lon", "address", "heading_deg", "field_of_view_deg")
PERMISSION_COLUMNS = (
    "live",
    "record",
    "recordings_on_request_only",
    "registry_only",
    "plate_reading",
)
TOP_COLUMNS = (
    "name", "ownership", "technology", "stream_url", "substream_url",
    "retention_days", "lifecycle", "tags", "external_id",
)  # fmt: skip
CSV_COLUMNS = frozenset(TOP_COLUMNS + LOCATION_COLUMNS + PERMISSION_COLUMNS)
_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}


@dataclass
class ParsedFile:
    rows: list[tuple[int, ImportRow]] = field(default_factory=list)  # (1-based row, camera)
    errors: list[ImportRowError] = field(default_factory=list)


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def _add(parsed: ParsedFile, number: int, item: Any) -> None:
    try:
        parsed.rows.append((number, ImportRow.model_validate(item)))
    except ValidationError as exc:
        external_id = item.get("external_id") if isinstance(item, dict) else None
        parsed.errors.append(
            ImportRowError(
                row=number,
                external_id=str(external_id) if external_id else None,
                error=_describe(exc),
            )
        )


def _csv_bool(column: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{column}: {value!r} is not true or false")


def _csv_item(record: dict[str, str]) -> dict[str, Any]:
    """A CSV record in the nested shape of the JSON body; empty cells mean "not given"."""
    item: dict[str, Any] = {k: v for k, v in record.items() if k in TOP_COLUMNS and v != ""}
    if "tags" in item:
        item["tags"] = [t for t in item["tags"].split(";") if t.strip()]
    item["location"] = {k: record[k] for k in LOCATION_COLUMNS if record.get(k, "") != ""}
    permissions = {
        k: _csv_bool(k, record[k]) for k in PERMISSION_COLUMNS if record.get(k, "") != ""
    }
    if permissions:  # no permission cells: a re-import keeps what the camera has
        item["permissions"] = permissions
    return item


def parse_csv(body: bytes) -> ParsedFile:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the CSV file is not UTF-8 text") from exc
    reader = csv.DictReader(io.StringIO(text))
    unknown = set(reader.fieldnames or ()) - CSV_COLUMNS
    if not reader.fieldnames:
        raise HTTPException(400, "the CSV file has no header row")
    if unknown:
        raise HTTPException(400, f"unknown CSV columns: {', '.join(sorted(unknown))}")
    parsed = ParsedFile()
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise HTTPException(413, f"at most {MAX_ROWS} rows per import")
            if None in record:
                parsed.errors.append(
                    ImportRowError(row=number, external_id=None, error="more cells than columns")
                )
                continue
            try:
                item = _csv_item(record)
            except ValueError as exc:
                parsed.errors.append(
                    ImportRowError(
                        row=number, external_id=record.get("external_id") or None, error=str(exc)
                    )
                )
                continue
            _add(parsed, number, item)
    except csv.Error as exc:
        raise HTTPException(400, f"the CSV file cannot be read: {exc}") from exc
    return parsed


def parse_json(body: bytes) -> ParsedFile:
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the body is not valid JSON: {exc}") from exc
    items = document.get("cameras") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise HTTPException(400, 'the body must be a list of cameras or {"cameras": [...]}')
    if isinstance(document, dict) and set(document) != {"cameras"}:
        raise HTTPException(
            400, "unknown fields: " + ", ".join(sorted(set(document) - {"cameras"}))
        )
    if len(items) > MAX_ROWS:
        raise HTTPException(413, f"at most {MAX_ROWS} rows per import")
    parsed = ParsedFile()
    for number, item in enumerate(items, start=1):
        _add(parsed, number, item)
    return parsed
