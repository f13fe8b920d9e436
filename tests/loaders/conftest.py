"""Fixtures of the loader tests (the helpers themselves are in :mod:`loader_data`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_data import DATA


@pytest.fixture
def data_dir() -> Path:
    return DATA
