"""The read subset: canonical forms, refusals by class, and canonical text both stores accept.

Golden pairs fix the canonical text; every canonical form is a fixpoint (parsing it gives it
back); the portable reads run on a real LadybugDB store with the same answers as their
original text, and pass Neo4j's own Cypher parser (tools/cypher-check).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.cypher import read_only_query
from kg.errors import QueryError, ReadOnlyViolation
from kg.store import open_store
from kg.store.base import GraphStore

#: (query as a user writes it, its canonical text)
CANONICAL: list[tuple[str, str]] = [
    ("match (p:Paper) return p.title limit 3", "MATCH (p:Paper) RETURN p.title AS `p.title` LIMIT 3"),
    ("MATCH (p:Paper)-[:USES]->(m:Model {name: $m}) RETURN count(*)",
     "MATCH (p:Paper)-[:USES]->(m:Model {name: $m}) RETURN count(*) AS `count(*)`"),
    ("MATCH (a)<-[r:USES|USES_DATASET]-(b) RETURN a, r, b",
     "MATCH (a)<-[r:USES|USES_DATASET]-(b) RETURN a AS a, r AS r, b AS b"),
    ("MATCH p = (a:Paper)-[*1..2]-(b) RETURN length(p) AS n",
     "MATCH p = (a:Paper)-[*1..2]-(b) RETURN length(p) AS n"),
    ("RETURN 'it''s'", None),  # two strings side by side: a syntax error, below
    ("RETURN \"quote \\\" and \\\\ and é\" AS s", "RETURN 'quote \" and \\\\ and \\u00e9' AS s"),
    ("RETURN 0x1F AS x, 1.5e3 AS y, -9223372036854775808 AS z",
     "RETURN 31 AS x, 1500.0 AS y, -9223372036854775808 AS z"),
    ("WITH 1 AS x WHERE x > 0 RETURN x", "WITH 1 AS x WHERE (x > 0) RETURN x AS x"),
    ("MATCH (p:Paper) WITH p.year AS y, count(*) AS c RETURN y, c ORDER BY c DESC, y SKIP 1 LIMIT 2",
     "MATCH (p:Paper) WITH p.year AS y, count(*) AS c "
     "RETURN y AS y, c AS c ORDER BY c DESC, y SKIP 1 LIMIT 2"),
    ("RETURN 1 AS x UNION ALL RETURN 2 AS x", "RETURN 1 AS x UNION ALL RETURN 2 AS x"),
    ("RETURN CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END AS c",
     "RETURN CASE WHEN (1 = 1) THEN 'a' ELSE 'b' END AS c"),
    ("RETURN {use: 3}.use AS n;", "RETURN {`use`: 3}.`use` AS n"),
    ("/* CREATE */ RETURN 2 AS `load` // COPY", "RETURN 2 AS `load`"),
    ("MATCH (p:Paper) WHERE NOT EXISTS { MATCH (p)-[:USES]->(:Model) } RETURN p.id",
     "MATCH (p:Paper) WHERE (NOT EXISTS { MATCH (p)-[:USES]->(:Model) }) RETURN p.id AS `p.id`"),
    ("RETURN [x IN [1, 2, 3] WHERE x > 1 | x * 2] AS l",
     "RETURN [x IN [1, 2, 3] WHERE (x > 1) | (x * 2)] AS l"),
    ("CALL db.labels() YIELD label RETURN label", "CALL db.labels() YIELD label RETURN label AS label"),
    ("CALL show_tables() RETURN *", "CALL show_tables() RETURN *"),
]


@pytest.mark.parametrize(("query", "canonical"), [c for c in CANONICAL if c[1] is not None])
def test_canonical_text(query: str, canonical: str) -> None:
    assert read_only_query(query) == canonical
    assert read_only_query(canonical) == canonical, "the canonical text is a fixpoint"


RO, QE = ReadOnlyViolation, QueryError
#: (class, query, params, exception, words the message must hold)
REFUSED: list[tuple[str, str, dict[str, Any], type[QueryError], str]] = [
    ("write", "CREATE (:Model {name: 'x'})", {}, RO, "CREATE writes"),
    ("write", "MATCH (n) SET n.name = 'x' RETURN n", {}, RO, "SET writes"),
    ("write", "MATCH (n) DETACH DELETE n", {}, RO, "DETACH writes"),
    ("write", "MATCH (n) WITH n merge (m:Model {name: 'x'}) RETURN m", {}, RO, "MERGE"),
    ("write", "RETURN 1 AS x UNION CREATE (n)", {}, RO, "CREATE"),
    ("write", "MATCH (n) FOREACH (x IN [1] | CREATE (:M))", {}, RO, "FOREACH"),
    ("file", "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", {}, RO, "LOAD is not allowed"),
    ("file", "MATCH (n) RETURN n LIMIT 1 COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'", {}, RO,
     "COPY"),
    ("file", "INSTALL httpfs", {}, RO, "INSTALL"),
    ("file", "ATTACH '/tmp/o.lbug' AS o (dbtype lbug)", {}, RO, "ATTACH"),
    ("setting", "CALL threads=1", {}, RO, "setting"),
    ("transaction", "BEGIN TRANSACTION", {}, RO, "BEGIN"),
    ("transaction", "RETURN 1; COMMIT", {}, RO, "COMMIT"),
    ("statements", "RETURN 1; RETURN 2", {}, RO, "one statement"),
    ("glued", "MATCH (n) RETURN n LIMIT 1LOAD FROM '/etc/passwd' RETURN *", {}, QE, "runs into a word"),
    ("comment", "MATCH (n) RETURN n /* CREATE (:M)", {}, QE, "unterminated /*"),
    ("comment", "RETURN 1 /* **/ ' */ COPY (MATCH (n) RETURN n) TO '/tmp/x.csv' //'", {}, QE, "syntax"),
    ("string", "RETURN 'x; CREATE (:M)", {}, QE, "unterminated string"),
    ("string", "RETURN 'it''s'", {}, QE, "syntax"),
    ("string", r"RETURN '\q'", {}, QE, "unknown escape"),
    ("unicode", "ＣＲＥＡＴＥ (:M)", {}, QE, "U+FF23"),
    ("unicode", "CRE\u200dATE (:M)", {}, QE, "U+200D"),
    ("unicode", "RETURN\u00a01", {}, QE, "U+00A0"),
    ("procedure", "CALL apoc.create.node(['M'], {}) YIELD node RETURN node", {}, QE, "CALL"),
    ("procedure", "CALL dbms.killQueries(['1'])", {}, RO, "not allowed"),
    ("procedure", "CALL read_csv('/etc/passwd') RETURN *", {}, RO, "not allowed"),
    ("procedure", "CALL { MATCH (n) RETURN n } RETURN 1", {}, RO, "subqueries"),
    ("function", "RETURN lpad('a', 1000000000, 'b') AS s", {}, RO, "lpad() is not available"),
    ("function", "RETURN apoc.text.join(['a'], ',') AS s", {}, RO, "not available"),
    ("bound", "UNWIND range(1, 1000000000) AS x RETURN x", {}, RO, "at most 100000"),
    ("bound", "UNWIND range(1, $n) AS x RETURN x", {"n": 10**9}, RO, "at most 100000"),
    ("bound", "UNWIND range(1, toInteger('9')) AS x RETURN x", {}, RO, "integer literals"),
    ("bound", "RETURN 1 AS x ORDER BY x SKIP 20000", {}, RO, "SKIP 20000"),
    ("bound", "RETURN 1 AS x SKIP $far", {"far": 20000}, RO, "SKIP 20000"),
    ("bound", "RETURN 1 AS x SKIP 10 * 5000", {}, QE, "syntax"),
    ("bound", "RETURN 1 AS x SKIP $s", {"s": "10"}, RO, "integer"),
    ("bound", "MATCH (a)-[*]->(b) RETURN a", {}, RO, "upper bound"),
    ("bound", "MATCH (a)-[*1..50]->(b) RETURN a", {}, RO, "6 hops"),
    ("bound", "RETURN '" + "a" * 20_000 + "' AS s", {}, RO, "at most 10000"),
    ("bound", "RETURN [" + ", ".join(["1"] * 2000) + "] AS l", {}, RO, "at most 1000"),
    ("bound", "RETURN " + "[" * 60 + "]" * 60 + " AS l", {}, QE, "deeper than"),
    ("bound", "RETURN 1" + " + 1" * 3000 + " AS x", {}, QE, "levels deep"),
    ("params", "RETURN $x AS x", {"x": "a" * 2_000_000}, QE, "bytes"),
    ("params", "RETURN $x AS x", {"x": 2**70}, QE, "64-bit"),
    ("params", "RETURN $x AS x", {"x": [[[[[[[[[[1]]]]]]]]]]}, QE, "nest deeper"),
    ("params", "RETURN $x AS x", {"bad name": 1}, QE, "plain identifier"),
    ("syntax", "MATCH (n RETURN n", {}, QE, "syntax"),
    ("syntax", "MATCH (n)", {}, QE, "ends with RETURN"),
    ("syntax", "   ", {}, QE, "empty"),
    ("path", "MATCH p = shortestPath((a)-[*]-(b)) RETURN p", {}, RO, "shortestPath"),
]


@pytest.mark.parametrize(("kind", "query", "params", "error", "words"), REFUSED,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(REFUSED)])
def test_refused(kind: str, query: str, params: dict[str, Any], error: type[QueryError], words: str) -> None:
    with pytest.raises(error) as raised:
        read_only_query(query, params)
    assert words.lower() in str(raised.value).lower()


#: reads whose answer on the sample graph must not change by going through the canonical text
PORTABLE_READS = [
    "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset) RETURN d.name AS dataset, count(p) AS papers "
    "ORDER BY papers DESC, dataset LIMIT 10",
    "MATCH (m:Model)<-[:USES]-(p:Paper) WHERE m.name STARTS WITH 'S' AND p.title CONTAINS 'a' "
    "RETURN m.name AS model, count(DISTINCT p) AS n ORDER BY n DESC, model LIMIT 5",
    "MATCH (p:Paper) WHERE p.title =~ '.*[Ss]egment.*' RETURN count(*) AS n",
    "MATCH (p:Paper) OPTIONAL MATCH (p)-[r:HAS_CODE]->(c) RETURN p.id AS id, c.url AS url "
    "ORDER BY id LIMIT 5",
    "MATCH (p:Paper) WITH p, size(p.title) AS length WHERE length > 50 RETURN count(p) AS long_titles",
    "UNWIND [1, 2, 3] AS x RETURN x * 2 AS doubled, CASE WHEN x % 2 = 0 THEN 'even' ELSE 'odd' END AS kind",
    "MATCH (d:Dataset)-[:VERSION_OF]->(f:Dataset) RETURN f.name AS family, collect(d.name) AS editions "
    "ORDER BY family LIMIT 5",
    "MATCH (p:Paper)-[:USES]->(:Model)<-[:USES]-(q:Paper) WHERE p.id < q.id RETURN count(*) AS pairs",
    "RETURN coalesce(NULL, 'x') AS c, abs(-3) AS a, toLower('AB') AS l, 7 / 2 AS q, 2 ^ 3 AS p",
    "MATCH (p:Paper) WHERE NOT EXISTS { MATCH (p)-[:USES]->(:Model) } RETURN count(p) AS without_models",
    "MATCH (p:Paper {id: $id}) RETURN p.title AS title",
]


@pytest.fixture(scope="module")
def sample_store(sample_store_path: Path) -> Iterator[GraphStore]:
    with open_store(str(sample_store_path), read_only=True) as store:
        yield store


@pytest.mark.parametrize("query", PORTABLE_READS)
def test_canonical_text_answers_like_the_original(sample_store: GraphStore, query: str) -> None:
    params = {"id": "2506.08949"} if "$id" in query else {}
    original = sample_store.query(query, params, read_only=True)
    canonical = sample_store.query(read_only_query(query, params), params, read_only=True)
    assert canonical.rows == original.rows and original.rows
    assert canonical.columns == original.columns


def test_canonical_text_passes_neo4js_parser() -> None:
    from tests.kg.store.test_neo4j_cypher import run_checker

    statements = {f"read {i}": read_only_query(q, {"id": "x"}) for i, q in enumerate(PORTABLE_READS)}
    statements.update({f"golden {i}": c for i, (_, c) in enumerate(CANONICAL)
                       if c is not None and "show_tables" not in c})
    failures = [v for v in run_checker(statements) if v["errors"]]
    assert not failures, failures
