"""``kg_fields``: a paper is one Doc, ``title + "\\n\\n" + abstract``; mark where the abstract starts.

The extractor stores the title's length in ``doc.user_data["kg_title_len"]``; this component makes
the first abstract token a sentence start (the sentencizer keeps preset boundaries) and records its
index as ``doc.user_data["kg_abstract_start"]`` so later components know which tokens are the title.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components.arrays import char_bounds

FIELD_SEPARATOR = "\n\n"
TITLE_LEN = "kg_title_len"
ABSTRACT_START = "kg_abstract_start"
TITLE_END = "kg_title_end"
TEXT = "kg_text"


def text_of(doc: Doc) -> str:
    """The Doc's text, cached: ``doc.text`` re-joins every token on each access."""
    text: str | None = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def title_end(doc: Doc) -> int:
    """Index just past the title's last token (the separator's whitespace token excluded)."""
    value = doc.user_data.get(TITLE_END)
    return abstract_start(doc) if value is None else int(value)


def abstract_start(doc: Doc) -> int:
    """Index of the first abstract token (``len(doc)`` when there is no abstract)."""
    value = doc.user_data.get(ABSTRACT_START)
    return len(doc) if value is None else int(value)


@Language.component("kg_fields")
def mark_fields(doc: Doc) -> Doc:
    text_of(doc)
    title_len = doc.user_data.get(TITLE_LEN)
    start = len(doc)
    if title_len is not None:
        begin = int(title_len) + len(FIELD_SEPARATOR)
        start = bisect_left(char_bounds(doc)[0], begin)
    doc.user_data[ABSTRACT_START] = start
    end = start
    text = text_of(doc)
    starts, ends = char_bounds(doc)
    while end > 0 and text[starts[end - 1] : ends[end - 1]].isspace():
        end -= 1
    doc.user_data[TITLE_END] = end
    return doc
