"""What /cypher relies on: the store itself refuses writes on read-only access, whether the API
holds a writable handle (``query(read_only=True)``: a read-only transaction) or a read-only one,
with no help from the API's guard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.store import open_store
from kg.store.base import GraphStore
from tests.api.conftest import copy_store

WRITES = [
    "CREATE (:Model {name: 'pwned', aliases: []})",
    "MERGE (m:Model {name: 'pwned'}) RETURN m.name",
    "MATCH (m:Model) SET m.name = m.name + '!' RETURN count(m)",
    "MATCH (p:Paper) SET p.title = 'pwned' RETURN count(p)",
    "MATCH (m:Model) REMOVE m.aliases RETURN count(m)",
    "MATCH (p:Paper)-[r:USES_DATASET]->() DELETE r",
    "MATCH (n) DETACH DELETE n",
    "MATCH (p:Paper) WITH p LIMIT 1 MATCH (m:Model) WITH p, m LIMIT 1 CREATE (p)-[:USES]->(m)",
    "UNWIND [1] AS x CALL { CREATE (:Model {name: 'pwned', aliases: []}) } RETURN x",
    "CREATE NODE TABLE Pwned(id STRING, PRIMARY KEY(id))",
    "DROP TABLE VARIANT_OF",
    "ALTER TABLE Paper ADD pwned STRING",
    "CREATE MACRO pwned(x) AS x + 1",
]


@pytest.fixture(scope="module", params=["writable handle", "read-only handle"])
def store(
    request: pytest.FixtureRequest, api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("ro-store") / "graph.lbug")
    with open_store(str(path), read_only=request.param == "read-only handle") as opened:
        yield opened


@pytest.mark.parametrize("statement", WRITES)
def test_store_refuses_writes_on_read_only_access(store: GraphStore, statement: str) -> None:
    before = store.stats()
    with pytest.raises(QueryError):
        store.query(statement, read_only=True)
    assert store.stats() == before
    assert store.query("MATCH (m:Model) WHERE m.name = 'pwned' RETURN count(m)", read_only=True).rows == [[0]]


def test_reads_still_work(store: GraphStore) -> None:
    rows = store.query("MATCH (p:Paper) RETURN count(p) AS n", read_only=True).rows
    assert rows[0][0] == store.stats().nodes["Paper"] > 0
