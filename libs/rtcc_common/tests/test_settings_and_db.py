"""Settings fall back to suite-wide variables; each service's database migrates on both backends."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text

from rtcc_common.db import create_engine
from rtcc_common.migrations import upgrade_to_head
from rtcc_common.settings import ServiceSettings


class ExampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RTCC_EXAMPLE_", extra="ignore")
    service_name = "example"


def test_database_defaults_to_sqlite_file_in_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("RTCC_DATABASE_URL", raising=False)
    monkeypatch.setenv("RTCC_DATA_DIR", str(tmp_path))
    settings = ExampleSettings()
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/db/example.sqlite"


def test_prefixed_variable_wins_over_suite_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTCC_DATABASE_URL", "postgresql+asyncpg://suite/db")
    assert ExampleSettings().database_url == "postgresql+asyncpg://suite/db"
    monkeypatch.setenv("RTCC_EXAMPLE_DATABASE_URL", "postgresql+asyncpg://own/db")
    assert ExampleSettings().database_url == "postgresql+asyncpg://own/db"


def test_invalid_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTCC_EXAMPLE_GRPC_PORT", "not-a-port")
    with pytest.raises(ValueError, match="grpc_port"):
        ExampleSettings()


MIGRATIONS = Path(__file__).parent / "migrations_fixture"


async def test_migrations_create_tables_in_the_service_schema(database_url: str) -> None:
    engine = create_engine(database_url, schema="example")
    await upgrade_to_head(engine, migrations_dir=MIGRATIONS, schema="example")
    # Running again is a no-op: a restarted service finds its schema current.
    await upgrade_to_head(engine, migrations_dir=MIGRATIONS, schema="example")
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO widget (name) VALUES ('a')"))
        count = (await conn.execute(text("SELECT count(*) FROM widget"))).scalar_one()
        if engine.dialect.name == "postgresql":
            schema = (
                await conn.execute(
                    text(
                        "SELECT table_schema FROM information_schema.tables"
                        " WHERE table_name = 'widget'"
                    )
                )
            ).scalar_one()
            assert schema == "example"
    assert count == 1
    await engine.dispose()


async def test_instances_starting_together_migrate_once(database_url: str) -> None:
    engines = [create_engine(database_url, schema="example") for _ in range(4)]
    await asyncio.gather(
        *(upgrade_to_head(e, migrations_dir=MIGRATIONS, schema="example") for e in engines)
    )
    async with engines[0].begin() as conn:
        versions = (await conn.execute(text("SELECT count(*) FROM alembic_version"))).scalar_one()
    assert versions == 1
    for engine in engines:
        await engine.dispose()
