"""The extraction stage: one small base class with one method."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from kg.model import Extraction, Paper


class Extractor(ABC):
    """Finds entities, with their evidence, in papers' titles and abstracts."""

    #: recorded on every edge as the evidence's ``extractor``
    version: str

    @abstractmethod
    def extract(self, papers: Sequence[Paper]) -> list[Extraction]:
        """One :class:`Extraction` per paper, in the same order."""
