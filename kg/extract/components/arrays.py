"""Per-Doc arrays, computed once with ``Doc.to_array`` (C speed) and cached on the Doc.

Creating a spaCy ``Token`` object costs far more than reading a list: components and the resolver
look up character offsets and lowercase forms here instead of walking tokens in Python.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LENGTH, LIKE_NUM, LOWER, ORTH
from spacy.tokens import Doc

_CHARS = "kg_chars"
_LOWERS = "kg_lowers"
_CAPITALISED = "kg_capitalised"
_MIXED = "kg_mixed"


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


def _flags(doc: Doc) -> None:
    """Fill the two candidate index lists below from one ``to_array`` call."""
    if not len(doc):
        doc.user_data[_CAPITALISED] = doc.user_data[_MIXED] = []
        return
    cols = doc.to_array([ORTH, LOWER, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM])
    doc.user_data[_CAPITALISED] = np.flatnonzero(cols[:, 0] != cols[:, 1]).tolist()
    plain = cols[:, 2:6].sum(axis=1)
    doc.user_data[_MIXED] = np.flatnonzero(plain == 0).tolist()


def capitalised_tokens(doc: Doc) -> list[int]:
    """Indices of tokens with an upper-case letter (the only ones that can be coined names)."""
    if _CAPITALISED not in doc.user_data:
        _flags(doc)
    found: list[int] = doc.user_data[_CAPITALISED]
    return found


def mixed_tokens(doc: Doc) -> list[int]:
    """Indices of tokens that are neither plain words, punctuation, space nor numbers
    (``ResNet50``, ``BraTS-2021``, ``X-ray``): the only ones that can glue a name to a version."""
    if _MIXED not in doc.user_data:
        _flags(doc)
    found: list[int] = doc.user_data[_MIXED]
    return found
