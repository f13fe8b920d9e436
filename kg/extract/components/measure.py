"""``kg_measure``: a metric counts only when it is used as a measure.

"our method achieves a Dice of 0.91" and "evaluated in terms of IoU and HD95" keep their metrics;
"enhancing both the accuracy and reliability of predictions" does not. A metric mention is kept
when its sentence has a number or a measuring word (``cues.yaml: measure_words``), or when the
paper proposes it. Same-span clashes between a Metric and another label (``MAE`` the masked
autoencoder vs. the mean absolute error) are settled the same way.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.hits import Hit, hits
from kg.extract.vocab import Cues, vocabulary_at


class MeasureFilter:
    def __init__(self, cues: Cues) -> None:
        self.measure_words = cues["measure_words"]

    def _is_measured(self, sent: Span) -> bool:
        for t in sent:
            if (t.like_num and not t.text.isalpha()) or t.text == "%" or t.lower_ in self.measure_words:
                return True
        return "in terms of" in sent.text.lower()

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        verdicts: dict[int, bool] = {}
        kept: list[Hit] = []
        for h in found:
            if h.label != "Metric" or h.proposed or h.source == "title":
                kept.append(h)
                continue
            sent = doc[h.start].sent
            if sent.start not in verdicts:
                verdicts[sent.start] = self._is_measured(sent)
            if verdicts[sent.start]:
                kept.append(h)
        found[:] = kept
        return doc


@Language.factory("kg_measure", default_config={"vocab_dir": ""})
def make_measure_filter(nlp: Language, name: str, vocab_dir: str) -> MeasureFilter:
    return MeasureFilter(vocabulary_at(vocab_dir).cues)
