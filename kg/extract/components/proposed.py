"""``kg_proposed``: the names a paper gives to its own method, dataset, metric or module.

Signals, in order of trust:

* the title's prefix before a colon (``MM-DINOv2: Adapting ...``), a title that is only a name
  (``SAM-Med2D``) or a name followed by "technical report"; the words after the colon say whether
  it is a Dataset (``... Dataset for ...``, ``... Benchmark``) or a Metric (``... Metric``);
* the abbreviation of a title phrase (``Focus on Background: ...`` + ``FoB (Focus on Background)``);
* proposal sentences: ``we propose/introduce/present X``, ``termed/dubbed/named X``, ``our X``,
  ``X, a novel ...``: the first new name after the verb, and every newly defined abbreviation in
  that sentence (``a Frequency-aware Matching (FAM) module``);
* a newly defined method abbreviation with no sign of being someone else's (``existing``,
  ``compared``, ``such as``) is the paper's own.

Vocabulary names are only claimed by the title or an explicit naming verb, so ``we adapt SAM``
never makes SAM proposed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress, count

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from kg.extract.abbrev import Definition
from kg.extract.components.abbreviations import module_follows
from kg.extract.components.arrays import char_bounds, lower_hashes
from kg.extract.components.fields import abstract_start, text_of, title_end
from kg.extract.components.sentences import sentence_bounds, sentence_of
from kg.extract.hits import SOURCE_CONFIDENCE, Hit, definitions, hits, longest_first
from kg.extract.lexical import is_lower, is_punct
from kg.extract.shapes import is_name_shaped
from kg.extract.vocab import Cues, vocabulary_at

_NEW_SOURCES = {"shape", "context", "definition"}
_OWN_VARIANT = re.compile(
    r"^(.+?)[-_](?:v?\d+(?:\.\d+)?|Tiny|Small|Base|Large|Huge|Nano|Micro|Mini|Pro|Plus|Lite|XL|[TSBLH])$"
)
_OWN_LABELS = {"Model", "Dataset", "Metric", "Candidate"}
_DATASET_WORDS = {
    "dataset",
    "datasets",
    "benchmark",
    "benchmarks",
    "database",
    "corpus",
    "challenge",
    "cohort",
    "data",
    "collection",
    "annotations",
    "annotated",
}
_OTHERS_WORK = {
    "existing",
    "previous",
    "prior",
    "such",
    "compared",
    "comparing",
    "comparison",
    "baseline",
    "baselines",
    "state-of-the-art",
    "sota",
    "popular",
    "conventional",
    "traditional",
    "standard",
    "widely",
    "including",
    "like",
    "e.g.",
    "outperforming",
    "outperforms",
    "outperform",
    "surpassing",
    "versus",
    "vs.",
    "than",
    "recent",
    "recently",
    "original",
    "vanilla",
    "well-known",
    "classic",
    "classical",
    "emerged",
    "variants",
    "studies",
    "several",
    "others",
    "works",
}
_NOVELTY = {
    "novel",
    "new",
    "simple",
    "lightweight",
    "efficient",
    "unified",
    "generalist",
    "universal",
    "first",
}
_MODEL_WORDS = {
    "model",
    "models",
    "network",
    "framework",
    "method",
    "architecture",
    "module",
    "approach",
    "pipeline",
    "system",
    "tool",
    "toolkit",
    "algorithm",
    "strategy",
    "loss",
    "block",
}
_ARTICLES = {"a", "an", "the", "our", "new", "novel", "as"}
_STRONG_VERBS = {
    "propose",
    "proposes",
    "present",
    "presents",
    "release",
    "releases",
    "curate",
    "construct",
    "constructs",
    "collect",
}
_STOP_AFTER_VERB = {"based", "using", "via", "which", "that", "upon", "from"}


def _title_case(phrase: str) -> bool:
    """Coined names are written in capitals ("Dual Selective Enhancement Block"), techniques not."""
    words = [w for w in phrase.replace("-", " ").split() if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 >= len(words)


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)


class ProposedNames:
    def __init__(self, cues: Cues) -> None:
        self.cues = cues
        self.verbs = _hashes(cues["proposal_verbs"])
        self.naming = _hashes(cues["naming_verbs"])
        self.triggers = self.verbs | self.naming
        self.h_title_breaks = _hashes((":", "--", "—"))
        self.h_dataset_kind = _hashes(("dataset", "benchmark", "database", "corpus", "benchmarking"))
        self.h_metric_kind = _hashes(("metric", "measure"))
        self.h_novelty = _hashes(_NOVELTY)
        self.h_comma_is = _hashes((",", "is"))
        self.subjects = _hashes(("we", "our", "paper", "work", "study", "here", "article"))
        self.stop_after = _hashes(_STOP_AFTER_VERB)
        self.articles = _hashes(_ARTICLES)
        self.strong = _hashes(_STRONG_VERBS)

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        added = self._title(doc, found, title_end(doc))
        found.extend(added)
        if added:
            found[:] = longest_first(found)
        lowers = lower_hashes(doc)
        first_abstract = abstract_start(doc)
        # only sentences holding a trigger word are looked at token by token
        by_sentence: dict[tuple[int, int], list[int]] = {}
        # set membership mapped over the hash list (C speed, no per-Doc numpy set operation)
        at = compress(count(first_abstract), map(self.triggers.__contains__, lowers[first_abstract:]))
        for i in at:
            by_sentence.setdefault(sentence_bounds(doc, i), []).append(i)
        for (start, end), positions in by_sentence.items():
            self._sentence(doc, doc[start:end], found, positions, lowers)
        for h in found:
            # only new names and definitions can be claimed by the words around them
            if h.start >= first_abstract and h.label != "Generic" and self._claimable(h):
                self._around_hit(doc, h, doc[slice(*sentence_bounds(doc, h.start))], lowers)
        self._own_definitions(doc, found)
        self._recurring_subject(doc, found, first_abstract)
        self._own_variants(doc, found)
        return doc

    @staticmethod
    def _recurring_subject(doc: Doc, found: list[Hit], first_abstract: int) -> None:
        """A new name that opens sentences as their subject, more than once, is the paper's own
        (``ActiveSSF not only achieves ...``, ``ActiveSSF ... ``) when nothing else is proposed."""
        if any(h.proposed for h in found):
            return
        counts: dict[str, int] = {}
        opens: set[str] = set()
        for h in found:
            if (
                h.start < first_abstract
                or h.label not in ("Candidate", "Model")
                or h.source not in _NEW_SOURCES
            ):
                continue
            counts[h.name] = counts.get(h.name, 0) + 1
            if sentence_bounds(doc, h.start)[0] == h.start and h.end < len(doc) and is_lower(doc[h.end].text):
                opens.add(h.name)
        chosen = [name for name in opens if counts[name] >= 2]
        if len(chosen) == 1:
            for h in found:
                if h.name == chosen[0]:
                    h.proposed = True
                    if h.label == "Candidate":
                        h.label = "Model"

    @staticmethod
    def _own_variants(doc: Doc, found: list[Hit]) -> None:
        """``XSeg-Nano`` / ``XSeg-Pro`` when the paper proposes ``XSeg``: its own sizes and versions."""
        own = {h.name: h for h in found if h.proposed}
        if not own:
            return
        for h in found:
            if h.proposed or h.source not in _NEW_SOURCES or h.length != 1:
                continue
            m = _OWN_VARIANT.match(doc[h.start].text)
            if m and m.group(1) in own:
                parent = own[m.group(1)]
                h.proposed, h.label, h.parent = True, parent.label, parent.name

    # --- title ----------------------------------------------------------------------------
    def _title(self, doc: Doc, found: list[Hit], end: int) -> list[Hit]:
        title = doc[:end]
        lowers = lower_hashes(doc)
        colon = next((i for i in range(end) if lowers[i] in self.h_title_breaks), None)
        kind = self._title_kind(doc, colon + 1 if colon is not None else 0, end)
        prefix_end = colon if colon is not None else end
        prefix = doc[:prefix_end]
        title_chars = doc[end - 1].idx + len(doc[end - 1]) if end else 0
        for d in definitions(doc):
            if d.short_end <= title_chars:
                self._title_definition(doc, d, found, end)
        if colon is None and not self._name_only_title(title):
            return []
        if colon is None:
            # "MedGemma Technical Report": the name is what comes before the report words
            prefix_end = next((t.i for t in title if t.lower_ in ("technical", "report")), end)
            prefix = doc[:prefix_end]
        in_prefix = [h for h in found if h.end <= prefix_end and h.label != "Generic"]
        whole = next((h for h in in_prefix if h.start == 0 and h.end == prefix_end), None)
        if whole is not None:
            own_kind = whole.label in ("Model", "Candidate") or whole.source != "vocab"
            self._claim(whole, kind if own_kind else None)
            return []
        added: list[Hit] = []
        name_like = any(is_name_shaped(t.text) for t in prefix) or (
            len(prefix) <= 2 and all(t.text[:1].isupper() for t in prefix)
        )
        if 1 <= len(prefix) <= 4 and name_like and not in_prefix:
            name = prefix.text if len(prefix) > 1 else prefix[0].text
            added.append(
                Hit(0, prefix_end, kind, name, "title", SOURCE_CONFIDENCE["title"], proposed=True, exact=True)
            )
        elif len(prefix) == 1 and in_prefix:
            for h in in_prefix:
                self._claim(h, kind)
        # "Focus on Background: ..." + "FoB (Focus on Background)"
        phrase = prefix.text.lower()
        for d in definitions(doc):
            if d.long.lower() == phrase:
                for h in found:
                    if doc[h.start : h.end].text.rstrip("s") == d.short and h.label != "Generic":
                        self._claim(h, kind)
                if not any(doc[h.start : h.end].text == d.short for h in found):
                    span = doc.char_span(d.short_start, d.short_end)
                    if span is not None:
                        added.append(
                            Hit(
                                span.start,
                                span.end,
                                kind,
                                d.short,
                                "title",
                                SOURCE_CONFIDENCE["title"],
                                proposed=True,
                                exact=True,
                                alias=d.long,
                            )
                        )
        return added

    def _title_definition(self, doc: Doc, d: Definition, found: list[Hit], end: int) -> None:
        """``Calibration and ... Segmentation (CURVAS) challenge results``: a name the title defines
        is the paper's own; the word after it says whether it is a dataset/challenge."""
        span = doc.char_span(d.short_start, d.short_end)
        if span is None:
            return
        after = doc[span.end + 1].lower_ if span.end + 1 < end and doc[span.end].text == ")" else ""
        kind = "Dataset" if after in _DATASET_WORDS else self._title_kind(doc, span.end, end)
        for h in found:
            if h.name == d.short and h.source in ("definition", "shape", "context"):
                if h.label in ("Generic", "Candidate"):
                    h.label = "Model"
                self._claim(h, kind)

    @staticmethod
    def _name_only_title(title: Span) -> bool:
        words = [t for t in title if not is_punct(t.text)]
        if len(words) == 1:
            return is_name_shaped(words[0].text) or (len(words[0]) > 2 and words[0].text[:1].isupper())
        return (
            len(words) <= 3
            and is_name_shaped(words[0].text)
            and " ".join(t.lower_ for t in words[1:]) in ("technical report", "report")
        )

    def _title_kind(self, doc: Doc, start: int, end: int) -> str:
        words = lower_hashes(doc)[start : min(end, start + 8)]
        if not self.h_dataset_kind.isdisjoint(words):
            return "Dataset"
        if not self.h_metric_kind.isdisjoint(words):
            return "Metric"
        return "Model"

    # --- abstract sentences ---------------------------------------------------------------
    def _sentence(
        self, doc: Doc, sent: Span, found: list[Hit], positions: list[int], lowers: list[int]
    ) -> None:
        triggers = [
            i
            for i in positions
            if lowers[i] in self.naming
            or (lowers[i] in self.verbs and self._has_subject(lowers, i, sent.start))
        ]
        if not triggers:
            return
        in_sent = [h for h in found if sent.start <= h.start < sent.end and h.label != "Generic"]
        for verb_i in triggers:
            after = [h for h in in_sent if h.start > verb_i]
            first = self._first_new_name(doc, verb_i, after, lowers[verb_i] in self.naming, lowers)
            if first is not None:
                self._claim(first, self._kind_near(doc, first, sent))
            self._defined_after_verb(doc, sent, verb_i, found)
        inside = [(d.long_start, d.long_end) for d in definitions(doc)]
        starts, _ends = char_bounds(doc)
        for h in in_sent:
            if h.start <= triggers[0] or h.label not in _OWN_LABELS:
                continue
            if any(a <= starts[h.start] < b for a, b in inside):
                continue  # part of another name's long form ("Uncertainty-Aware V-IP (UAV-IP)")
            if h.source == "definition" and _title_case(h.alias or ""):
                self._claim(h, None)  # "... a Frequency-aware Matching (FAM) module"
            elif h.source in _NEW_SOURCES and self._apposition(doc, h, sent) and not self._object_of(doc, h):
                self._claim(h, self._kind_near(doc, h, sent))  # "..., and CG-Fuse, a fusion module"

    @staticmethod
    def _claimable(h: Hit) -> bool:
        return h.source in _NEW_SOURCES or h.label == "Candidate"

    def _around_hit(self, doc: Doc, h: Hit, sent: Span, lowers: list[int]) -> None:
        """Signals right around one name, whatever the sentence's verb."""
        if h.source == "definition" and h.label in _OWN_LABELS:
            self._we_made(doc, h, sent)
        if h.source in _NEW_SOURCES or h.label == "Candidate":
            self._novel_apposition(doc, h, sent)
            if h.start >= 1 and doc[h.start - 1].lower_ in ("our", "proposed") and h.source != "vocab":
                h.proposed = True
                if h.label == "Candidate":
                    h.label = "Model"

    def _defined_after_verb(self, doc: Doc, sent: Span, verb_i: int, found: list[Hit]) -> None:
        """``we introduce Generative Medical Segmentation (GMS)``: the defined short form is the name,
        whatever its long form is made of (here a task)."""
        verb_end = doc[verb_i].idx + len(doc[verb_i].text)
        for d in definitions(doc):
            if not verb_end <= d.long_start < sent.end_char or d.short_start < d.long_start:
                continue
            if len(text_of(doc)[verb_end : d.long_start].split()) > 6:
                continue
            span = doc.char_span(d.short_start, d.short_end)
            if span is None:
                continue
            # "we introduce ... (CONCH), a visual-language model": the paper names it, known or not
            named = (
                span.end < len(doc) and doc[span.end].text == ")" and self._apposition_at(doc, span.end + 1)
            )
            for h in found:
                if h.source not in ("definition", "shape", "context") and not named:
                    continue  # a known term (vocabulary or its alias) is never the paper's new name
                if h.name == d.short or (h.start == span.start and h.end == span.end):
                    if h.label in ("Generic", "Candidate"):
                        h.label = "Model"
                    if h.label in _OWN_LABELS:
                        self._claim(h, self._kind_near(doc, h, sent))

    def _has_subject(self, lowers: list[int], i: int, sent_start: int) -> bool:
        return any(w in self.subjects for w in lowers[max(sent_start, i - 4) : i])

    def _first_new_name(
        self, doc: Doc, verb_i: int, after: list[Hit], naming: bool, lowers: list[int]
    ) -> Hit | None:
        """The first new name after a proposal verb; a known name only right after a naming verb
        (``termed SAT``), after ``propose``/``present``/``release`` (``we present MedSAM``), or
        when it is followed by a dataset word (``we introduce the X benchmark dataset``)."""
        starts = char_bounds(doc)[0]
        long_forms = [(d.long_start, d.long_end) for d in definitions(doc)]
        for h in sorted(after, key=lambda h: h.start):
            gap = lowers[verb_i + 1 : h.start]
            if h.source == "shape" and any(a <= starts[h.start] < b for a, b in long_forms):
                continue  # "CONtrastive" inside a long form is part of the name being defined
            if len(gap) > 12 or any(w in self.stop_after for w in gap):
                return None
            if h.label not in _OWN_LABELS:
                continue
            if h.source in _NEW_SOURCES or h.label == "Candidate":
                return h
            only_articles = all(w in self.articles for w in gap)
            next_word = doc[h.end].lower_ if h.end < len(doc) else ""
            if only_articles and self._apposition(doc, h, doc[h.start : min(len(doc), h.end + 2)]):
                return h  # "we introduce UNI, a general-purpose model": the paper names its own
            if naming and only_articles:  # "termed SAT", "termed as SAT"; not "called Self-Correcting SAM"
                return h
            if only_articles and (lowers[verb_i] in self.strong or next_word in _DATASET_WORDS):
                return h
            if h.source in ("vocab", "variant", "alias") and h.label in ("Model", "Dataset"):
                return None
        return None

    @staticmethod
    def _apposition_at(doc: Doc, i: int) -> bool:
        """``, a`` / ``, an`` at token ``i``."""
        return i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("a", "an")

    @staticmethod
    def _object_of(doc: Doc, h: Hit) -> bool:
        """``into every block of RETFound, a foundation model``: a name after a preposition is what
        the paper builds on, not what it names."""
        return h.start > 0 and doc[h.start - 1].lower_ in ("of", "on", "upon", "from", "into", "over")

    @staticmethod
    def _apposition(doc: Doc, h: Hit, sent: Span) -> bool:
        tail = [t.lower_ for t in doc[h.end : min(sent.end, h.end + 2)]]
        return tail[:1] == [","] and tail[1:2] in (["a"], ["an"])

    def _we_made(self, doc: Doc, h: Hit, sent: Span) -> None:
        """``the ... block (MKDC) we design``: a defined name followed by "we <proposal verb>"."""
        tail = [t.lower_ for t in doc[h.end : min(sent.end, h.end + 4)]]
        if tail[:1] == [")"]:
            tail = tail[1:]
        if tail[:1] == ["that"]:
            tail = tail[1:]
        if len(tail) >= 2 and tail[0] == "we" and tail[1] in self.cues["proposal_verbs"]:
            self._claim(h, None)

    def _novel_apposition(self, doc: Doc, h: Hit, sent: Span) -> None:
        """``X, a novel framework ...`` / ``X is a new ...``."""
        tail = lower_hashes(doc)[h.end : min(sent.end, h.end + 5)]
        if tail and tail[0] in self.h_comma_is and not self.h_novelty.isdisjoint(tail[1:]):
            self._claim(h, self._kind_near(doc, h, sent))

    def _own_definitions(self, doc: Doc, found: list[Hit]) -> None:
        """A newly defined method abbreviation is the paper's own unless the sentence says otherwise."""
        for d in definitions(doc):
            span = doc.char_span(d.short_start, d.short_end)
            if span is None:
                continue
            h = next((x for x in found if x.start == span.start and x.end == span.end), None)
            if h is None or h.source != "definition" or h.label not in ("Model", "Metric") or h.proposed:
                continue
            sent = sentence_of(doc, span.start)
            own = _title_case(d.long) or self._ours_before(doc, d) or module_follows(doc, span.end)
            if own and not any(t.lower_ in _OTHERS_WORK for t in sent):
                self._claim(h, None)

    @staticmethod
    def _ours_before(doc: Doc, d: Definition) -> bool:
        """``our learned Mumford-Shah model (LMS model)``: "our" right before the long form."""
        before = text_of(doc)[max(0, d.long_start - 12) : d.long_start].split()
        return bool(before) and before[-1].lower() in ("our", "proposed")

    @staticmethod
    def _kind_near(doc: Doc, h: Hit, sent: Span) -> str | None:
        if h.label in ("Dataset", "Metric"):
            return h.label
        if h.source == "definition" and h.label == "Model":
            return None  # typed by its long form ("... Fusion Adapter (MSFA)"), not by words nearby
        # the words right after the name decide first ("X model", "X, a benchmark of ..."), then a
        # dataset word just before it ("a dataset called X")
        for t in doc[h.end : min(sent.end, h.end + 6)]:
            if t.lower_ in _MODEL_WORDS:
                return None
            if t.lower_ in _DATASET_WORDS:
                return "Dataset"
        before = doc[max(sent.start, h.start - 3) : h.start]
        if any(t.lower_ in _DATASET_WORDS for t in before):
            return "Dataset"
        return None

    @staticmethod
    def _claim(h: Hit, kind: str | None) -> None:
        h.proposed = True
        if kind is not None:
            h.label = kind
        elif h.label == "Candidate":
            h.label = "Model"


@Language.factory("kg_proposed", default_config={"vocab_dir": ""})
def make_proposed_names(nlp: Language, name: str, vocab_dir: str) -> ProposedNames:
    return ProposedNames(vocabulary_at(vocab_dir).cues)
