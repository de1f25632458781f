"""structlog for our events, with the stdlib loggers of grpc, uvicorn and sqlalchemy routed in.

Every line, ours and the stdlib's, passes one formatter, whose last step before rendering masks
the credentials of any URL in any field (rtcc_common.redact)."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog

from rtcc_common.redact import mask_credentials_processor
from rtcc_common.settings import LogFormat


def configure_logging(
    *, log_format: LogFormat = "console", level: str = "INFO", stream: TextIO | None = None
) -> None:
    """Once per process, before its first event; `stream` is stderr unless given (tests)."""
    output = stream if stream is not None else sys.stderr
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: structlog.types.Processor
    if log_format == "json":
        renderer = structlog.processors.JSONRenderer()
        shared.append(structlog.processors.format_exc_info)
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=output.isatty())

    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(output)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                # Tracebacks become text first, so that a URL in an exception is masked too.
                structlog.processors.format_exc_info,
                mask_credentials_processor,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Their own handlers would print a second, unstructured copy of every line.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "grpc", "sqlalchemy", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # One line per outgoing HTTP request drowns the events that matter.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.stdlib.get_logger(name)
