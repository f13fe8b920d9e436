"""Helpers for extractor tests: run the default extractor on hand-made papers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.extract import default_extractor
from kg.model import Extraction, Paper

Extract = Callable[..., Extraction]


@pytest.fixture(scope="session")
def extract() -> Extract:
    """``extract(abstract, title="A study")`` -> the Extraction of one hand-made paper."""
    extractor = default_extractor()

    def run(abstract: str, title: str = "A study of medical images") -> Extraction:
        return extractor.extract([Paper(id="t", title=title, abstract=abstract)])[0]

    return run


def names(extraction: Extraction, label: str, role: str | None = None) -> set[str]:
    """Canonical names of one type (and role) in an extraction."""
    return {e.name for e in extraction.entities if e.type == label and (role is None or e.role == role)}
