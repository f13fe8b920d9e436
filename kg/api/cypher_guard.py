"""What ``POST /cypher`` refuses before a query reaches the store.

Writes are refused by the store itself (``GraphStore.query(read_only=True)``: a read-only access
mode or transaction), never by this module alone. But a read-only transaction still lets some
statements reach the file system, the network or the engine's settings — LadybugDB's
``LOAD FROM`` reads files and ``COPY … TO`` writes them inside one, ``CALL threads=…`` changes the
connection, ``CHECKPOINT`` on a read-only database wedges it; Neo4j's ``LOAD CSV`` fetches URLs
in read mode. Those have no place in a public query endpoint, so this guard refuses them by
their *clause keywords* after a real tokenisation (strings, backtick names and comments are
skipped, so ``RETURN 'LOAD CSV'`` is fine), along with several statements in one request and
non-ASCII characters outside strings (look-alike letters, zero-width joiners).

>>> check_cypher("MATCH (p:Paper) RETURN p.title AS title, 'COPY' AS word LIMIT 5;")
"MATCH (p:Paper) RETURN p.title AS title, 'COPY' AS word LIMIT 5"
>>> check_cypher("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
Traceback (most recent call last):
...
kg.errors.ReadOnlyViolation: LOAD is not allowed here: no file, network or settings access from /cypher
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError, ReadOnlyViolation

#: clause keywords that reach files, the network, extensions, other databases, settings or
#: transactions — refused wherever they appear as a keyword (not as a property, map key or string)
REFUSED_KEYWORDS = frozenset(
    {
        "LOAD",
        "COPY",
        "ATTACH",
        "INSTALL",
        "UNINSTALL",
        "EXPORT",
        "IMPORT",
        "USE",
        "CHECKPOINT",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "TERMINATE",
        "GRANT",
        "DENY",
        "REVOKE",
        "ALTER",
        "DROP",
        "START",
        "STOP",
        "ENABLE",
        "PERIODIC",
    }
)

#: procedures /cypher may CALL: introspection only (LadybugDB table functions, Neo4j db.* views)
ALLOWED_PROCEDURES = frozenset(
    {
        "show_tables",
        "table_info",
        "show_connection",
        "db_version",
        "show_functions",
        "show_indexes",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)

_READ_ONLY = "no file, network or settings access from /cypher"

#: the largest SKIP /cypher runs: LadybugDB 0.22 crashes the whole process on ORDER BY … SKIP n
#: LIMIT m when n runs far past the end of the rows (seen from n ≈ 11,900 up), so SKIP must be a
#: literal or a parameter no larger than this (the REST endpoints page without this limit)
MAX_SKIP = 1000


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "symbol", "string", "name" (backtick), "number"
    text: str
    offset: int


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9][0-9A-Za-z_.]*")


def tokenize(query: str) -> Iterator[Token]:
    """Cypher tokens, skipping comments; raises :class:`QueryError` on an unterminated literal."""
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in " \t\r\n\f\v":
            i += 1
        elif query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise QueryError(f"unterminated /* comment at offset {i}")
            i = end + 2
        elif ch in "'\"`":
            end = _closing_quote(query, i)
            yield Token("name" if ch == "`" else "string", query[i : end + 1], i)
            i = end + 1
        elif match := _WORD.match(query, i):
            yield Token("word", match.group(), i)
            i = match.end()
        elif match := _NUMBER.match(query, i):
            yield Token("number", match.group(), i)
            i = match.end()
        elif ord(ch) > 127 or not ch.isprintable():
            raise ReadOnlyViolation(
                f"character {ch!r} (U+{ord(ch):04X}) at offset {i} is only allowed inside strings, "
                "comments or `backtick` names"
            )
        else:
            yield Token("symbol", ch, i)
            i += 1


def _closing_quote(query: str, start: int) -> int:
    quote, i = query[start], start + 1
    while i < len(query):
        if query[i] == "\\" and quote != "`":
            i += 2
            continue
        if query[i] == quote:
            # a doubled backtick is an escaped backtick inside the name
            if quote == "`" and query.startswith("``", i):
                i += 2
                continue
            return i
        i += 1
    kind = "name" if quote == "`" else "string"
    raise QueryError(f"unterminated {kind} starting at offset {start}")


def check_cypher(query: str, params: Mapping[str, Any] | None = None) -> str:
    """Refuse what a public read-only endpoint must not run (see the module docstring).

    Returns the query without a trailing ``;``, which not every driver accepts.
    """
    tokens = list(tokenize(query))
    if not tokens:
        raise QueryError("the query is empty")
    for index, token in enumerate(tokens):
        if token.kind == "symbol" and token.text == ";" and index + 1 < len(tokens):
            raise ReadOnlyViolation(f"one statement per request: found ';' at offset {token.offset}")
        if token.kind != "word" or not _is_keyword(tokens, index):
            continue
        word = token.text.upper()
        if word in REFUSED_KEYWORDS:
            raise ReadOnlyViolation(f"{word} is not allowed here: {_READ_ONLY}")
        if word == "DETACH" and not _next_is(tokens, index, "DELETE"):
            raise ReadOnlyViolation(f"DETACH is not allowed here: {_READ_ONLY}")
        if word == "CALL":
            _check_call(tokens, index)
        if word == "SKIP":
            _check_skip(tokens, index, params or {})
    last = tokens[-1]
    if last.kind == "symbol" and last.text == ";":
        if len(tokens) == 1:
            raise QueryError("the query is empty")
        return query[: last.offset].rstrip()
    return query


def _is_keyword(tokens: list[Token], index: int) -> bool:
    """A word used as a keyword: not a property (``n.load``), map key (``{use: 1}``), label,
    parameter or alias (``AS copy``)."""
    before = tokens[index - 1].text if index > 0 else ""
    after = tokens[index + 1].text if index + 1 < len(tokens) else ""
    return before not in {".", ":", "$"} and before.upper() != "AS" and after != ":"


def _next_is(tokens: list[Token], index: int, word: str) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].text.upper() == word


def _check_skip(tokens: list[Token], index: int, params: Mapping[str, Any]) -> None:
    following = tokens[index + 1 : index + 4]
    value: Any = None
    after: list[Token] = []
    if following and following[0].kind == "number" and following[0].text.isdigit():
        value, after = int(following[0].text), following[1:2]
    elif len(following) >= 2 and following[0].text == "$" and following[1].kind == "word":
        value, after = params.get(following[1].text), following[2:3]
    # a value followed by an operator is an expression (SKIP 10 * 5000): refused like any other
    if after and not (after[0].kind == "word" or after[0].text in {")", "}", ";"}):
        value = None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReadOnlyViolation("SKIP takes an integer or a $parameter holding one on /cypher")
    if value > MAX_SKIP:
        raise ReadOnlyViolation(
            f"SKIP {value} is more than /cypher allows ({MAX_SKIP}); page with the REST "
            "endpoints or narrow the query"
        )


def _check_call(tokens: list[Token], index: int) -> None:
    following = tokens[index + 1 : index + 2]
    if following and following[0].text in {"{", "("}:
        return  # CALL { subquery } / CALL (vars) { subquery }: its clauses are checked like the rest
    name_parts: list[str] = []
    cursor = index + 1
    while cursor < len(tokens) and tokens[cursor].kind in {"word", "name"}:
        name_parts.append(tokens[cursor].text.strip("`"))
        if cursor + 1 < len(tokens) and tokens[cursor + 1].text == ".":
            cursor += 2
            continue
        break
    procedure = ".".join(name_parts)
    if procedure.lower() not in ALLOWED_PROCEDURES:
        allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
        raise ReadOnlyViolation(f"CALL {procedure or '…'} is not allowed here; allowed procedures: {allowed}")
