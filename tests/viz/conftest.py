"""Fixtures for the view tests: the sample graph in a real store, the real API app serving the
explorer on a free 127.0.0.1 port, and Debian's headless Chromium (browser tests skip without it)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import GraphStore, open_store
from viz.headless import CHROMIUM, chromium_available

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "viz"


def _copy_store(source: Path, target: Path) -> Path:
    """Copy a LadybugDB store (its file and any write-ahead log beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for sibling in source.parent.glob(source.name + "*"):
        shutil.copy2(sibling, target.parent / (target.name + sibling.name[len(source.name):]))
    return target


@pytest.fixture(scope="session")
def viz_sample_store(sample_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the suite's sample store (built once per session in tests/conftest.py)."""
    return _copy_store(sample_store_path, tmp_path_factory.mktemp("viz-sample") / "graph.lbug")


@pytest.fixture(scope="session")
def sample_graph(viz_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A read-only store over a private copy of the sample graph."""
    path = _copy_store(viz_sample_store, tmp_path_factory.mktemp("viz-ro") / "graph.lbug")
    with open_store(str(path), read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def sample_store_copy(viz_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another private copy, for code that opens the store itself (the CLI, the API app)."""
    return _copy_store(viz_sample_store, tmp_path_factory.mktemp("viz-cli") / "graph.lbug")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept (tests/artifacts/viz, gitignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium() -> None:
    if not chromium_available():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
