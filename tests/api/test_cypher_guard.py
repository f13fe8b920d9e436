"""The /cypher guard on its own: tokens, not substrings, decide."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kg.api.cypher_guard import MAX_SKIP, check_cypher, tokenize
from kg.errors import QueryError, ReadOnlyViolation


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("MATCH (n) RETURN n", ["word", "symbol", "word", "symbol", "word", "word"]),
        ("RETURN 'a\\'b' // c", ["word", "string"]),
        ("RETURN `x``y` /* z */", ["word", "name"]),
        ("RETURN 1.5e3", ["word", "number"]),
    ],
)
def test_tokens(query: str, kinds: list[str]) -> None:
    assert [t.kind for t in tokenize(query)] == kinds


@pytest.mark.parametrize(
    ("query", "cleaned"),
    [
        ("MATCH (n) RETURN n;", "MATCH (n) RETURN n"),
        ("RETURN 'CREATE; LOAD CSV' AS s", "RETURN 'CREATE; LOAD CSV' AS s"),
        (
            "MATCH (n:Load {use: 1}) RETURN n.copy AS export",
            "MATCH (n:Load {use: 1}) RETURN n.copy AS export",
        ),
        ("CALL show_tables() RETURN *", "CALL show_tables() RETURN *"),
        ("CALL db.labels() YIELD label RETURN label", "CALL db.labels() YIELD label RETURN label"),
        ("CALL { MATCH (n) RETURN n } RETURN n", "CALL { MATCH (n) RETURN n } RETURN n"),
        ("MATCH (n) DETACH DELETE n", "MATCH (n) DETACH DELETE n"),  # a write: the store refuses it
        (f"RETURN 1 SKIP {MAX_SKIP}", f"RETURN 1 SKIP {MAX_SKIP}"),
        ("CALL { RETURN 1 AS x SKIP 0 } RETURN x LIMIT 1", "CALL { RETURN 1 AS x SKIP 0 } RETURN x LIMIT 1"),
    ],
)
def test_allowed(query: str, cleaned: str) -> None:
    assert check_cypher(query) == cleaned


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("LOAD CSV FROM 'x' AS r RETURN r", {}, "LOAD is not allowed"),
        ("copy (MATCH (n) RETURN n) TO 'x'", {}, "COPY is not allowed"),
        ("MATCH (n) RETURN n; MATCH (m) RETURN m", {}, "one statement"),
        ("CALL threads=4", {}, "CALL threads is not allowed"),
        ("CALL dbms.killQueries(['x'])", {}, "CALL dbms.killQueries is not allowed"),
        ("CALL `apoc`.`load`.json('http://x') YIELD value RETURN value", {}, "CALL apoc.load.json"),
        ("DETACH 'other'", {}, "DETACH is not allowed"),
        ("RETURN 1 SKIP 5000", {}, "SKIP 5000"),
        ("RETURN 1 SKIP $n", {"n": 5000}, "SKIP 5000"),
        ("RETURN 1 SKIP $n", {"n": "5"}, "SKIP takes an integer"),
        ("RETURN 1 SKIP $n", {"n": True}, "SKIP takes an integer"),
        ("RETURN 1 SKIP toInteger('9999')", {}, "SKIP takes an integer"),
        ("RETURN 1 SKIP 10 * 5000 LIMIT 5", {}, "SKIP takes an integer"),
        ("RETURN 1 SKIP $n + 1 LIMIT 5", {"n": 1}, "SKIP takes an integer"),
        ("RETURN 1 ＳKIP 5", {}, "U+FF33"),
        ("RETURN 1\u00a0AS x", {}, "U+00A0"),
    ],
)
def test_refused(query: str, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ReadOnlyViolation, match=re.escape(message)):
        check_cypher(query, params)


@pytest.mark.parametrize(
    "query", ["", "   ", "// nothing", "/* nothing */ ;", "RETURN 'open", "RETURN /* open"]
)
def test_empty_or_unterminated(query: str) -> None:
    with pytest.raises(QueryError):
        check_cypher(query)
