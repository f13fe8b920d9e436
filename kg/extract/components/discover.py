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
from collections.abc import Iterable

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from kg.extract.components.arrays import capitalised_tokens, char_bounds, lower_hashes, orth_hashes
from kg.extract.components.fields import text_of
from kg.extract.components.sentences import sentence_bounds
from kg.extract.hits import SOURCE_CONFIDENCE, Hit, covered, hits, longest_first
from kg.extract.shapes import is_name_shaped, morphology_label
from kg.extract.vocab import Cues, Vocabulary, vocabulary_at

# a candidate word: letters, digits and name glue, with a capital or a digit somewhere; only tokens
# with an upper-case letter are looked at (found from the Doc's arrays, not by scanning the text)
_WORD_BODY = re.compile(r"(?=[A-Za-z0-9])[a-z0-9\-+_.&]*[A-Z0-9][A-Za-z0-9\-+_.&]*[A-Za-z0-9+]")
_GLUED_BEFORE = re.compile(r"[\w\-+.]")  # a word glued to the one before it is not a separate name
_GLUED_AFTER = re.compile(r"[\w\-]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CAPITAL_WORD = re.compile(r"^[A-Z][a-z]{2,}[a-z0-9]*$")
_LIST_GLUE = {",", "and", "or", "&", "/", "as", "well"}
_LIST_INTRO = {
    ":",
    ",",
    "(",
    "including",
    "include",
    "includes",
    "e.g.",
    "e.g",
    "namely",
    "like",
    "as",
    "i.e.",
}
_NOT_DATASET_ON = {"based", "built", "relies", "rely", "depends", "depend", "focus", "focuses", "focused"}
_DATASET_CATEGORY = {
    "dataset",
    "datasets",
    "benchmark",
    "benchmarks",
    "databases",
    "cohorts",
    "challenges",
    "collections",
    "corpora",
}
_MODEL_CATEGORY = {
    "networks",
    "models",
    "methods",
    "architectures",
    "backbones",
    "baselines",
    "approaches",
    "frameworks",
    "detectors",
    "segmenters",
    "encoders",
    "algorithms",
    "variants",
    "techniques",
    "competitors",
    "counterparts",
}
_ENTITY_LABELS = {"Model", "Dataset", "Candidate"}


class CandidateDiscoverer:
    def __init__(self, vocabulary: Vocabulary, stop_words: Iterable[str]) -> None:
        self.stop = vocabulary.stop
        self.cues: Cues = vocabulary.cues
        # cue words as hashes of their lowercase form: compared with ``lower_hashes(doc)``
        self.h_glue = _hashes(_LIST_GLUE)
        self.h_and_or = _hashes(("and", "or"))
        self.h_list_glue = _hashes((",", "and", "or"))
        self.h_initialised = _hashes(
            ("initialised", "initialized", "initialising", "initializing", "init", "warm-started")
        )
        self.h_the = get_string_id("the")
        self._kinds: dict[str, int] = {}
        self._hash_kinds: dict[int, int] = {}
        self._known: dict[tuple[int, int], str] = {}
        self._compounds: dict[str, bool] = {}
        self.h_on_from = _hashes(("on", "from"))
        self.h_with_to = _hashes(("with", "to"))
        self.h_not_dataset_on = _hashes(_NOT_DATASET_ON)
        self.h_list_intro = _hashes(_LIST_INTRO)
        self.h_dataset_category = _hashes(_DATASET_CATEGORY)
        self.h_model_category = _hashes(_MODEL_CATEGORY)
        self.h_dataset_after = _hashes(self.cues["dataset_after"])
        self.h_model_after = _hashes(self.cues["model_after"])
        self.h_dataset_verbs = _hashes(self.cues["dataset_verbs"])
        self.h_model_before = _hashes(self.cues["model_before"])
        self.h_model_before_direct = _hashes(
            self.cues["model_before"] - {"such", "like", "including", "include", "includes"}
        )
        self.h_stop_words = _hashes(stop_words)
        self.h_compare_link = _hashes(("with", "to", "against", "than", "over", "versus", "vs", "vs."))
        self.h_compare = _hashes(
            (
                "compare",
                "compared",
                "comparing",
                "comparison",
                "outperform",
                "outperforms",
                "outperforming",
                "superior",
                "better",
                "surpass",
                "surpasses",
                "surpassing",
                "favorably",
                "favourably",
            )
        )
        # single words the vocabulary knows: "MR-CT" or "CT-MRI" are two known words, not a new name
        self.known_words = {
            form.lower() for term in vocabulary.terms for form, _ in term.surfaces() if " " not in form
        } | {s.lower() for s in vocabulary.stop}

    def _compound_of_known(self, text: str) -> bool:
        answer = self._compounds.get(text)
        if answer is None:
            parts = text.split("-")
            answer = len(parts) > 1 and all(p.lower() in self.known_words for p in parts)
            self._compounds[text] = answer
        return answer

    def _word_kind(self, text: str) -> int:
        """0: never a candidate, 1: name-shaped, 2: a plain capitalised word (memoised per word)."""
        kind = self._kinds.get(text)
        if kind is None:
            if text in self.stop:
                kind = 0
            elif text.isalpha() and text[1:].islower():
                kind = 2 if len(text) >= 3 else 0  # "Medical": a plain capitalised word, no regex needed
            elif text.startswith("non-") or not _WORD_BODY.fullmatch(text):
                kind = 0
            elif is_name_shaped(text):
                kind = 1
            else:
                kind = 2 if _CAPITAL_WORD.match(text) else 0
            self._kinds[text] = kind
        return kind

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        taken = covered(found)
        members = {i for h in found if h.label in _ENTITY_LABELS for i in range(h.start, h.end)}
        starts, ends = char_bounds(doc)
        lowers = lower_hashes(doc)
        text_all = text_of(doc)
        # known Model/Dataset mentions by their last token (reached going left) and first (going right)
        self._known = {}
        for h in found:
            if h.label in ("Model", "Dataset") and h.source in ("vocab", "variant", "alias"):
                self._known[(h.end - 1, -1)] = h.label
                self._known[(h.start, 1)] = h.label
        spans = []
        kind_of = self._word_kind
        kinds = self._hash_kinds
        orths = orth_hashes(doc)
        strings = doc.vocab.strings
        for i in capitalised_tokens(doc):
            # the word's kind by its hash: most capitalised words are plain and need no slicing
            word = orths[i]
            kind = kinds.get(word)
            if kind is None:
                kind = kinds[word] = kind_of(strings[word])
            if not kind or i in taken:
                continue
            start, end = starts[i], ends[i]
            text = text_all[start:end]
            if (start and _GLUED_BEFORE.match(text_all, start - 1)) or _GLUED_AFTER.match(text_all, end):
                continue
            shaped = kind == 1
            year = self._year_after(i, starts, ends, text_all)
            if not shaped and not year and not self._the_x_dataset(doc, i, lowers):
                continue
            spans.append((i, text, shaped))
            if shaped or year:
                members.add(i)
            if year and i + 1 not in taken:
                members.add(i + 1)  # "Mayo 2016 and Mayo 2020 datasets": the year is part of the name
        new: list[Hit] = []
        for i, text, shaped in spans:
            label, why = self._type(doc, i, text, members, lowers)
            if not shaped and label != "Dataset":
                continue
            if self._compound_of_known(text) and not self._in_list(i, lowers):
                continue  # "MR-CT", "T1-T2": two known words, unless listed among datasets
            conf = SOURCE_CONFIDENCE["context"] if why == "context" else SOURCE_CONFIDENCE["shape"]
            name = _singular_name(text)
            if label == "Dataset" and self._year_after(i, starts, ends, text_all) and i + 1 not in taken:
                # "CMRxRecon 2023", "Mayo 2016": an edition of a dataset, linked to the dataset
                edition = text_all[starts[i + 1] : ends[i + 1]]
                new.append(Hit(i, i + 2, label, f"{name} {edition}", why, conf, parent=name, exact=True))
                continue
            new.append(Hit(i, i + 1, label, name, why, conf, exact=True))
        titled = self._titled_models(doc, found, lowers, text_all)
        if titled:
            found.extend(titled)
            found[:] = longest_first(found)
        if not new and not any(h.label == "Generic" and h.source == "definition" for h in found):
            return doc  # nothing discovered, nothing to retype or spread
        new = _join_adjacent(new, starts, ends, text_all)
        found.extend(new)
        found.extend(self._prefixed_models(doc, new, found))
        self._retype_defined(doc, found)
        self._spread_along_lists(doc, found, lowers)
        found[:] = longest_first(found)
        return doc

    def _type(self, doc: Doc, i: int, text: str, members: set[int], lowers: list[int]) -> tuple[str, str]:
        label = (
            self._label_after(doc, i, members, lowers)
            or self._coordinated_label(i, lowers)
            or self._label_before(doc, i, members, lowers)
        )
        if label:
            return label, "context"
        shape = morphology_label(text)
        if shape:
            return shape, "shape"
        return "Candidate", "shape"

    @staticmethod
    def _year_after(i: int, starts: list[int], ends: list[int], text: str) -> bool:
        """A year (``2016``) right after token ``i``, one space apart."""
        j = i + 1
        return (
            j < len(starts) and starts[j] == ends[i] + 1 and bool(_YEAR.fullmatch(text, starts[j], ends[j]))
        )

    def _coordinated_label(self, i: int, lowers: list[int]) -> str | None:
        """``adapts to RIM-ONE-r3 and Drishti-GS``: a known dataset or model coordinated with the
        candidate types it, before the weaker words in front of the list."""
        known = self._known
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lowers) and lowers[j] in self.h_list_glue:
                j += step
            if j != i + step and (j, step) in known:
                return known[(j, step)]
        return None

    def _in_list(self, i: int, lowers: list[int]) -> bool:
        before = lowers[i - 1] if i > 0 else 0
        after = lowers[i + 1] if i + 1 < len(lowers) else 0
        return before in self.h_list_glue or after in self.h_list_glue

    def _the_x_dataset(self, doc: Doc, i: int, lowers: list[int]) -> bool:
        """``the Chaksu dataset``: a capitalised word between "the" and a dataset word."""
        return (
            i > 0
            and lowers[i - 1] == self.h_the
            and i + 1 < len(lowers)
            and lowers[i + 1] in self.h_dataset_after
            and sentence_bounds(doc, i)[0] != i
        )

    def _label_after(self, doc: Doc, i: int, members: set[int], lowers: list[int]) -> str | None:
        """Cue words after the candidate, skipping a coordinated list (``X, Y and Z datasets``)
        and a few modifiers (``the OASIS-1 brain imaging dataset``)."""
        n = len(lowers)
        j = i + 1
        end = min(n, i + 16)
        while j < end and (j in members or lowers[j] in self.h_glue):
            j += 1
        k = j
        while k < min(n, j + 3) and lowers[k] not in self.h_dataset_after and self._modifier(doc, lowers[k]):
            k += 1
        if k < n:
            if lowers[k] in self.h_dataset_after:
                return "Dataset"
            if k + 1 < n:
                strings = doc.vocab.strings
                if f"{strings[lowers[k]]} {strings[lowers[k + 1]]}" in self.cues["dataset_after"]:
                    return "Dataset"
        if j == i + 1 and j < n and lowers[j] in self.h_model_after:
            return "Model"
        return None

    def _modifier(self, doc: Doc, word: int) -> bool:
        """A lowercase content word that may stand between a name and its cue ("brain imaging")."""
        text = doc.vocab.strings[word]
        return text.isalpha() and text.islower() and word not in self.h_stop_words

    def _label_before(self, doc: Doc, i: int, members: set[int], lowers: list[int]) -> str | None:
        if i == 0:
            return None
        prev = lowers[i - 1]
        prev2 = lowers[i - 2] if i >= 2 else 0
        if prev in self.h_on_from and prev2 in self.h_initialised:
            return "Model"  # "initialised from Qwen2-VL-2B": weights, not data
        if prev in self.h_on_from and prev2 not in self.h_not_dataset_on:
            start, end = sentence_bounds(doc, i)
            if any(w in self.h_dataset_verbs for w in lowers[start:end]):
                return "Dataset"
        if prev in self.h_model_before_direct or (prev in self.h_with_to and prev2 in self.h_model_before):
            return "Model"
        if prev in self.h_compare_link and any(w in self.h_compare for w in lowers[max(0, i - 6) : i - 1]):
            return "Model"  # "compare SAT with BiomedParse", "superior to TransUNet"
        return self._list_category(i, members, lowers)

    def _list_category(self, i: int, members: set[int], lowers: list[int]) -> str | None:
        """The category a list is introduced by: ``datasets, A, B`` / ``networks such as A, B``."""
        j = i - 1
        while j >= 0 and (j in members or lowers[j] in self.h_and_or):
            j -= 1
        if j < 0 or lowers[j] not in self.h_list_intro:
            return None
        for k in range(j - 1, max(0, j - 4) - 1, -1):
            if k in members:
                break
            if lowers[k] in self.h_dataset_category:
                return "Dataset"
            if lowers[k] in self.h_model_category:
                return "Model"
        return None

    @staticmethod
    def _prefixed_models(doc: Doc, new: list[Hit], found: list[Hit]) -> list[Hit]:
        """``VMSE U-Net``, ``Res-Attention SAM``: a new name right before a known model is a variant
        of it, named by both words."""
        models = {h.start: h for h in found if h.label == "Model" and h.source in ("vocab", "variant")}
        merged = []
        for h in new:
            other = models.get(h.end)
            if other is None or h.label not in ("Candidate", "Model") or doc[h.start].whitespace_ != " ":
                continue
            name = f"{doc[h.start].text} {doc[other.start : other.end].text}"
            merged.append(
                Hit(
                    h.start,
                    other.end,
                    "Model",
                    name,
                    "shape",
                    SOURCE_CONFIDENCE["shape"],
                    parent=other.name,
                    exact=True,
                )
            )
        return merged

    def _titled_models(self, doc: Doc, found: list[Hit], lowers: list[int], text: str) -> list[Hit]:
        """``outperforming nnDetection, Retina U-Net, SANet``: inside a list, a capitalised word right
        before a known model names a variant of it, even when the word alone means something else."""
        starts, ends = char_bounds(doc)
        out = []
        for m in found:
            p = m.start - 1
            if m.label != "Model" or m.source != "vocab" or p < 1 or ends[p] + 1 != starts[m.start]:
                continue
            word = text[starts[p] : ends[p]]
            if not (len(word) > 3 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()):
                continue
            listed = lowers[p - 1] in self.h_list_glue and (
                m.end >= len(lowers) or lowers[m.end] in self.h_list_glue
            )
            if not listed or sentence_bounds(doc, p)[0] == p:
                continue
            name = f"{word} {text[starts[m.start] : ends[m.end - 1]]}"
            out.append(
                Hit(
                    p,
                    m.end,
                    "Model",
                    name,
                    "context",
                    SOURCE_CONFIDENCE["context"],
                    parent=m.name,
                    exact=True,
                )
            )
        return out

    @staticmethod
    def _retype_defined(doc: Doc, found: list[Hit]) -> None:
        """A claimed short form directly followed by "dataset" is a dataset (``MOSXAV dataset``)."""
        retyped = {
            h.name
            for h in found
            if h.label == "Generic"
            and h.source == "definition"
            and h.end < len(doc)
            and doc[h.end].lower_ in ("dataset", "datasets", "database")
            and doc[h.start].text == h.name
        }
        for h in found:
            if h.name in retyped and h.label == "Generic":
                h.label = "Dataset"

    def _spread_along_lists(self, doc: Doc, found: list[Hit], lowers: list[int]) -> None:
        """Untyped candidates coordinated with a typed Model/Dataset mention take its type."""
        if not any(h.label == "Candidate" for h in found):
            return
        by_start = {h.start: h for h in found}
        by_end = {h.end: h for h in found}
        glue = self.h_glue
        n = len(lowers)
        changed = True
        while changed:
            changed = False
            for h in found:
                if h.label != "Candidate":
                    continue
                for step in (-1, 1):
                    j = h.start - 1 if step < 0 else h.end
                    while 0 <= j < n and lowers[j] in glue:
                        j += step
                    if j == (h.start - 1 if step < 0 else h.end):
                        continue  # not coordinated: nothing between
                    other = by_end.get(j + 1) if step < 0 else by_start.get(j)
                    if other is not None and other.label in ("Model", "Dataset"):
                        h.label, h.source = other.label, "context"
                        h.confidence = SOURCE_CONFIDENCE["context"] - 0.05
                        changed = True
                        break


