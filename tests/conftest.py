from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.suite import RunningSuite, start_suite


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSuite]:
    """`rtcc up` with its embedded defaults (SQLite), shared by the tests of one module."""
    running = start_suite(tmp_path_factory.mktemp("suite") / "data")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


@pytest.fixture
def fresh_data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
