"""The Neo4j store's own behaviour: settings, errors, batching, dialects — over a real Bolt server.

The server is FalkorDB's Bolt endpoint (see bolt_server.py); the contract suite runs there too.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from neo4j_backends import bolt_uri
from store_corpus import P1, corpus, entity

from kg.errors import ConfigError, MissingExtraError, QueryError, ReadOnlyViolation, SchemaError, StoreError
from kg.graph import build_graph
from kg.model import Extraction, GraphDocument, Node
from kg.schema import load_schema
from kg.store import cypher, open_store
from kg.store.neo4j import MAX_MESSAGE_BYTES, Neo4jStore, has_write_clause, store_statements
from kg.store.neo4j_batches import batches, encoded_size
from kg.store.neo4j_conn import BoltSettings, driver_module, translate

pytestmark = pytest.mark.bolt


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    store = Neo4jStore.open(bolt_uri())
    store.clear()
    store.ensure_schema()
    yield store
    store.close()


# -- settings and errors (no server needed) ------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "env", "auth", "driver_uri"),
    [
        ("bolt://localhost:7687", {}, None, "bolt://localhost:7687"),
        ("bolt://localhost:7687", {"NEO4J_USER": "kg", "NEO4J_PASSWORD": "pw"}, ("kg", "pw"),
         "bolt://localhost:7687"),
        ("bolt://localhost", {"NEO4J_PASSWORD": "pw"}, ("neo4j", "pw"), "bolt://localhost"),
        ("neo4j://u:p%40ss@db:7687?database=kg", {"NEO4J_PASSWORD": "env"}, ("u", "p@ss"), "neo4j://db:7687"),
        ("neo4j://db:7687?policy=eu&dialect=neo4j", {}, None, "neo4j://db:7687?policy=eu"),
    ],
)
def test_settings_from_uri_and_environment(uri: str, env: dict[str, str], auth: Any, driver_uri: str) -> None:
    settings = BoltSettings.from_uri(uri, env=env)
    assert settings.auth == auth
    assert settings.driver_uri == driver_uri
    assert "pw" not in settings.display and "p@ss" not in settings.display


def test_uri_options_are_checked() -> None:
    assert BoltSettings.from_uri("bolt://h:1?database=kg", env={}).database == "kg"
    with pytest.raises(ConfigError, match="dialect"):
        BoltSettings.from_uri("bolt://h:1?dialect=mysql", env={})
    with pytest.raises(ConfigError, match="no host"):
        BoltSettings.from_uri("bolt://", env={})


@pytest.mark.parametrize(
    ("error", "expected", "advice"),
    [
        (neo4j.exceptions.AuthError("The client is unauthorized"), StoreError, "NEO4J_USER/NEO4J_PASSWORD"),
        (neo4j.exceptions.ServiceUnavailable("Couldn't connect"), StoreError, "docker compose up -d neo4j"),
        (neo4j.exceptions.ConstraintError("already exists with label `Model`"), StoreError, "constraint"),
    ],
)
def test_driver_errors_become_project_errors_with_advice(error: Exception, expected: type[Exception],
                                                         advice: str) -> None:
    translated = translate(error, "bolt://db:7687")
    assert type(translated) is expected
    assert advice in str(translated) and "bolt://db:7687" in str(translated)


def test_an_unreachable_server_fails_at_once_with_advice() -> None:
    advice = r"is Neo4j running\? docker compose up -d neo4j \(or scripts/neo4j-local start\)"
    with pytest.raises(StoreError, match=advice):
        open_store("bolt://127.0.0.1:1")


def test_server_notifications_stay_off_a_plain_processs_stderr() -> None:
    """Neo4j 5 answers e.g. "property `aliases` does not exist" on an empty graph; the driver logs
    it as a WARNING, which without a handler Python would print on every `kg build`."""
    code = ("import logging, kg.store.neo4j_conn; "
            "logging.getLogger('neo4j.notifications').warning('Received notification from DBMS server')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == ""


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "neo4j", None)  # what an environment without the package gives
    with pytest.raises(MissingExtraError, match=r"medimg-kg\[neo4j\]"):
        driver_module()


def test_write_clauses_are_recognised_outside_strings_and_comments() -> None:
    assert has_write_clause("MATCH (n) DETACH DELETE n")
    assert has_write_clause("match (n) set n.x = 1")
    assert has_write_clause("CALL db.idx.fulltext.createNodeIndex('Paper', 'title')")
    assert not has_write_clause("MATCH (n) WHERE n.name = 'CREATE' RETURN n // SET")
    assert not has_write_clause("MATCH (n:Dataset) WHERE n.name CONTAINS \"DELETE\" RETURN n.`merge`")


# -- batching -------------------------------------------------------------------------------------


def test_batches_honour_the_row_count_and_the_message_budget() -> None:
    rows = [{"key": f"k{i}", "props": {"abstract": "x" * 500}} for i in range(9)]
    assert [len(b) for b in batches(rows, batch_size=4)] == [4, 4, 1]
    budgeted = list(batches(rows, batch_size=1000, max_bytes=1200))
    assert all(encoded_size(b) <= 1200 for b in budgeted)
    assert sum(len(b) for b in budgeted) == 9


def test_a_row_over_the_budget_is_split_by_property() -> None:
    row = {"key": "p", "props": {"title": "t" * 900, "abstract": "a" * 900, "comment": None}}
    parts = list(batches([row], batch_size=10, max_bytes=1000))
    assert all(encoded_size(b) <= 1000 for b in parts)
    merged: dict[str, Any] = {}
    for batch in parts:
        for part in batch:
            assert part["key"] == "p"
            merged.update(part["props"])
    assert merged == row["props"]
    with pytest.raises(StoreError, match="more than this server accepts"):
        list(batches([{"key": "p", "props": {"abstract": "a" * 2000}}], batch_size=10, max_bytes=1000))


# -- over Bolt ------------------------------------------------------------------------------------


def test_the_dialect_is_detected_when_not_given(store: Neo4jStore) -> None:
    detected = Neo4jStore.open(bolt_uri().replace("?dialect=falkordb", ""))
    assert detected.dialect == "falkordb"


def test_papers_larger_than_one_falkordb_message_are_written_whole(store: Neo4jStore) -> None:
    limit = MAX_MESSAGE_BYTES["falkordb"]
    assert limit is not None
    long = P1.model_copy(update={"abstract": "Segment Anything on cardiac MRI. " * 80,
                                 "other_titles": ["an older title " * 10] * 5})
    assert encoded_size(long.abstract) > limit / 2
    store.upsert(build_graph([Extraction(paper=long, entities=[entity("Model", "SAM")])]), batch_size=30)
    rows = store.query("MATCH (p:Paper {id: $id}) RETURN p.abstract, p.other_titles", {"id": P1.id}).rows
    assert rows == [[long.abstract, long.other_titles]]


def test_batch_size_does_not_change_the_graph(store: Neo4jStore) -> None:
    doc = build_graph(corpus())
    store.upsert(doc, batch_size=1)
    one = store.query("MATCH (n) RETURN n ORDER BY n.id, n.name, n.url").rows
    store.clear()
    store.upsert(doc, batch_size=1000)
    assert store.query("MATCH (n) RETURN n ORDER BY n.id, n.name, n.url").rows == one


def test_a_refused_document_writes_nothing_even_without_transactions(store: Neo4jStore) -> None:
    """FalkorDB autocommits every statement: the store checks the whole document before writing."""
    good = build_graph(corpus())
    bad = GraphDocument(nodes=[*good.nodes, Node(label="Model", key="X", properties={"colour": "red"})],
                        relationships=good.relationships)
    with pytest.raises(SchemaError, match="colour"):
        store.upsert(bad)
    assert sum(store.stats().nodes.values()) == 0


def test_a_read_only_store_refuses_every_write(store: Neo4jStore) -> None:
    store.upsert(build_graph(corpus()))
    reader = open_store(bolt_uri(), read_only=True)
    assert reader.query("MATCH (p:Paper) RETURN count(p)").rows == [[4]]
    for attempt in (lambda: reader.query("MERGE (m:Model {name: 'x'})"), reader.clear, reader.ensure_schema,
                    lambda: reader.upsert(build_graph(corpus()))):
        with pytest.raises(ReadOnlyViolation):
            attempt()
    assert store.stats().nodes["Model"] == 3


def test_a_closed_store_says_so(store: Neo4jStore) -> None:
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.stats()


def test_server_errors_are_query_errors(store: Neo4jStore) -> None:
    with pytest.raises(QueryError):
        store.query("THIS IS NOT CYPHER")
    assert store.query("RETURN 1 AS one").rows == [[1]]  # the shared connection survives


def test_everything_the_store_sends_is_in_the_checked_collection(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The syntax check's collection (``store_statements``) is complete for the paths exercised here."""
    sent: list[str] = []
    original = neo4j.ManagedTransaction.run

    def recording_run(self: Any, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
        sent.append(str(query))
        return original(self, query, parameters, **kwargs)

    monkeypatch.setattr(neo4j.ManagedTransaction, "run", recording_run)
    user = "MATCH ()-[r:USES]->() RETURN r"
    reopened = Neo4jStore.open(store.uri)
    reopened.ensure_schema()
    reopened.upsert(build_graph(corpus()), batch_size=2)
    reopened.upsert(build_graph([Extraction(paper=P1, entities=[entity("Dataset", "ACDC")])]))
    reopened.query(user, read_only=True)
    reopened.stats()
    reopened.clear()
    known = set(store_statements(load_schema(), "falkordb").values())
    unexpected = [s for s in sent if s not in known and s != user]
    assert not unexpected
    assert cypher.bolt_endpoints("falkordb") in sent  # the end-node lookup ran
    assert len(set(sent)) > 20


@pytest.mark.parametrize("text", ["it's", "a\\b", "back\\", "'quoted' \"both\"", "l'œil 胸部 🫀", "\\'"])
def test_strings_round_trip_whatever_their_quotes_and_backslashes(store: Neo4jStore, text: str) -> None:
    """FalkorDB splices string parameters into quoted literals; the store escapes them for it."""
    paper = P1.model_copy(update={"title": text, "other_titles": [text, "x"]})
    store.upsert(build_graph([Extraction(paper=paper, entities=[entity("Model", text)])]))
    rows = store.query("MATCH (p:Paper {id: $id})-[:USES]->(m:Model {name: $name}) "
                       "RETURN p.title, p.other_titles, m.name", {"id": P1.id, "name": text}).rows
    assert rows == [[text, [text, "x"], text]]
