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

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.components.sentences import sentence_of
from kg.extract.hits import Hit, hits
from kg.extract.vocab import Cues, vocabulary_at

WINDOW = 8
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def is_value(token: Token) -> bool:
    """A reported value: ``0.91``, ``95.2``, ``87`` followed by ``%``; not ``(1)`` or ``2021``."""
    if not token.like_num or not any(c.isdigit() for c in token.text) or _YEAR.match(token.text):
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

    def keep(self, doc: Doc, h: Hit, sent: Span, metric_spans: list[tuple[int, int]]) -> bool:
        lo, hi = max(sent.start, h.start - WINDOW), min(sent.end, h.end + WINDOW)
        if h.name in self.prose and h.start > 0 and doc[h.start - 1].lower_ in self.modifiers:
            after = doc[h.end : min(sent.end, h.end + 4)]
            return any(is_value(t) for t in after)
        if any(is_value(t) or t.text == "%" for t in doc[lo:hi]):
            return True
        if any(t.lower_ in self.cues for t in doc[max(sent.start, h.start - 4) : min(sent.end, h.end + 2)]):
            return True
        if any(p in doc[lo:hi].text.lower() for p in self.phrases):
            return True
        # a list of metrics: another metric within three tokens
        return any(0 < s - h.end <= 3 or 0 < h.start - e <= 3 for s, e in metric_spans)

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        metric_spans = [(h.start, h.end) for h in found if h.label == "Metric"]
        if not metric_spans:
            return doc
        kept: list[Hit] = []
        for h in found:
            if (
                h.label != "Metric"
                or h.proposed
                or h.source == "title"
                or self.keep(doc, h, sentence_of(doc, h.start), metric_spans)
            ):
                kept.append(h)
        found[:] = kept
        return doc


@Language.factory("kg_measure", default_config={"vocab_dir": ""})
def make_measure_filter(nlp: Language, name: str, vocab_dir: str) -> MeasureFilter:
    return MeasureFilter(vocabulary_at(vocab_dir).cues)
