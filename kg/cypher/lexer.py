"""Cypher tokens, read strictly: what this lexer cannot place is an error, never a guess.

The guard never sends the text it lexed to the engine (it sends its own re-serialisation), so a
place where this lexer and the engine's disagree cannot hide a clause. Strictness is still a
virtue: a number running into a word (``1LOAD``), a character outside ASCII outside a string or
a backtick name, an unknown escape or an unterminated literal is refused with its offset.

>>> [(t.kind, t.value) for t in tokenize("MATCH (p:Paper) // a comment\\nRETURN p.id, 'it\\\\'s' LIMIT 5")]
... # doctest: +NORMALIZE_WHITESPACE
[('word', 'MATCH'), ('symbol', '('), ('word', 'p'), ('symbol', ':'), ('word', 'Paper'), ('symbol', ')'),
 ('word', 'RETURN'), ('word', 'p'), ('symbol', '.'), ('word', 'id'), ('symbol', ','),
 ('string', "it's"), ('word', 'LIMIT'), ('integer', 5), ('end', None)]
>>> tokenize("LIMIT 1LOAD FROM '/etc/passwd'")
Traceback (most recent call last):
...
kg.errors.QueryError: a number runs into a word at offset 7: put a space between them
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError

_WHITESPACE = " \t\r\n"
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(
    r"0[xX][0-9A-Fa-f]+|(?:[0-9]+\.[0-9]+|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?",
)
_WORD_CHAR = re.compile(r"[A-Za-z0-9_.]")
#: longest first, so that "<=" is one token and not "<" "="
_SYMBOLS = ("<>", "<=", ">=", "=~", "..", "+=", "-", "+", "*", "/", "%", "^", "=", "<", ">", "(", ")",
            "[", "]", "{", "}", ",", ":", ".", "|", "$", ";")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class Token:
    """``kind`` is one of word, name (a `backtick` name), string, integer, float, symbol, end."""

    kind: str
    value: Any
    offset: int
    end: int = 0  # one past the token's last character

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and str(self.value).upper() in words

    def is_symbol(self, *symbols: str) -> bool:
        return self.kind == "symbol" and self.value in symbols

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the query"
        shown = f"'{self.value}'" if self.kind == "string" else str(self.value)
        return f"{shown!s} at offset {self.offset}"


def tokenize(text: str) -> list[Token]:
    """Every token of ``text`` (comments dropped), ending with one ``end`` token."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _WHITESPACE:
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise QueryError(f"unterminated /* comment at offset {i}")
            i = end + 2
        elif ch in "'\"":
            value, i_end = _string(text, i)
            tokens.append(Token("string", value, i, i_end))
            i = i_end
        elif ch == "`":
            value, i_end = _backtick_name(text, i)
            tokens.append(Token("name", value, i, i_end))
            i = i_end
        elif match := _WORD.match(text, i):
            tokens.append(Token("word", match.group(), i, match.end()))
            i = match.end()
        elif (match := _NUMBER.match(text, i)) and (ch.isdigit() or text[i + 1 : i + 2].isdigit()):
            tokens.append(_number(match.group(), i, match.end()))
            i = match.end()
            if i < n and _WORD_CHAR.match(text, i) and not text.startswith("..", i):
                raise QueryError(f"a number runs into a word at offset {i}: put a space between them")
        else:
            symbol = next((s for s in _SYMBOLS if text.startswith(s, i)), None)
            if symbol is None:
                raise QueryError(_bad_character(ch, i))
            tokens.append(Token("symbol", symbol, i, i + len(symbol)))
            i += len(symbol)
    tokens.append(Token("end", None, n, n))
    return tokens


def _bad_character(ch: str, offset: int) -> str:
    where = "is only allowed inside 'strings' or `backtick` names"
    return f"character {ch!r} (U+{ord(ch):04X}) at offset {offset} {where}"


def _number(text: str, offset: int, end: int) -> Token:
    if text[:2].lower() == "0x":
        value = int(text, 16)
    elif any(c in text for c in ".eE"):
        number = float(text)
        if number != number or number in (float("inf"), float("-inf")):
            raise QueryError(f"the number {text} at offset {offset} is out of range")
        return Token("float", number, offset, end)
    else:
        value = int(text)
    # one past INT64_MAX is allowed: it can only be written as the operand of a unary minus
    if value > INT64_MAX + 1:
        raise QueryError(f"the integer {text} at offset {offset} is larger than a 64-bit integer")
    return Token("integer", value, offset, end)


def _string(text: str, start: int) -> tuple[str, int]:
    quote, i = text[start], start + 1
    out: list[str] = []
    while i < len(text):
        ch = text[i]
        if ch == quote:
            return "".join(out), i + 1
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        escape = text[i + 1 : i + 2]
        if escape in _ESCAPES:
            out.append(_ESCAPES[escape])
            i += 2
        elif escape in ("u", "U"):
            width = 4 if escape == "u" else 8
            out.append(_code_point(text[i + 2 : i + 2 + width], width, i))
            i += 2 + width
        else:
            raise QueryError(f"unknown escape \\{escape} in the string at offset {start}")
    raise QueryError(f"unterminated string starting at offset {start}")


def _code_point(digits: str, width: int, offset: int) -> str:
    if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise QueryError(f"\\u needs {width} hex digits at offset {offset}")
    value = int(digits, 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise QueryError(f"\\u{digits} at offset {offset} is not a character")
    return chr(value)


def _backtick_name(text: str, start: int) -> tuple[str, int]:
    i = start + 1
    out: list[str] = []
    while i < len(text):
        if text[i] == "`":
            if text.startswith("``", i):
                out.append("`")
                i += 2
                continue
            name = "".join(out)
            if not name:
                raise QueryError(f"empty `` name at offset {start}")
            bad = next((c for c in name if not c.isprintable()), None)
            if bad is not None:
                raise QueryError(f"character U+{ord(bad):04X} in the name at offset {start} is not allowed")
            return name, i + 1
        out.append(text[i])
        i += 1
    raise QueryError(f"unterminated `name` starting at offset {start}")
