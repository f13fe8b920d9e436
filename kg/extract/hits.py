"""What pipeline components leave on a Doc: :class:`Hit` records in ``doc._.kg_hits``.

A hit is one mention: a token span, the label and canonical name it resolves to, how it was found
(``source``), a confidence, and whether it names the paper's own contribution (``proposed``).
Later components add, drop or re-type hits; the extractor turns the survivors of a paper's title
and abstract into :class:`kg.model.ExtractedEntity` records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from spacy.tokens import Doc

HITS_ATTR = "kg_hits"
ABBR_ATTR = "kg_abbreviations"

if not Doc.has_extension(HITS_ATTR):
    Doc.set_extension(HITS_ATTR, default=None)
if not Doc.has_extension(ABBR_ATTR):
    Doc.set_extension(ABBR_ATTR, default=None)

#: how much each way of finding a mention is trusted, before context adjusts it
SOURCE_CONFIDENCE = {
    "vocab": 0.95,
    "definition": 0.85,
    "variant": 0.9,
    "context": 0.75,
    "proposed": 0.85,
    "title": 0.85,
    "shape": 0.6,
}


@dataclass(slots=True)
class Hit:
    """One mention of an entity (or of a generic family) in a Doc."""

    start: int  # token offsets
    end: int
    label: str  # Model, Dataset, ... or Generic
    name: str  # canonical name
    source: str
    confidence: float
    proposed: bool = False
    parent: str | None = None  # VARIANT_OF / VERSION_OF target
    exact: bool = False  # matched under exact case
    alias: str | None = None  # another surface form seen for it (an abbreviation's long form)
    weak: bool = False  # a form also said in passing: needs the paper's own-work context
    inner: bool = False  # inside the long form of a newly defined name ("Segment Anything Small (SAS)")

    @property
    def length(self) -> int:
        return self.end - self.start


# where spaCy keeps a Doc extension's value; read directly because every ``doc._`` access builds
# an ``Underscore`` object, a cost paid dozens of times per paper
_HITS_KEY = ("._.", HITS_ATTR, None, None)
_ABBR_KEY = ("._.", ABBR_ATTR, None, None)


def hits(doc: Doc) -> list[Hit]:
    """The Doc's hit list (``doc._.kg_hits``), created on first use."""
    data: dict[Any, Any] = doc.user_data
    found: list[Hit] | None = data.get(_HITS_KEY)
    if found is None:
        found = data[_HITS_KEY] = []
    return found


def definitions(doc: Doc) -> list[Any]:
    """The abbreviation definitions found in the Doc (``doc._.kg_abbreviations``), or []."""
    data: dict[Any, Any] = doc.user_data
    found: list[Any] | None = data.get(_ABBR_KEY)
    return found or []


def set_definitions(doc: Doc, found: list[Any]) -> None:
    data: dict[Any, Any] = doc.user_data
    data[_ABBR_KEY] = found


def covered(found: Iterable[Hit]) -> set[int]:
    """Token indices covered by any hit."""
    out: set[int] = set()
    for h in found:
        out.update(range(h.start, h.end))
    return out


def longest_first(found: Iterable[Hit]) -> list[Hit]:
    """Keep non-overlapping hits, preferring longer spans, then exact-case, then trust.

    >>> a = Hit(0, 2, "Model", "Mask R-CNN", "vocab", 0.9)
    >>> b = Hit(1, 2, "Model", "R-CNN", "vocab", 0.9)
    >>> [h.name for h in longest_first([b, a])]
    ['Mask R-CNN']
    """
    ordered = sorted(found, key=_start)
    if _disjoint(ordered):
        return ordered  # the usual case once the vocabulary's overlaps are settled: nothing to rank
    # hits tied on every rank key keep their input order either way (both sorts are stable)
    ranked = sorted(ordered, key=_rank)
    # one flag byte per token: ``find`` over a bytearray slice runs in C, unlike set arithmetic
    taken = bytearray(max(h.end for h in ranked) + 1)
    kept: list[Hit] = []
    for h in ranked:
        if taken.find(1, h.start, h.end) == -1:
            kept.append(h)
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
    kept.sort(key=_start)
    return kept


def _disjoint(ordered: list[Hit]) -> bool:
    """No two hits (sorted by start, none empty) share a token: all would be kept as they are."""
    end = 0
    for h in ordered:
        if h.start < end or h.end <= h.start:
            return False
        end = h.end
    return True


def _rank(h: Hit) -> tuple[int, bool, float, int]:
    return (h.start - h.end, not h.exact, -h.confidence, h.start)


_start = attrgetter("start")  # a C-level key function
