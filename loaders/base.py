"""The loader stage: one small base class with one method.

A loader reads one listing file into :class:`kg.model.Paper` records. It never raises on a bad
record: it reports a :class:`kg.model.LoadIssue` naming the file, line and reason, and goes on,
so every good record still loads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from pathlib import Path
from typing import ClassVar

from kg.model import LoadResult


class Loader(ABC):
    """Reads one listing format."""

    #: the name used by ``--format`` and in each paper's sources
    format: ClassVar[str]

    @abstractmethod
    def load(self, path: Path, *, reference_date: date | None = None) -> LoadResult:
        """Read ``path``; ``reference_date`` resolves dates written without a year."""
