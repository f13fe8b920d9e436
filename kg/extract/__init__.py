"""Entity extraction: papers in, :class:`kg.model.Extraction` records (entities + evidence) out.

>>> extractor = default_extractor()
>>> extractor is default_extractor()
True
"""

from __future__ import annotations

from functools import cache

from kg.extract.base import Extractor

__all__ = ["Extractor", "default_extractor"]


@cache
def default_extractor() -> Extractor:
    """The project's extractor (built once per process: loading vocabularies takes a moment)."""
    from kg.extract.spacy_extractor import SpacyExtractor

    return SpacyExtractor()