def _join_adjacent(new: list[Hit], starts: list[int], ends: list[int], text: str) -> list[Hit]:
    """``COVIDx CXR-2``: two new names side by side, one space apart, are one multi-word name
    (typed by whichever part has a type; a dataset word wins)."""
    out: list[Hit] = []
    for h in sorted(new, key=lambda h: h.start):
        prev = out[-1] if out else None
        if prev is not None and prev.end == h.start and starts[h.start] - ends[prev.end - 1] == 1:
            labels = {prev.label, h.label} - {"Candidate"}
            label = "Dataset" if "Dataset" in labels else (labels.pop() if labels else "Candidate")
            typed = prev if prev.label == label else h
            out[-1] = Hit(
                prev.start,
                h.end,
                label,
                text[starts[prev.start] : ends[h.end - 1]],
                typed.source,
                typed.confidence,
                exact=True,
            )
            continue
        out.append(h)
    return out


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)


def _singular_name(text: str) -> str:
    if len(text) > 3 and text.endswith("s") and text[-2].isupper():
        return text[:-1]
    return text


@Language.factory("kg_discover", default_config={"vocab_dir": ""})
def make_candidate_discoverer(nlp: Language, name: str, vocab_dir: str) -> CandidateDiscoverer:
    return CandidateDiscoverer(vocabulary_at(vocab_dir), nlp.Defaults.stop_words)
