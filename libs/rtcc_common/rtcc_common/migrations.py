"""Alembic, driven from code: each service keeps its revisions in `<package>/migrations/`.

A service's `migrations/env.py` is one call to `run_env(metadata)`; `upgrade_to_head` runs at
start-up, so a fresh database and an old one both end at the current schema. Several instances
of a service starting together take turns: the first migrates, the others find it done.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import importlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from rtcc_common.db import create_engine, ensure_schema


def _config(migrations_dir: Path, connection: Connection, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["connection"] = connection
    config.attributes["schema"] = schema
    return config


def run_env(metadata: MetaData) -> None:
    """The whole body of a service's migrations/env.py."""
    connection: Connection = context.config.attributes["connection"]
    schema: str = context.config.attributes["schema"]
    postgres = connection.dialect.name == "postgresql"
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema if postgres else None,
        render_as_batch=not postgres,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def upgrade_to_head(engine: AsyncEngine, *, migrations_dir: Path, schema: str) -> None:
    async with _migration_lock(engine, schema):
        await ensure_schema(engine, schema)
        async with engine.begin() as conn:
            await conn.run_sync(
                lambda sync_conn: command.upgrade(
                    _config(migrations_dir, sync_conn, schema), "head"
                )
            )


@asynccontextmanager
async def _migration_lock(engine: AsyncEngine, schema: str) -> AsyncIterator[None]:
    """One migrator at a time per schema: an advisory lock on PostgreSQL, a lock file beside
    the SQLite file (SQLite's own locking lets two migrators both see an empty database)."""
    if engine.dialect.name == "postgresql":
        key = {"key": f"rtcc-migrations:{schema}"}
        async with engine.connect() as conn:
            await conn.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), key)
            try:
                yield
            finally:
                await conn.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), key)
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock_fd = await asyncio.to_thread(os.open, f"{database}.migrate.lock", os.O_CREAT | os.O_RDWR)
    try:
        await asyncio.to_thread(fcntl.flock, lock_fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock_fd)  # releases the lock


TEMPLATE = Path(__file__).parent / "migration_template" / "script.py.mako"


@contextmanager
def _shared_template(migrations_dir: Path) -> Iterator[None]:
    """Alembic renders new revisions from `script.py.mako` in the migrations folder; every
    service uses the one template, put there only while a revision is written."""
    target = migrations_dir / "script.py.mako"
    shutil.copyfile(TEMPLATE, target)
    try:
        yield
    finally:
        target.unlink()


async def _autogenerate(package: str, schema: str, message: str) -> None:
    """Write a new revision from the difference between the models and the current revisions."""
    module = importlib.import_module(f"{package}.models")
    del module  # imported for its tables
    migrations_dir = Path(importlib.import_module(package).__file__ or "").parent / "migrations"
    with tempfile.TemporaryDirectory() as tmp, _shared_template(migrations_dir):
        engine = create_engine(f"sqlite+aiosqlite:///{tmp}/db.sqlite", schema=schema)
        await upgrade_to_head(engine, migrations_dir=migrations_dir, schema=schema)
        async with engine.begin() as conn:
            await conn.run_sync(
                lambda sync_conn: command.revision(
                    _config(migrations_dir, sync_conn, schema), message=message, autogenerate=True
                )
            )
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a new migration for a service.")
    parser.add_argument("package", help="the service package, e.g. rtcc_camera_registry")
    parser.add_argument("-m", "--message", required=True)
    args = parser.parse_args()
    schema = args.package.removeprefix("rtcc_")
    asyncio.run(_autogenerate(args.package, schema, args.message))


if __name__ == "__main__":
    main()
