"""Abbreviation definitions in text: ``Long Form (SF)`` and ``SF (Long Form)``.

The long form is found with the Schwartz & Hearst (2003) algorithm: walk the short form right to
left, matching each character in the words before the parenthesis, the first character at a word
start. Pure string work over the raw text (C-speed regex to find parentheses).

>>> [(d.short, d.long) for d in find_definitions("a Frequency-aware Matching Network (FAMNet) and SAM")]
[('FAMNet', 'Frequency-aware Matching Network')]
>>> [(d.short, d.long) for d in find_definitions("FoB (Focus on Background) is")]
[('FoB', 'Focus on Background')]
>>> text = "the Segment Anything Model (SAM) and Vision Transformer (ViT)"
>>> [(d.short, d.long) for d in find_definitions(text)]
[('SAM', 'Segment Anything Model'), ('ViT', 'Vision Transformer')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,120})\)")
_WORD = re.compile(r"[^\s]+")
_HEAD_NOUNS = {
    "model",
    "module",
    "block",
    "loss",
    "layer",
    "network",
    "net",
    "framework",
    "method",
    "dataset",
    "benchmark",
    "score",
    "metric",
    "strategy",
    "mechanism",
    "unit",
    "head",
}
_SHORT_FORM = re.compile(r"^[A-Za-z0-9][\w\-+.&/']{0,14}$")


@dataclass(frozen=True, slots=True)
class Definition:
    """One abbreviation definition with character offsets of both parts."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def _is_short_form(text: str) -> bool:
    if not _SHORT_FORM.match(text) or len(text) < 2:
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= 1 and any(c.isupper() for c in text) and text.lower() != text


def best_long_form(short: str, long: str) -> str | None:
    """The shortest tail of ``long`` whose words spell ``short`` (Schwartz & Hearst)."""
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = long.rfind(" ", 0, i + 1) + 1
    found = long[start:]
    if len(found.split()) < 1 or found.lower() == short.lower() or len(found) <= len(short):
        return None
    return found


_FUNCTION_WORDS = frozenset(
    ("a", "an", "the", "of", "for", "in", "on", "and", "or", "to", "with", "by", "via", "from", "at", "as")
)


def initials_agree(short: str, long: str) -> bool:
    """Every content word of ``long`` starts a letter of ``short`` (or one of its hyphen parts does);
    a trailing head noun (``network``, ``module``) may stand outside it, and a title-case long form
    may skip one word. Rejects long forms that
    Schwartz-Hearst stretches over ordinary prose ("significant progress in medical image
    segmentation" for SSMIS).

    >>> initials_agree("SSMIS", "semi-supervised medical image segmentation")
    True
    >>> initials_agree("SSMIS", "significant progress in medical image segmentation")
    False
    >>> initials_agree("CSR", "Concept-based Similarity Reasoning network")
    True
    """
    letters = short.lower()
    words = [w for w in re.split(r"[\s/]+", long.lower()) if w and w not in _FUNCTION_WORDS]
    if words and words[-1].rstrip("s") in _HEAD_NOUNS:
        words = words[:-1]
    # a coined name in title case often skips a word ("CONtrastive learning from Captions for
    # Histopathology"); prose long forms may not
    capitals = [w for w in long.split() if len(w) > 3]
    slack = 1 if capitals and sum(w[0].isupper() for w in capitals) * 2 >= len(capitals) else 0
    misses = 0
    for word in words:
        parts = [p for p in re.split(r"[-‐–]", word) if p]
        if parts and not any(p[0] in letters for p in parts):
            misses += 1
    return misses <= slack


def _window_before(text: str, end: int, n_words: int) -> tuple[int, str]:
    """The last ``n_words`` words before ``end`` (stopping at sentence-ish punctuation)."""
    words = list(_WORD.finditer(text, max(0, end - 200), end))
    words = words[-n_words:]
    cut = 0
    for k, w in enumerate(words):
        if w.group().endswith((".", ";", ":", ",", ")", "]")) and k < len(words) - 1:
            cut = k + 1
        if k and "\n" in text[words[k - 1].end() : w.start()]:
            cut = max(cut, k)
    words = words[cut:]
    if not words:
        return end, ""
    start = words[0].start()
    return start, text[start:end].rstrip()


def find_definitions(text: str) -> list[Definition]:
    """Every ``LF (SF)`` / ``SF (LF)`` definition in ``text``."""
    out: list[Definition] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        inner_start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        # "LF (SF)": a short form in the parentheses, possibly followed by "; ..." or ", ..."
        sf = re.split(r"[;,]\s", inner, maxsplit=1)[0].strip()
        words = sf.split()
        if len(words) == 2 and words[1].lower() in _HEAD_NOUNS:
            sf = words[0]  # "learned Mumford-Shah model (LMS model)"
        if _is_short_form(sf) and len(sf.split()) == 1:
            n = min(len(sf) + 5, len(sf) * 2)
            lf_start, window = _window_before(text, m.start(), n)
            long = best_long_form(sf, window) if window else None
            stem = sf.rstrip("0123456789")
            if not long and window and stem != sf and len(stem) >= 2:
                long = best_long_form(stem, window)  # "Multi-Scale Selective Scan (MS3)": a numbered name
            if long:
                start = lf_start + len(window) - len(long)
                out.append(Definition(sf, long, inner_start, inner_start + len(sf), start, start + len(long)))
                continue
        # "SF (LF)": the word before the parenthesis is the short form
        before = list(_WORD.finditer(text, max(0, m.start() - 20), m.start()))
        if before and len(inner.split()) >= 2:
            word = before[-1]
            sf = word.group().strip(",;:")
            if _is_short_form(sf) and best_long_form(sf, inner) == inner:
                out.append(
                    Definition(
                        sf, inner, word.start(), word.start() + len(sf), inner_start, inner_start + len(inner)
                    )
                )
    return out
