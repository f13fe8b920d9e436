"""``kg_discover``: names beyond the vocabulary, typed by their context.

A candidate is a name-shaped token (CamelCase, several capitals, letters with digits, hyphenated
with capitals) that no vocabulary entry, definition or stop word claims. Its type comes from:

* the words after it: ``X dataset/benchmark/challenge`` -> Dataset, ``X network/backbone/-based``
  -> Model; coordinated lists share the cue (``X, Y and Z datasets``);
* the words before it: ``trained/evaluated on X`` -> Dataset, ``compared with/outperforms X`` -> Model;
* a coordinated neighbour already typed (``U-Net, CMUNeXt and EGE-UNet``);
* the name's own morphology (``...Net``, ``...Former``, ``...-Bench``).

Untyped candidates are kept as ``Candidate`` hits: the proposed-name detector may still claim them
(``we propose FoB``); the extractor drops any that stay untyped.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.hits import SOURCE_CONFIDENCE, Hit, covered, hits, longest_first
from kg.extract.shapes import is_name_shaped, morphology_label
from kg.extract.vocab import Cues, Vocabulary, vocabulary_at

_WORDISH = re.compile(r"(?<![\w\-+.])[A-Za-z0-9][A-Za-z0-9\-+_.&]*[A-Za-z0-9+](?![\w\-])")
_LIST_GLUE = {",", "and", "or", "&", "as", "well", "/"}
_NOT_DATASET_ON = {"based", "built", "relies", "rely", "depends", "depend", "focus", "focuses", "focused"}
# Title-case phrases ending in one of these name a dataset ("Aphasia Recovery Cohort")
_DATASET_HEADS = {"dataset", "challenge", "benchmark", "cohort", "database", "decathlon", "archive"}


class CandidateDiscoverer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.stop = vocabulary.stop
        self.cues: Cues = vocabulary.cues
        # single words the vocabulary knows: "MR-CT" or "CT-MRI" are two known words, not a new name
        self.known_words = {
            form.lower() for term in vocabulary.terms for form, _ in term.surfaces() if " " not in form
        } | {s.lower() for s in vocabulary.stop}

    def _compound_of_known(self, text: str) -> bool:
        parts = text.split("-")
        return len(parts) > 1 and all(p.lower() in self.known_words for p in parts)

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        taken = covered(found)
        new: list[Hit] = []
        for m in _WORDISH.finditer(doc.text):
            text = m.group()
            if text in self.stop or not is_name_shaped(text) or self._compound_of_known(text):
                continue
            span = doc.char_span(m.start(), m.end())
            if span is None or span.start in taken or len(span) != 1:
                continue
            label, why = self._type(doc, span.start, found)
            conf = SOURCE_CONFIDENCE["context"] if why == "context" else SOURCE_CONFIDENCE["shape"]
            new.append(Hit(span.start, span.end, label, _singular_name(text), why, conf, exact=True))
        if new:
            found.extend(new)
            self._spread_along_lists(doc, found)
            found[:] = longest_first(found)
        return doc

    def _type(self, doc: Doc, i: int, found: list[Hit]) -> tuple[str, str]:
        after = self._label_after(doc, i)
        if after:
            return after, "context"
        before = self._label_before(doc, i)
        if before:
            return before, "context"
        shape = morphology_label(doc[i].text)
        if shape:
            return shape, "shape"
        return "Candidate", "shape"

    def _label_after(self, doc: Doc, i: int) -> str | None:
        """Cue words after the candidate, skipping a coordinated list (``X, Y and Z datasets``)."""
        j = i + 1
        end = min(len(doc), i + 14)
        while j < end:
            t = doc[j]
            low = t.lower_
            if low in _LIST_GLUE or is_name_shaped(t.text) or t.text in ("(", ")"):
                j += 1
                continue
            two = f"{low} {doc[j + 1].lower_}" if j + 1 < len(doc) else low
            if low in self.cues["dataset_after"] or two in self.cues["dataset_after"]:
                return "Dataset"
            if low in self.cues["model_after"] and j == i + 1:
                return "Model"
            return None
        return None

    def _label_before(self, doc: Doc, i: int) -> str | None:
        if i == 0:
            return None
        prev = doc[i - 1].lower_
        prev2 = doc[i - 2].lower_ if i >= 2 else ""
        if prev in ("on", "from") and prev2 not in _NOT_DATASET_ON:
            sent = doc[i].sent
            if any(t.lower_ in self.cues["dataset_verbs"] for t in sent):
                return "Dataset"
        model_before = self.cues["model_before"]
        if prev in model_before or (prev in ("with", "to") and prev2 in model_before):
            return "Model"
        if prev == "as" and prev2 == "such":
            return None
        return None

    @staticmethod
    def _spread_along_lists(doc: Doc, found: list[Hit]) -> None:
        """Untyped candidates coordinated with a typed Model/Dataset mention take its type."""
        by_start = {h.start: h for h in found}
        for h in found:
            if h.label != "Candidate":
                continue
            for step in (-1, 1):
                j = h.start - 1 if step < 0 else h.end
                while 0 <= j < len(doc) and doc[j].lower_ in _LIST_GLUE:
                    j += step
                other = by_start.get(j)
                if other is None and step < 0:
                    other = next((o for o in found if o.end == j + 1), None)
                if other is not None and other.label in ("Model", "Dataset"):
                    h.label, h.source = other.label, "context"
                    h.confidence = SOURCE_CONFIDENCE["context"] - 0.05
                    break


def _singular_name(text: str) -> str:
    if len(text) > 3 and text.endswith("s") and text[-2].isupper():
        return text[:-1]
    return text


@Language.factory("kg_discover", default_config={"vocab_dir": ""})
def make_candidate_discoverer(nlp: Language, name: str, vocab_dir: str) -> CandidateDiscoverer:
    return CandidateDiscoverer(vocabulary_at(vocab_dir))
