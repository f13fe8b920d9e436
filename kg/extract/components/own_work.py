"""``kg_own_work``: forms said in passing count only where the paper talks about its own work.

"segmentation is crucial for cervical cancer diagnosis" does not make the paper a classification
paper, nor does "feature alignment" make it a registration paper. Hits from a term's ``weak``
forms (``tasks.yaml``) are kept only in the title or in a sentence with an own-work cue
(``we``, ``our``, ``this paper``, ``propose``... in ``cues.yaml: own_work``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from kg.extract.components.arrays import lower_hashes, span_text
from kg.extract.components.fields import abstract_start, text_of
from kg.extract.components.sentences import sentence_bounds
from kg.extract.hits import hits
from kg.extract.vocab import Cues, vocabulary_at


class OwnWorkFilter:
    def __init__(self, cues: Cues) -> None:
        words = cues["own_work"]
        self.words = {w for w in words if " " not in w}
        self.phrases = [w for w in words if " " in w]
        self.h_words = frozenset(get_string_id(w) for w in self.words)

    def _own(self, doc: Doc, start: int, end: int) -> bool:
        if not self.h_words.isdisjoint(lower_hashes(doc)[start:end]):
            return True
        low = span_text(doc, text_of(doc), start, end).lower()
        return any(p in low for p in self.phrases)

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        if not any(h.weak for h in found):
            return doc
        title_end = abstract_start(doc)
        verdicts: dict[int, bool] = {}
        kept = []
        for h in found:
            if h.weak and h.start >= title_end:
                start, end = sentence_bounds(doc, h.start)
                if start not in verdicts:
                    verdicts[start] = self._own(doc, start, end)
                if not verdicts[start]:
                    continue
            kept.append(h)
        found[:] = kept
        return doc


@Language.factory("kg_own_work", default_config={"vocab_dir": ""})
def make_own_work_filter(nlp: Language, name: str, vocab_dir: str) -> OwnWorkFilter:
    return OwnWorkFilter(vocabulary_at(vocab_dir).cues)
