"""``kg_sentences``: rule-based sentence boundaries, fast, with an index for lookups.

A sentence ends after a ``.``, ``!`` or ``?`` token; the title is its own sentence (its end is
where the abstract starts). Boundaries are found with one set-membership pass over the token
hashes and written to the Doc (``doc.sents`` works as usual); components look sentences up with
:func:`sentence_of`, a binary search, because ``token.sent`` rescans the Doc on every call.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress, count
from typing import Any

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from kg.extract.components.arrays import orth_hashes
from kg.extract.components.fields import abstract_start

SENT_STARTS = "kg_sent_starts"
_ENDERS = (".", "!", "?")
_ENDER_HASHES = frozenset(get_string_id(e) for e in _ENDERS)


def sentence_starts(doc: Doc) -> list[int]:
    starts: list[int] | None = doc.user_data.get(SENT_STARTS)
    return starts if starts is not None else [0]


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """``(start, end)`` token offsets of the sentence holding token ``i``."""
    starts = sentence_starts(doc)
    k = bisect_right(starts, i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return starts[k], end


def sentence_of(doc: Doc, i: int) -> Span:
    start, end = sentence_bounds(doc, i)
    return doc[start:end]


def sentences(doc: Doc) -> list[Span]:
    starts = sentence_starts(doc)
    ends = [*starts[1:], len(doc)]
    return [doc[s:e] for s, e in zip(starts, ends, strict=True) if e > s]


@Language.component("kg_sentences")
def split_sentences(doc: Doc) -> Doc:
    if len(doc) == 0:
        doc.user_data[SENT_STARTS] = [0]
        return doc
    orths = orth_hashes(doc)
    # set membership mapped over the hash list (C speed); the last token starts no sentence
    starts = set(compress(count(1), map(_ENDER_HASHES.__contains__, orths[:-1])))
    starts.add(0)
    first_abstract = abstract_start(doc)
    if first_abstract < len(doc):
        starts.add(first_abstract)
    ordered = sorted(s for s in starts if s < len(doc))
    doc.user_data[SENT_STARTS] = ordered
    flags = np.full(len(doc), -1, dtype="int32")
    flags[ordered] = 1
    column: Any = flags.reshape(-1, 1).astype("uint64")  # spaCy's Ints2d: a (tokens, 1) array
    doc.from_array([SENT_START], column)
    return doc
