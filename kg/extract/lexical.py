"""Lexical tests of a word, exactly as spaCy's English lexeme flags compute them, memoised per word.

The extractor's Vocab skips these flags when it meets a new word (see
:func:`kg.extract.tokenizer.keep_lexeme_attrs`): most words are never asked, and computing
``like_num`` for every new word alone costs ~5% of tokenising an unseen abstract.

>>> like_num("0.93"), like_num("three"), is_punct("("), is_lower("dice")
(True, True, True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from spacy.lang.en.lex_attrs import like_num as _en_like_num
from spacy.lang.lex_attrs import is_lower as _is_lower
from spacy.lang.lex_attrs import is_punct as _is_punct

_like_num: Callable[[str], Any] = _en_like_num  # untyped in spaCy


@lru_cache(maxsize=65536)
def like_num(word: str) -> bool:
    """``Token.like_num`` of an English token with this text."""
    return bool(_like_num(word))


@lru_cache(maxsize=65536)
def is_punct(word: str) -> bool:
    """``Token.is_punct`` of a token with this text."""
    return bool(_is_punct(word))


def is_lower(word: str) -> bool:
    """``Token.is_lower`` of a token with this text."""
    return bool(_is_lower(word))
