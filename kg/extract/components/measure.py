"""``kg_measure``: a metric counts only when it is used as a measure.

"achieves a Dice of 0.91", "evaluated in terms of IoU and HD95" and "accuracy, precision and
recall" keep their metrics; "enhancing both the accuracy and reliability of predictions" and
"improves segmentation accuracy" do not. A metric mention is kept when, within a few tokens in
its sentence, there is a value (a number that is not an enumeration or a year), another metric
(a list of metrics), or a measuring cue (``cues.yaml: measure_cues``). Words that are also
ordinary prose (``accuracy``, ``precision``... in ``cues.yaml: prose_metrics``) after a modifier
("segmentation accuracy", "higher precision") additionally need a value right after them.
Proposed metrics (a paper's own) are always kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from kg.extract.components.arrays import digit_tokens, lower_hashes, orth_array, span_text
from kg.extract.components.fields import text_of
from kg.extract.components.sentences import sentence_bounds
from kg.extract.hits import Hit, hits
from kg.extract.lexical import like_num
from kg.extract.vocab import Cues, vocabulary_at

WINDOW = 8
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def is_value(token: Token) -> bool:
    """A reported value: ``0.91``, ``95.2``, ``87`` followed by ``%``; not ``(1)`` or ``2021``."""
    if not like_num(token.text) or not any(c.isdigit() for c in token.text) or _YEAR.match(token.text):
        return False
    doc = token.doc
    enumerated = (
        token.i > 0
        and doc[token.i - 1].text == "("
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text == ")"
    )
    return not enumerated


class MeasureFilter:
    def __init__(self, cues: Cues) -> None:
        self.cues = {c for c in cues["measure_cues"] if " " not in c}
        self.phrases = [c for c in cues["measure_cues"] if " " in c]
        self.prose = cues["prose_metrics"]
        self.modifiers = cues["prose_modifiers"]
        self.h_cues = frozenset(get_string_id(c) for c in self.cues)
        self.h_modifiers = frozenset(get_string_id(c) for c in self.modifiers)

    def keep(
        self, doc: Doc, h: Hit, sent: tuple[int, int], values: list[int], metric_spans: list[tuple[int, int]]
    ) -> bool:
        """Whether metric hit ``h`` is used as a measure; ``values``: sorted indices of value tokens."""
        lowers = lower_hashes(doc)
        s_start, s_end = sent
        lo, hi = max(s_start, h.start - WINDOW), min(s_end, h.end + WINDOW)
        if h.name in self.prose and h.start > 0 and lowers[h.start - 1] in self.h_modifiers:
            return _any_between(values, h.end, min(s_end, h.end + 4))
        if _any_between(values, lo, hi):
            return True
        if any(w in self.h_cues for w in lowers[max(s_start, h.start - 4) : min(s_end, h.end + 2)]):
            return True
        if self.phrases:
            window = span_text(doc, text_of(doc), lo, hi).lower()
            if any(p in window for p in self.phrases):
                return True
        # a list of metrics: another metric within three tokens
        return any(0 < s - h.end <= 3 or 0 < h.start - e <= 3 for s, e in metric_spans)

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        metric_spans = [(h.start, h.end) for h in found if h.label == "Metric"]
        if not metric_spans:
            return doc
        values = _value_tokens(doc)
        kept: list[Hit] = []
        for h in found:
            if (
                h.label != "Metric"
                or h.proposed
                or h.source == "title"
                or self.keep(doc, h, sentence_bounds(doc, h.start), values, metric_spans)
            ):
                kept.append(h)
        found[:] = kept
        return doc


def _value_tokens(doc: Doc) -> list[int]:
    """Indices of reported values and ``%`` signs, found from C-built arrays, not a token loop."""
    percent = get_string_id("%")
    pct = np.flatnonzero(orth_array(doc) == percent).tolist()
    return sorted({i for i in digit_tokens(doc) if is_value(doc[i])} | set(pct))


def _any_between(sorted_ints: list[int], lo: int, hi: int) -> bool:
    k = bisect_left(sorted_ints, lo)
    return k < len(sorted_ints) and sorted_ints[k] < hi


@Language.factory("kg_measure", default_config={"vocab_dir": ""})
def make_measure_filter(nlp: Language, name: str, vocab_dir: str) -> MeasureFilter:
    return MeasureFilter(vocabulary_at(vocab_dir).cues)
