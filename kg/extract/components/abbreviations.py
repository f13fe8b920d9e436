"""``kg_abbreviations``: type short forms by their definitions (Schwartz-Hearst).

``Segment Anything Model (SAM)`` makes SAM an alias of the vocabulary term its long form names;
``Frequency-aware Matching Network (FAMNet)`` makes FAMNet a Model because the long form ends in
a model word (``network``); ``Dice Similarity Coefficient (DSC)``, ``... Dataset (X)`` likewise for
metrics and datasets. A short form whose long form is a generic family (``Vision Transformers
(ViTs)``) or a task/setting phrase (``few-shot medical image segmentation (FSMIS)``) is claimed so
that discovery never turns it into a Model. Every other occurrence of a typed short form in the
paper gets the same type. The definitions are kept in ``doc._.kg_abbreviations``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from kg.extract.abbrev import Definition, find_definitions, initials_agree
from kg.extract.components.arrays import char_bounds, orth_array
from kg.extract.components.fields import text_of
from kg.extract.hits import SOURCE_CONFIDENCE, Hit, hits, longest_first, set_definitions
from kg.extract.lexical import is_punct
from kg.extract.vocab import Cues, vocabulary_at

_GLUED = re.compile(r"[\w\-]")  # a character that would make the short form part of a longer word
_CLAIMING_LABELS = ("Setting", "Task", "Modality", "Anatomy", "Generic")
_CONF = SOURCE_CONFIDENCE["definition"]
#: words that may stand next to a setting in a long form that only names the setting
_SETTING_FILLERS = frozenset(
    (
        "medical",
        "image",
        "images",
        "imaging",
        "learning",
        "semantic",
        "visual",
        "cross-domain",
        "domain",
        "object",
        "video",
        "data",
        "and",
        "for",
        "of",
        "in",
        "the",
        "a",
        "based",
        "-",
    )
)


#: words that, right after a defined short form, say it names a part of a model
MODULE_WORDS = frozenset(
    (
        "module",
        "modules",
        "block",
        "blocks",
        "layer",
        "layers",
        "unit",
        "units",
        "branch",
        "mechanism",
        "adapter",
    )
)


def module_follows(doc: Doc, end: int) -> bool:
    """``(FABR) module``: the token after the closing parenthesis at ``end`` is a module word."""
    return end + 1 < len(doc) and doc[end].text == ")" and doc[end + 1].lower_ in MODULE_WORDS


def _title_case(phrase: str) -> bool:
    words = [w for w in phrase.replace("-", " ").split() if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 >= len(words)


def is_coined(short: str) -> bool:
    """A coined name mixes cases (``MulModSeg``, ``FoB``, ``dMoE``); an acronym is all capitals."""
    return any(c.islower() for c in short) and any(c.isupper() for c in short)


def singular(short: str) -> str:
    """``MSCAMs`` -> ``MSCAM``; ``FMs`` -> ``FM``; ``SAMs`` -> ``SAM`` (acronym plurals only)."""
    if len(short) > 2 and short.endswith("s") and short[-2].isupper():
        return short[:-1]
    return short


class AbbreviationTyper:
    def __init__(self, cues: Cues) -> None:
        self.heads = cues.long_form_heads

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        definitions = find_definitions(text_of(doc))
        set_definitions(doc, definitions)
        added: list[Hit] = []
        for d in definitions:
            typed = self._type(doc, d, found)
            if typed is not None:
                added.extend(self._occurrences(doc, d, typed))
                if typed.source == "definition" and typed.label in ("Model", "Dataset", "Metric"):
                    self._mark_inner(doc, d, found)
        if added:
            found.extend(added)
            found[:] = longest_first(found)
        return doc

    def _type(self, doc: Doc, d: Definition, found: list[Hit]) -> Hit | None:
        """A template hit for the short form (label, name, alias), or None to leave it alone."""
        short = doc.char_span(d.short_start, d.short_end)
        long = doc.char_span(d.long_start, d.long_end, alignment_mode="expand")
        if short is None or long is None:
            return None
        same = [h for h in found if h.start == short.start and h.end == short.end]
        inside = [h for h in found if h.start >= long.start and h.end <= long.end]
        if same:
            # the long form becomes an alias of a known short form only if it really spells it and
            # names no other term ("covering 10 imaging modalities (CT, ...)" is no name of CT)
            named = self._head_hit(long, inside)
            for h in same:
                other = named is not None and named.start <= long.start and named.name != h.name
                if initials_agree(d.short, d.long) and not other:
                    h.alias = h.alias or d.long
            return None
        head = self._head_hit(long, inside)
        name = singular(d.short)
        plural = name != d.short
        coined = is_coined(name)
        whole = head is not None and head.start <= long.start
        base = next((h for h in inside if h.end == long.end and h.label == "Model"), None)
        if base is not None and base.start > long.start and not plural and not whole:
            # "Radiomics-Embedded Vision Transformer (RE-ViT)", "Semi-Supervised SAM-2 (SSS)": a new
            # model built on a known one, never another name of it
            return Hit(0, 0, "Model", name, "definition", _CONF, parent=base.name, alias=d.long)
        if head is not None and head.label in ("Model", "Dataset", "Metric"):
            # "alias", not "definition": the long form names a known term, so this is no new name
            return Hit(0, 0, head.label, head.name, "alias", _CONF, parent=head.parent, alias=d.long)
        if head is not None and head.label == "Setting" and not coined and whole:
            return Hit(0, 0, "Setting", head.name, "alias", _CONF, alias=d.long)
        if plural:
            # "Vision Transformers (ViTs)", "Attention Gates (AGs)": a class of things, not one name
            return Hit(0, 0, "Generic", name, "definition", _CONF, alias=d.long)
        if head is not None and not coined:
            return Hit(0, 0, "Generic", name, "definition", _CONF, alias=d.long)
        head_label = self._label_from_head_word(long)
        if head_label is not None:
            return Hit(0, 0, head_label, name, "definition", _CONF, alias=d.long)
        if module_follows(doc, short.end):
            # "a frequency-aware boundary refinement (FABR) module", "(MS3) blocks": a named part
            return Hit(0, 0, "Model", name, "definition", _CONF, alias=d.long)
        if coined and _title_case(d.long):
            # "MulModSeg (Multi-Modal Segmentation)", "FoB (Focus on Background)": a coined method name
            return Hit(0, 0, "Model", name, "definition", _CONF, alias=d.long)
        setting = next((h for h in inside if h.label == "Setting"), None)
        if setting is not None and self._setting_phrase(doc, long, inside):
            # "few-shot medical image segmentation (FSMIS)": the setting applied to a task
            return Hit(0, 0, "Setting", setting.name, "definition", _CONF, alias=d.long)
        if any(h.label in _CLAIMING_LABELS for h in inside):
            return Hit(0, 0, "Generic", name, "definition", _CONF, alias=d.long)
        return None

    @staticmethod
    def _setting_phrase(doc: Doc, long: Span, inside: list[Hit]) -> bool:
        """The long form is a setting plus task, modality or anatomy words and nothing of its own
        ("Cold-Start Active Learning", "Active Learning by Processing Surprisal" are not)."""
        named = {i for h in inside if h.label in _CLAIMING_LABELS for i in range(h.start, h.end)}
        rest = [t.lower_ for t in long if t.i not in named and not is_punct(t.text)]
        return all(w in _SETTING_FILLERS for w in rest)

    @staticmethod
    def _mark_inner(doc: Doc, d: Definition, found: list[Hit]) -> None:
        """Names inside a new name's long form are part of that name, not mentions of their own."""
        long = doc.char_span(d.long_start, d.long_end, alignment_mode="expand")
        if long is None:
            return
        for h in found:
            if long.start <= h.start and h.end <= long.end and h.label in ("Model", "Dataset"):
                h.inner = True

    @staticmethod
    def _head_hit(long: Span, inside: list[Hit]) -> Hit | None:
        """The hit that names the long form: it ends where the long form ends and covers most of it."""
        for h in inside:
            if h.end == long.end and (h.length == len(long) or h.length * 2 > len(long)):
                return h
        return None

    def _label_from_head_word(self, long: Span) -> str | None:
        last = long[-1].text.lower().lstrip("-")
        for label in ("Dataset", "Metric", "Model"):
            heads = self.heads.get(label, frozenset())
            if last in heads or last.rstrip("s") in heads:
                return label
        return None

    @staticmethod
    def _occurrences(doc: Doc, d: Definition, template: Hit) -> Iterable[Hit]:
        """Every token spelling the short form (or its plural), not glued to a neighbouring word.

        Compared by hash on the Doc's token array: no per-definition regex to compile."""
        stem = singular(d.short)
        orth = orth_array(doc)
        wanted = (orth == get_string_id(stem)) | (orth == get_string_id(stem + "s"))
        starts, ends = char_bounds(doc)
        text = text_of(doc)
        for i in np.flatnonzero(wanted).tolist():
            start, end = starts[i], ends[i]
            if (start and _GLUED.match(text, start - 1)) or _GLUED.match(text, end):
                continue
            yield Hit(
                i,
                i + 1,
                template.label,
                template.name,
                template.source,
                template.confidence,
                parent=template.parent,
                exact=True,
                alias=template.alias,
            )


@Language.factory("kg_abbreviations", default_config={"vocab_dir": ""})
def make_abbreviation_typer(nlp: Language, name: str, vocab_dir: str) -> AbbreviationTyper:
    return AbbreviationTyper(vocabulary_at(vocab_dir).cues)
