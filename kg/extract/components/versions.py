"""``kg_versions``: versions and sizes of known families become their own entities.

``SAM 2`` / ``SAM 3`` are distinct Models ``VARIANT_OF`` SAM; ``BraTS 2020`` / ``BraTS2021`` /
``BraTs2020`` are distinct Datasets ``VERSION_OF`` BraTS; ``ResNet50``, ``ResNet-152``, ``YOLOv8``,
``GPT-4o``, ``EfficientNet-B5``, ``ConvNeXt-Tiny`` are Models ``VARIANT_OF`` their family. Two shapes
are handled: a family hit followed by a version token (``BraTS 2021``), and one token gluing the
family to its version (``BraTs2020``), recognised by a regex built from the vocabulary's family
names (plus version-only families listed in ``families.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components.arrays import char_bounds, mixed_tokens
from kg.extract.components.fields import text_of
from kg.extract.hits import SOURCE_CONFIDENCE, Hit, hits, longest_first
from kg.extract.vocab import Term, Vocabulary, vocabulary_at

_SIZE = r"(?:Tiny|Small|Base|Large|Huge|Giant|Nano|Micro|Mini|Pro|Plus|Lite|XL|XXL|T|S|B|L|H|G|M|N|X)"
_VERSION = rf"(?:[vV]\d+(?:\.\d+)?[a-z]?|\d+(?:\.\d+)?[a-z]?|[A-Z]\d+|{_SIZE}(?:/\d+)?)"
_GLUED = rf"(?P<sep>[-_ ]?)(?P<ver>{_VERSION}(?:[-_]{_VERSION})?)"
_SUFFIX = re.compile(_GLUED)
# words that contain a digit or an inner hyphen: the only ones that can glue a family to a version
_VERSIONED_WORD = re.compile(r"[A-Za-z][\w.\-]*?(?:\d|-[A-Z])[\w.\-]*(?<![.\-])")
_GLUED_BEFORE = re.compile(r"[\w\-]")
_GLUED_AFTER = re.compile(r"\w|[.\-]\w")
_VARIANT_CONF = SOURCE_CONFIDENCE["variant"]
_NEXT_TOKEN_VERSION = re.compile(r"^(?:[vV]?\d{1,4}(?:\.\d+)?[a-z]?)$")


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _is_year(ver: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d|\d\d", ver))


def variant_name(base: Term, sep: str, ver: str) -> str:
    """Canonical spelling of a family variant.

    >>> variant_name(Term("Dataset", "BraTS"), "", "2021"), variant_name(Term("Dataset", "KiTS"), "", "23")
    ('BraTS 2021', 'KiTS 2023')
    >>> variant_name(Term("Model", "YOLO"), "", "v8"), variant_name(Term("Model", "ResNet"), "", "50")
    ('YOLOv8', 'ResNet-50')
    """
    if base.label == "Dataset" and _is_year(ver):
        year = ver if len(ver) == 4 else f"20{ver}"
        return f"{base.name} {year}"
    if ver[:1] in "vV" and ver[1:2].isdigit():
        return f"{base.name}{ver}"
    return f"{base.name}-{ver}" if base.label == "Model" or sep else f"{base.name} {ver}"


class VersionFinder:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.known: dict[str, Term] = {}
        exact: dict[str, Term] = {}
        lower: dict[str, Term] = {}
        families = [t for t in vocabulary.terms if t.label in ("Model", "Dataset")]
        for term in families:
            self.known.setdefault(_norm(term.name), term)
            for form, policy in term.surfaces():
                if " " in form or not form[-1:].isalpha():
                    continue  # a family name ends in a letter (ResNet, BraTS), not a version
                if policy == "exact":
                    exact.setdefault(form, term)
                else:
                    lower.setdefault(form.lower(), term)
        self.exact_bases = exact
        self.lower_bases = lower
        # per-process memo: the same words recur across abstracts (a dictionary hit beats re-splitting)
        self._glued_memo: dict[str, tuple[Term, str, str] | None] = {}
        self._variant_memo: dict[str, tuple[str, str, str | None] | None] = {}

    def glued(self, text: str) -> tuple[Term, str, str] | None:
        """``(family, sep, version)`` when ``text`` is a family name glued to a version.

        Every split point is tried (a dictionary lookup each): far cheaper than one regex
        alternating over thousands of family names. Answers are memoised per word.
        """
        memo = self._glued_memo
        if text in memo:
            return memo[text]
        found = memo[text] = self._split_glued(text)
        return found

    def _split_glued(self, text: str) -> tuple[Term, str, str] | None:
        for k in range(len(text) - 1, 0, -1):
            if not text[k - 1].isalpha():
                continue
            head = text[:k]  # a dictionary look-up first: far cheaper than the version regex
            base = self.exact_bases.get(head) or self.lower_bases.get(head.lower())
            if base is None:
                continue
            m = _SUFFIX.fullmatch(text, k)
            if m is not None:
                return base, m.group("sep"), m.group("ver")
        return None

    def resolve(self, base: Term, sep: str, ver: str) -> tuple[str, str | None]:
        """The canonical name of a variant and its parent (None when it is already a listed term)."""
        name = variant_name(base, sep, ver)
        listed = self.known.get(_norm(name)) or self.known.get(_norm(base.name + ver))
        if listed is not None and listed.name != base.name:
            return listed.name, listed.parent
        return name, base.parent or base.name

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        new = [*self._followed_by_version(doc, found), *self._glued_tokens(doc)]
        if new:
            found.extend(new)
            found[:] = longest_first(found)
        return doc

    def _followed_by_version(self, doc: Doc, found: list[Hit]) -> Iterable[Hit]:
        starts, ends = char_bounds(doc)
        text_all = text_of(doc)
        n = len(starts)
        for h in found:
            if h.label not in ("Model", "Dataset") or h.end >= n or h.parent:
                continue
            nxt_text = text_all[starts[h.end] : ends[h.end]]
            if not _NEXT_TOKEN_VERSION.match(nxt_text) or ends[h.end - 1] == starts[h.end]:
                continue
            after = text_all[starts[h.end + 1] : ends[h.end + 1]] if h.end + 1 < n else ""
            if after.lower() in {"times", "%", "x", "fold", "mm", "cm", "images", "cases", "patients"}:
                continue
            not_year = h.label == "Dataset" and not _is_year(nxt_text)
            if not_year or (h.label == "Model" and len(nxt_text) > 4):
                continue
            term = Term(h.label, h.name)
            name, parent = self.resolve(term, " ", nxt_text)
            yield Hit(
                h.start,
                h.end + 1,
                h.label,
                name,
                "variant",
                SOURCE_CONFIDENCE["variant"],
                parent=parent,
                exact=h.exact,
            )

    def _glued_tokens(self, doc: Doc) -> Iterable[Hit]:
        # candidate words are the Doc's non-plain tokens (from its arrays), not a loop over all tokens;
        # the word's own answer is memoised, so the context test runs only for real variants
        starts, ends = char_bounds(doc)
        text_all = text_of(doc)
        memo = self._variant_memo
        for i in mixed_tokens(doc):
            start, end = starts[i], ends[i]
            word = text_all[start:end]
            if word in memo:
                variant = memo[word]
            else:
                variant = memo[word] = self._glued_variant(word)
            if variant is None:
                continue
            if (start and _GLUED_BEFORE.match(text_all, start - 1)) or _GLUED_AFTER.match(text_all, end):
                continue  # part of a longer word the tokenizer split
            label, name, parent = variant
            yield Hit(i, i + 1, label, name, "variant", _VARIANT_CONF, parent=parent, exact=True)

    def _glued_variant(self, word: str) -> tuple[str, str, str | None] | None:
        """``(label, name, parent)`` when the word glues a known family to a version."""
        if not _VERSIONED_WORD.fullmatch(word):
            return None
        glued = self.glued(word)
        if glued is None:
            return None
        base, sep, ver = glued
        if not sep and not ver[:1].isdigit() and ver[:1] not in "vV":
            return None  # "SAMS", "UNetL": a glued size letter is too ambiguous
        if base.label == "Dataset" and not _is_year(ver):
            return None
        name, parent = self.resolve(base, sep, ver)
        return base.label, name, parent


@Language.factory("kg_versions", default_config={"vocab_dir": ""})
def make_version_finder(nlp: Language, name: str, vocab_dir: str) -> VersionFinder:
    return VersionFinder(vocabulary_at(vocab_dir))
