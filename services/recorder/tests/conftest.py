from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

import rtcc_camera_registry
from rtcc_camera_registry.server import build_server as build_registry
from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_cli.camsim import CameraSimulator
from rtcc_common.testing import running_service
from rtcc_recorder.testing import RegistryCameras, small_camera

REGISTRY_MIGRATIONS = Path(rtcc_camera_registry.__file__).parent / "migrations"


@pytest.fixture
def cameras() -> Iterator[CameraSimulator]:
    with CameraSimulator([small_camera("cam1"), small_camera("cam2")], port=0) as sim:
        yield sim


@pytest.fixture
async def registry(tmp_path: Path) -> AsyncIterator[RegistryCameras]:
    """The real camera registry on a free port, with a database of its own."""
    settings = RegistrySettings(
        data_dir=tmp_path / "registry",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'registry.sqlite'}",
        stream_allowed_networks=["127.0.0.0/8"],  # the simulated cameras on this host
    )
    async with running_service(
        settings, build_registry, migrations_dir=REGISTRY_MIGRATIONS
    ) as running:
        yield RegistryCameras(address=running.address)
