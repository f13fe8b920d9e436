"""Per-Doc arrays, computed once with ``Doc.to_array`` (C speed) and cached on the Doc.

Creating a spaCy ``Token`` object costs far more than reading a list: components and the resolver
look up character offsets and lowercase forms here instead of walking tokens in Python.
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH, LOWER
from spacy.tokens import Doc

_CHARS = "kg_chars"
_LOWERS = "kg_lowers"


def char_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """``(starts, ends)``: character offsets of every token."""
    cached: tuple[list[int], list[int]] | None = doc.user_data.get(_CHARS)
    if cached is None:
        if len(doc):
            idx = doc.to_array(IDX)
            starts, ends = idx.tolist(), (idx + doc.to_array(LENGTH)).tolist()
        else:
            starts, ends = [], []
        cached = doc.user_data[_CHARS] = (starts, ends)
    return cached


def lower_hashes(doc: Doc) -> list[int]:
    """The hash of every token's lowercase form (compare with ``doc.vocab.strings[word]``)."""
    cached: list[int] | None = doc.user_data.get(_LOWERS)
    if cached is None:
        cached = doc.user_data[_LOWERS] = doc.to_array(LOWER).tolist() if len(doc) else []
    return cached


def span_text(doc: Doc, text: str, start: int, end: int) -> str:
    """The text of tokens ``start:end`` (without trailing space), cut from the cached text."""
    starts, ends = char_bounds(doc)
    return text[starts[start] : ends[end - 1]]
