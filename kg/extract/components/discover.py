"""``kg_discover``: names beyond the vocabulary, typed by their context.

A candidate is a name-shaped token (CamelCase, several capitals, letters with digits, hyphenated
with capitals) that no vocabulary entry, definition or stop word claims. Its type comes from:

* the words after it: ``X dataset/benchmark/challenge`` (also ``the OASIS-1 brain imaging
  dataset``) -> Dataset, ``X network/backbone/-based`` -> Model; a coordinated list shares the cue
  (``LA, Pancreas-CT and BraTS datasets``);
* the words before it: ``trained/evaluated on X`` -> Dataset, ``compared with/outperforms X`` ->
  Model, a list introduced by its category (``four datasets, PH2, Derm7pt, BrEaST and SkinCon``,
  ``lightweight networks, such as MedT, CMUNeXt``);
* a coordinated neighbour already typed (``U-Net, CMUNeXt and EGE-UNet``);
* the name's own morphology (``...Net``, ``...Former``, ``...-Bench``).

A plain capitalised word is a candidate only in ``the X dataset`` (``the Chaksu dataset``).
Untyped candidates are kept as ``Candidate`` hits: the proposed-name detector may still claim them
(``we propose FoB``); the extractor drops any that stay untyped.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components.fields import text_of
from kg.extract.components.sentences import sentence_bounds, sentence_of
from kg.extract.hits import SOURCE_CONFIDENCE, Hit, covered, hits, longest_first
from kg.extract.shapes import is_name_shaped, morphology_label
from kg.extract.vocab import Cues, Vocabulary, vocabulary_at

# a word with a capital or a digit somewhere (lowercase words cannot be names): one C-speed scan
_WORDISH = re.compile(
    r"(?<![\w\-+.])(?=[A-Za-z0-9])[a-z0-9\-+_.&]*[A-Z0-9][A-Za-z0-9\-+_.&]*[A-Za-z0-9+](?![\w\-])"
)
_CAPITAL_WORD = re.compile(r"^[A-Z][a-z]{2,}[a-z0-9]*$")
_LIST_GLUE = {",", "and", "or", "&", "/", "as", "well"}
_LIST_INTRO = {":", ",", "(", "including", "include", "includes", "e.g.", "e.g", "namely", "like", "as", "i.e."}
_NOT_DATASET_ON = {"based", "built", "relies", "rely", "depends", "depend", "focus", "focuses", "focused"}
_DATASET_CATEGORY = {"dataset", "datasets", "benchmark", "benchmarks", "databases", "cohorts", "challenges",
                     "collections", "corpora"}
_MODEL_CATEGORY = {"networks", "models", "methods", "architectures", "backbones", "baselines", "approaches",
                   "frameworks", "detectors", "segmenters", "encoders", "algorithms", "variants", "techniques",
                   "competitors", "counterparts"}
_ENTITY_LABELS = {"Model", "Dataset", "Candidate"}


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
        members = {i for h in found if h.label in _ENTITY_LABELS for i in range(h.start, h.end)}
        spans = []
        for m in _WORDISH.finditer(text_of(doc)):
            text = m.group()
            if text in self.stop or text.startswith("non-"):
                continue
            shaped = is_name_shaped(text)
            if not shaped and not _CAPITAL_WORD.match(text):
                continue
            span = doc.char_span(m.start(), m.end())
            if span is None or span.start in taken or len(span) != 1:
                continue
            spans.append((span.start, text, shaped))
            if shaped:
                members.add(span.start)
        new: list[Hit] = []
        for i, text, shaped in spans:
            label, why = self._type(doc, i, members)
            if not shaped and not (label == "Dataset" and self._the_x_dataset(doc, i)):
                continue
            if self._compound_of_known(text) and not self._in_list(doc, i):
                continue  # "MR-CT", "T1-T2": two known words, unless listed among datasets
            conf = SOURCE_CONFIDENCE["context"] if why == "context" else SOURCE_CONFIDENCE["shape"]
            new.append(Hit(i, i + 1, label, _singular_name(text), why, conf, exact=True))
        found.extend(new)
        self._retype_defined(doc, found)
        self._spread_along_lists(doc, found)
        found[:] = longest_first(found)
        return doc

    def _type(self, doc: Doc, i: int, members: set[int]) -> tuple[str, str]:
        label = self._label_after(doc, i, members) or self._label_before(doc, i, members)
        if label:
            return label, "context"
        shape = morphology_label(doc[i].text)
        if shape:
            return shape, "shape"
        return "Candidate", "shape"

    @staticmethod
    def _in_list(doc: Doc, i: int) -> bool:
        before = doc[i - 1].lower_ if i > 0 else ""
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        return before in (",", "and", "or") or after in (",", "and", "or")

    def _the_x_dataset(self, doc: Doc, i: int) -> bool:
        """``the Chaksu dataset``: a capitalised word between "the" and a dataset word."""
        return (
            i > 0 and doc[i - 1].lower_ == "the" and i + 1 < len(doc)
            and doc[i + 1].lower_ in self.cues["dataset_after"] and sentence_bounds(doc, i)[0] != i
        )

    def _label_after(self, doc: Doc, i: int, members: set[int]) -> str | None:
        """Cue words after the candidate, skipping a coordinated list (``X, Y and Z datasets``)
        and a few modifiers (``the OASIS-1 brain imaging dataset``)."""
        j = i + 1
        end = min(len(doc), i + 16)
        while j < end and (j in members or doc[j].lower_ in _LIST_GLUE):
            j += 1
        k = j
        while k < min(len(doc), j + 3) and doc[k].is_lower and doc[k].is_alpha and not doc[k].is_stop:
            if doc[k].lower_ in self.cues["dataset_after"]:
                break
            k += 1
        if k < len(doc):
            low = doc[k].lower_
            two = f"{low} {doc[k + 1].lower_}" if k + 1 < len(doc) else low
            if low in self.cues["dataset_after"] or two in self.cues["dataset_after"]:
                return "Dataset"
        if j == i + 1 and j < len(doc) and doc[j].lower_ in self.cues["model_after"]:
            return "Model"
        return None

    def _label_before(self, doc: Doc, i: int, members: set[int]) -> str | None:
        if i == 0:
            return None
        prev = doc[i - 1].lower_
        prev2 = doc[i - 2].lower_ if i >= 2 else ""
        if prev in ("on", "from") and prev2 not in _NOT_DATASET_ON:
            if any(t.lower_ in self.cues["dataset_verbs"] for t in sentence_of(doc, i)):
                return "Dataset"
        model_before = self.cues["model_before"]
        if prev in model_before - {"such", "like", "including", "include", "includes"} or (
            prev in ("with", "to") and prev2 in model_before
        ):
            return "Model"
        return self._list_category(doc, i, members)

    @staticmethod
    def _list_category(doc: Doc, i: int, members: set[int]) -> str | None:
        """The category a list is introduced by: ``datasets, A, B`` / ``networks such as A, B``."""
        j = i - 1
        while j >= 0 and (j in members or doc[j].lower_ in ("and", "or")):
            j -= 1
        if j < 0 or doc[j].lower_ not in _LIST_INTRO:
            return None
        for t in reversed(doc[max(0, j - 4) : j]):
            if t.i in members:
                break
            low = t.lower_
            if low in _DATASET_CATEGORY:
                return "Dataset"
            if low in _MODEL_CATEGORY:
                return "Model"
        return None

    @staticmethod
    def _retype_defined(doc: Doc, found: list[Hit]) -> None:
        """A claimed short form directly followed by "dataset" is a dataset (``MOSXAV dataset``)."""
        retyped = {
            h.name for h in found
            if h.label == "Generic" and h.source == "definition" and h.end < len(doc)
            and doc[h.end].lower_ in ("dataset", "datasets", "database") and doc[h.start].text == h.name
        }
        for h in found:
            if h.name in retyped and h.label == "Generic":
                h.label = "Dataset"

    @staticmethod
    def _spread_along_lists(doc: Doc, found: list[Hit]) -> None:
        """Untyped candidates coordinated with a typed Model/Dataset mention take its type."""
        by_start = {h.start: h for h in found}
        by_end = {h.end: h for h in found}
        changed = True
        while changed:
            changed = False
            for h in found:
                if h.label != "Candidate":
                    continue
                for step in (-1, 1):
                    j = h.start - 1 if step < 0 else h.end
                    while 0 <= j < len(doc) and doc[j].lower_ in _LIST_GLUE:
                        j += step
                    if j == (h.start - 1 if step < 0 else h.end):
                        continue  # not coordinated: nothing between
                    other = by_end.get(j + 1) if step < 0 else by_start.get(j)
                    if other is not None and other.label in ("Model", "Dataset"):
                        h.label, h.source = other.label, "context"
                        h.confidence = SOURCE_CONFIDENCE["context"] - 0.05
                        changed = True
                        break


def _singular_name(text: str) -> str:
    if len(text) > 3 and text.endswith("s") and text[-2].isupper():
        return text[:-1]
    return text


@Language.factory("kg_discover", default_config={"vocab_dir": ""})
def make_candidate_discoverer(nlp: Language, name: str, vocab_dir: str) -> CandidateDiscoverer:
    return CandidateDiscoverer(vocabulary_at(vocab_dir))
