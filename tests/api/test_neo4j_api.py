"""The same API over Neo4j: the statements in kg.store.cypher run unchanged there.

Runs against a real Neo4j 5 named by ``KG_TEST_NEO4J_URI`` (``docker compose up -d neo4j``), and
CLEARS that database; skipped when the variable is not set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg import pipeline
from kg.api import create_app, load_settings
from kg.store import open_store
from tests.api.conftest import serve

NEO4J_URI = os.environ.get("KG_TEST_NEO4J_URI", "").strip()
pytestmark = [pytest.mark.neo4j, pytest.mark.skipif(not NEO4J_URI, reason="KG_TEST_NEO4J_URI is not set")]


@pytest.fixture(scope="module")
def neo4j_client() -> Iterator[httpx.Client]:
    store = open_store(NEO4J_URI)
    store.clear()
    store.ensure_schema()
    store.upsert(
        pipeline.graph_for(pipeline.extract(pipeline.load_listings(pipeline.sample_listings()).papers))
    )
    live = serve(create_app(load_settings(store=NEO4J_URI), store=store), Path(NEO4J_URI))
    with live.client() as client:
        yield client
    live.stop()
    store.close()


def test_read_endpoints(neo4j_client: httpx.Client) -> None:
    stats = neo4j_client.get("/stats").json()
    assert stats["nodes"]["Paper"] > 0
    page = neo4j_client.get("/papers", params={"dataset": "ACDC", "limit": 5}).json()
    assert page["total"] >= 1
    paper = neo4j_client.get(f"/papers/{page['items'][0]['id']}").json()
    assert "ACDC" in {e["name"] for e in paper["entities"] if e["label"] == "Dataset"}
    shared = neo4j_client.get(f"/papers/{paper['id']}/shared-datasets").json()
    assert all("ACDC" in r["datasets"] or r["datasets"] for r in shared["results"])
    for path in (
        "/entities/Model",
        "/entities/Model/U-Net",
        "/search?q=mri",
        "/graph/overview?limit=50",
        f"/graph/neighborhood?node=Paper:{paper['id']}&depth=2",
        "/trends",
    ):
        assert neo4j_client.get(path).status_code in {200, 404}, path


def test_cypher_is_read_only_on_neo4j(neo4j_client: httpx.Client) -> None:
    before = neo4j_client.get("/stats").json()
    for query in (
        "CREATE (:Model {name: 'pwned'})",
        "MATCH (n) DETACH DELETE n",
        "CALL db.createLabel('Pwned')",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    ):
        response = neo4j_client.post("/cypher", json={"query": query})
        assert response.status_code == 400, query
    assert neo4j_client.get("/stats").json() == before


def test_cypher_reads_run_on_neo4j_as_on_the_embedded_store(neo4j_client: httpx.Client) -> None:
    """The canonical text of a read runs on Neo4j from a /cypher worker, with the same column names."""
    response = neo4j_client.post("/cypher", json={
        "query": "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset {name: $d}) RETURN count(p), d.name",
        "params": {"d": "ACDC"},
    })
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["columns"] == ["count(p)", "d.name"]
    assert answer["rows"][0][0] >= 1 and answer["rows"][0][1] == "ACDC"
    assert neo4j_client.post("/cypher", json={"query": "CALL db.labels() YIELD label RETURN label"}).json()[
        "rows"]
    assert neo4j_client.get("/schema").status_code == 200
