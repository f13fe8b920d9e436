"""Fixtures of the CLI end-to-end tests (the runner itself is in :mod:`kg_runner`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kg_runner import Run, run_kg


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """The sample corpus built once per test module with ``kg build``: (store path, the build run)."""
    store = tmp_path_factory.mktemp("cli-store") / "graph.lbug"
    build = run_kg("build", store=store)
    assert build.code == 0, build.err
    return store, build
