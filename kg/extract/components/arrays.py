"""Per-Doc arrays, computed once with one ``Doc.to_array`` call (C speed) and cached on the Doc.

Creating a spaCy ``Token`` object costs far more than reading a list: components and the resolver
look up character offsets, lowercase forms and candidate tokens here instead of walking tokens in
Python. Lexeme flags (``IS_ALPHA``, ``LIKE_NUM``...) are deliberately not read with ``to_array``:
each flag column costs as much as the offsets; the few questions asked of token texts are answered
once per distinct word (memoised by its hash) instead.
"""

from __future__ import annotations

import re
from itertools import compress, count
from typing import Any

import numpy as np
from spacy.attrs import IDX, LENGTH, LOWER, ORTH
from spacy.tokens import Doc

_ARRAYS = "kg_arrays"
_CAPITALISED = "kg_capitalised"
_MIXED = "kg_mixed"
_DIGITS = "kg_digits"

# a word that is neither a plain word, punctuation nor a number: it may glue a name to a version
_MIXED_WORD = re.compile(r"[A-Za-z][\w.\-]*[\d\-][\w.\-]*")
_HAS_DIGIT = re.compile(r"\d")
# word hashes already tested, and those that are mixed / hold a digit; hashes are the same in every
# Vocab, so these sets serve the whole process
_seen_words: set[int] = set()
_mixed_words: set[int] = set()
_digit_words: set[int] = set()


class _Arrays:
    __slots__ = ("ends", "lower", "lowers", "orth", "orths", "starts")

    def __init__(self, doc: Doc) -> None:
        if len(doc):
            cols: Any = doc.to_array([IDX, LENGTH, LOWER, ORTH])
            idx = cols[:, 0]
            self.starts: list[int] = idx.tolist()
            self.ends: list[int] = (idx + cols[:, 1]).tolist()
            self.lower: Any = cols[:, 2]
            self.lowers: list[int] = self.lower.tolist()
            self.orth: Any = cols[:, 3]
            self.orths: list[int] = self.orth.tolist()
            doc.user_data[_CAPITALISED] = np.flatnonzero(cols[:, 2] != cols[:, 3]).tolist()
        else:
            self.starts, self.ends, self.lowers, self.orths = [], [], [], []
            self.orth = self.lower = np.zeros(0, dtype="uint64")
            doc.user_data[_CAPITALISED] = []


def _arrays(doc: Doc) -> _Arrays:
    found: _Arrays | None = doc.user_data.get(_ARRAYS)
    if found is None:
        found = doc.user_data[_ARRAYS] = _Arrays(doc)
    return found


def char_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """``(starts, ends)``: character offsets of every token."""
    a = _arrays(doc)
    return a.starts, a.ends


def lower_hashes(doc: Doc) -> list[int]:
    """The hash of every token's lowercase form (compare with ``doc.vocab.strings[word]``)."""
    return _arrays(doc).lowers


def lower_array(doc: Doc) -> Any:
    """The hash of every token's lowercase form, as a numpy array."""
    return _arrays(doc).lower


def orth_hashes(doc: Doc) -> list[int]:
    """The hash of every token's text (``doc.vocab.strings[h]`` is the token's text)."""
    return _arrays(doc).orths


def orth_array(doc: Doc) -> Any:
    """The hash of every token's text, as a numpy array (for vectorised comparisons)."""
    return _arrays(doc).orth


def span_text(doc: Doc, text: str, start: int, end: int) -> str:
    """The text of tokens ``start:end`` (without trailing space), cut from the cached text."""
    starts, ends = char_bounds(doc)
    return text[starts[start] : ends[end - 1]]


def capitalised_tokens(doc: Doc) -> list[int]:
    """Indices of tokens with an upper-case letter (the only ones that can be coined names)."""
    _arrays(doc)
    found: list[int] = doc.user_data[_CAPITALISED]
    return found


def _learn_words(doc: Doc, orths: list[int]) -> None:
    """Test each word hash not seen before in this process, with two regexes at most."""
    new = set(orths).difference(_seen_words)
    if not new:
        return
    strings = doc.vocab.strings
    for h in new:
        word = strings[h]
        if word.isalpha():
            continue  # most words: no digit, no hyphen, no regex needed
        if _MIXED_WORD.search(word) is not None:
            _mixed_words.add(h)
        if _HAS_DIGIT.search(word) is not None:
            _digit_words.add(h)
    _seen_words.update(new)


def _scan_words(doc: Doc) -> None:
    """Fill both lists below: set membership mapped over the token hashes (C speed); each distinct
    word is tested once per process."""
    orths = _arrays(doc).orths
    _learn_words(doc, orths)
    doc.user_data[_MIXED] = list(compress(count(), map(_mixed_words.__contains__, orths)))
    doc.user_data[_DIGITS] = list(compress(count(), map(_digit_words.__contains__, orths)))


def mixed_tokens(doc: Doc) -> list[int]:
    """Indices of tokens that start with a letter and hold a digit or a hyphen (``ResNet50``,
    ``BraTS-2021``, ``X-ray``): the only ones that can glue a name to a version."""
    if _MIXED not in doc.user_data:
        _scan_words(doc)
    found: list[int] = doc.user_data[_MIXED]
    return found


def digit_tokens(doc: Doc) -> list[int]:
    """Indices of tokens holding a digit (the only ones that can be reported values)."""
    if _DIGITS not in doc.user_data:
        _scan_words(doc)
    found: list[int] = doc.user_data[_DIGITS]
    return found
