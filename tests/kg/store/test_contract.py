"""The GraphStore contract: one suite, run against every registered backend (see conftest.py)."""

from __future__ import annotations

import json

import pytest
from store_backends import Backend
from store_corpus import P1, P2, P3, P4, corpus, entity

from kg import queries
from kg.errors import KGError, NotFoundError, QueryError, ReadOnlyViolation, SchemaError
from kg.graph import build_graph
from kg.model import Extraction, GraphDocument, Node, NodeRef, Relationship
from kg.schema import load_schema
from kg.store.base import GraphStore

SCHEMA = load_schema()


def dump(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship, serialised and sorted: equal dumps mean equal graphs."""
    nodes = store.query("MATCH (n) RETURN n").rows
    rels = store.query("MATCH ()-[r]->() RETURN r").rows
    as_text = sorted(json.dumps(row[0], sort_keys=True, ensure_ascii=False) for row in nodes)
    return as_text, sorted(json.dumps(row[0], sort_keys=True, ensure_ascii=False) for row in rels)


def targets(store: GraphStore, paper_id: str, rel_type: str) -> list[str]:
    cypher = f"MATCH (p:Paper {{id: $id}})-[:{rel_type}]->(e) RETURN e.name AS name ORDER BY name"
    return [row[0] for row in store.query(cypher, {"id": paper_id}).rows]


def names(store: GraphStore, label: str) -> list[str]:
    return [row[0] for row in store.query(f"MATCH (n:{label}) RETURN n.name ORDER BY n.name").rows]


# -- schema and counts ----------------------------------------------------------------------------


def test_ensure_schema_is_idempotent_and_stats_list_every_schema_name_in_order(store: GraphStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    stats = store.stats()
    assert list(stats.nodes) == list(SCHEMA.nodes)
    assert list(stats.relationships) == list(SCHEMA.relationships)
    assert set(stats.nodes.values()) == {0} and set(stats.relationships.values()) == {0}


def test_upsert_counts_every_node_and_relationship_once(store: GraphStore, corpus_doc: GraphDocument) -> None:
    report = store.upsert(corpus_doc)
    stats = store.stats()
    assert (report.nodes, report.relationships) == (len(corpus_doc.nodes), len(corpus_doc.relationships))
    assert sum(stats.nodes.values()) == len(corpus_doc.nodes)
    assert sum(stats.relationships.values()) == len(corpus_doc.relationships)
    assert stats.nodes["Paper"] == 4
    assert stats.nodes["Dataset"] == 2  # ACDC and BraTS, however many papers use them
    assert stats.relationships["USES_DATASET"] == 4 and stats.relationships["PROPOSES"] == 2
    assert stats.nodes["CodeRepository"] == stats.nodes["Venue"] == 1


def test_upserting_the_same_document_again_changes_nothing(
    store: GraphStore, corpus_doc: GraphDocument
) -> None:
    store.upsert(corpus_doc)
    before = (store.stats(), dump(store))
    store.upsert(build_graph(corpus()))
    assert (store.stats(), dump(store)) == before


def test_small_batches_write_the_same_graph(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc, batch_size=2)
    counts = store.stats()
    store.upsert(corpus_doc, batch_size=1)
    assert store.stats() == counts
    assert sum(counts.relationships.values()) == len(corpus_doc.relationships)


# -- merge rules ----------------------------------------------------------------------------------


def test_re_extraction_replaces_a_papers_outgoing_relationships(store: GraphStore) -> None:
    store.upsert(build_graph(corpus()))
    newer = Extraction(paper=P1, entities=[entity("Model", "nnU-Net"), entity("Dataset", "ACDC")])
    store.upsert(build_graph([newer]))
    assert targets(store, P1.id, "USES") == ["nnU-Net"]
    assert targets(store, P1.id, "USES_DATASET") == ["ACDC"]
    assert targets(store, P1.id, "HAS_MODALITY") == targets(store, P1.id, "ADDRESSES") == []
    # other papers keep their links
    assert targets(store, P2.id, "USES_DATASET") == ["ACDC", "BraTS"]
    assert targets(store, P2.id, "ADDRESSES") == ["segmentation"]


def test_re_extraction_updates_evidence_on_a_kept_relationship(store: GraphStore) -> None:
    store.upsert(build_graph(corpus()))
    newer = Extraction(paper=P2, entities=[entity("Dataset", "ACDC", sentence="Trained on ACDC.")])
    store.upsert(build_graph([newer]))
    rows = store.query("MATCH (:Paper {id: $id})-[r:USES_DATASET]->(:Dataset {name: 'ACDC'}) "
                       "RETURN r.sentence, r.extractor", {"id": P2.id}).rows
    assert rows == [["Trained on ACDC.", "contract-test-1"]]


def test_entities_left_without_relationships_are_removed(store: GraphStore) -> None:
    store.upsert(build_graph(corpus()))
    assert "MRI" in names(store, "Modality") and "SAM" in names(store, "Model")
    store.upsert(build_graph([Extraction(paper=P1, entities=[entity("Dataset", "ACDC")])]))
    assert names(store, "Modality") == []  # only P1 had MRI
    assert "SAM" not in names(store, "Model")
    assert names(store, "Task") == ["segmentation"]  # P2 still addresses it
    assert names(store, "Dataset") == ["ACDC", "BraTS"]
    assert store.stats().nodes["Paper"] == 4  # papers are never removed


def test_aliases_are_unioned_across_upserts(store: GraphStore) -> None:
    first = Extraction(paper=P1, entities=[entity("Model", "SAM", "used", "SAM", "Segment Anything")])
    second = Extraction(paper=P2, entities=[entity("Model", "SAM", "used", "SAM", "SAM-1")])
    store.upsert(build_graph([first]))
    store.upsert(build_graph([second]))
    rows = store.query("MATCH (m:Model {name: 'SAM'}) RETURN m.aliases").rows
    assert rows == [[["SAM-1", "Segment Anything"]]]


def test_node_properties_are_replaced_by_the_newer_document(store: GraphStore) -> None:
    store.upsert(build_graph(corpus()))
    renamed = P2.model_copy(update={"title": "U-Net on ACDC and BraTS (v2)", "upvotes": 5})
    store.upsert(build_graph([Extraction(paper=renamed, entities=[entity("Dataset", "ACDC")])]))
    rows = store.query("MATCH (p:Paper {id: $id}) RETURN p.title, p.upvotes", {"id": P2.id}).rows
    assert rows == [["U-Net on ACDC and BraTS (v2)", 5]]


def test_entity_links_are_merged(store: GraphStore) -> None:
    doc = build_graph(corpus())
    doc.nodes.append(Node(label="Model", key="SAM 2", properties={"name": "SAM 2", "aliases": []}))
    doc.relationships.append(Relationship(type="VARIANT_OF", start=NodeRef(label="Model", key="SAM 2"),
                                          end=NodeRef(label="Model", key="SAM")))
    store.upsert(doc)
    store.upsert(doc)
    rows = store.query("MATCH (a:Model)-[:VARIANT_OF]->(b:Model) RETURN a.name, b.name").rows
    assert rows == [["SAM 2", "SAM"]]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (GraphDocument(nodes=[Node(label="Gene", key="BRCA1")]), "Gene"),
        (GraphDocument(nodes=[Node(label="Paper", key="p", properties={"title": "t", "version": "two"})]),
         "version"),
        (GraphDocument(nodes=[Node(label="Model", key="SAM", properties={"colour": "red"})]), "colour"),
        (GraphDocument(relationships=[Relationship(type="USES", start=NodeRef(label="Paper", key="nope"),
                                                   end=NodeRef(label="Model", key="SAM"))]), "nope"),
        (GraphDocument(relationships=[Relationship(type="USES", start=NodeRef(label="Paper", key="p"),
                                                   end=NodeRef(label="Dataset", key="ACDC"))]), "USES"),
    ],
    ids=["unknown-label", "wrong-type", "unknown-property", "dangling-endpoint", "wrong-target"],
)
@pytest.mark.requires("rollback")
def test_a_bad_document_is_refused_and_nothing_is_written(
    store: GraphStore, corpus_doc: GraphDocument, doc: GraphDocument, message: str
) -> None:
    store.upsert(corpus_doc)
    before = dump(store)
    changed_p1 = build_graph([Extraction(paper=P1.model_copy(update={"title": "changed"}))]).nodes
    mixed = GraphDocument(nodes=[*changed_p1, *doc.nodes], relationships=doc.relationships)
    with pytest.raises(SchemaError, match=message):
        store.upsert(mixed)
    assert dump(store) == before


# -- queries and result values --------------------------------------------------------------------


def test_query_with_parameters(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    result = store.query(
        "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset {name: $name}) RETURN p.id AS paper ORDER BY paper",
        {"name": "BraTS"},
    )
    assert result.columns == ["paper"]
    assert result.records() == [{"paper": P1.id}, {"paper": P2.id}]
    ids = store.query("MATCH (p:Paper) WHERE p.id IN $ids RETURN count(p)", {"ids": [P1.id, P4.id]}).rows
    assert ids == [[2]]


def test_nodes_relationships_lists_and_nulls_are_plain_values(
    store: GraphStore, corpus_doc: GraphDocument
) -> None:
    store.upsert(corpus_doc)
    result = store.query(
        "MATCH (p:Paper {id: $id})-[r:USES]->(m:Model) "
        "RETURN p, r, m, [p.id, m.name] AS pair, p.upvotes AS nothing, collect(m.name) AS models",
        {"id": P1.id},
    )
    paper_node, rel, model, pair, nothing, models = result.rows[0]
    assert paper_node["kind"] == "node" and paper_node["label"] == "Paper" and paper_node["key"] == P1.id
    assert set(paper_node["properties"]) == set(SCHEMA.node("Paper").properties)
    assert paper_node["properties"]["title"] == P1.title and paper_node["properties"]["version"] == 2
    assert paper_node["properties"]["upvotes"] is None
    assert model == {"kind": "node", "label": "Model", "key": "SAM",
                     "properties": {"name": "SAM", "aliases": ["Segment Anything"]}}
    assert rel["kind"] == "relationship" and rel["type"] == "USES"
    assert rel["start"] == {"label": "Paper", "key": P1.id} and rel["end"] == {"label": "Model", "key": "SAM"}
    assert rel["properties"]["sentence"] == "We use SAM."
    assert rel["properties"]["mentions"] == ["SAM", "Segment Anything"]
    assert rel["properties"]["char_start"] == 7 and rel["properties"]["char_end"] == 10
    assert pair == [P1.id, "SAM"] and nothing is None and models == ["SAM"]
    json.dumps(result.rows)  # JSON-ready


def test_relationships_alone_name_their_endpoints(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    rows = store.query("MATCH ()-[r:USES_DATASET]->() RETURN r").rows
    ends = sorted((r[0]["start"]["key"], r[0]["end"]["key"]) for r in rows)
    assert ends == [(P1.id, "ACDC"), (P1.id, "BraTS"), (P2.id, "ACDC"), (P2.id, "BraTS")]


def test_max_rows_truncates(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    assert len(store.query("MATCH (p:Paper) RETURN p.id", max_rows=2).rows) == 2
    assert len(store.query("MATCH (p:Paper) RETURN p.id", max_rows=100).rows) == 4


def test_unicode_round_trips(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    cypher = "MATCH (p:Paper)-[r:PROPOSES]->(m:Model) WHERE p.id = $id RETURN p.title, m.name, r.sentence"
    rows = store.query(cypher, {"id": P4.id}).rows
    assert rows == [[P4.title, "Ångström-Net", "Ångström-Net: 胸部 X 線 segmentation 🫀"]]
    assert names(store, "Anatomy") == ["胸部"]


@pytest.mark.parametrize("bad", ["MATC (n) RETURN n", "MATCH (n:Paper RETURN n", "RETURN $missing"])
def test_bad_cypher_is_a_query_error(store: GraphStore, bad: str) -> None:
    with pytest.raises(QueryError):
        store.query(bad)


@pytest.mark.requires("read_only_enforced")
@pytest.mark.parametrize(
    "write",
    ["CREATE (:Model {name: 'x'})", "MATCH (p:Paper) SET p.title = 'x'", "MATCH (n) DETACH DELETE n",
     "MERGE (m:Model {name: 'x'}) RETURN m"],
)
def test_read_only_queries_cannot_write(store: GraphStore, corpus_doc: GraphDocument, write: str) -> None:
    store.upsert(corpus_doc)
    before = dump(store)
    with pytest.raises(ReadOnlyViolation):
        store.query(write, read_only=True)
    assert dump(store) == before
    assert store.query("MATCH (p:Paper) RETURN count(p)", read_only=True).rows == [[4]]


@pytest.mark.requires("read_only_open")
def test_a_read_only_handle_reads_and_refuses_writes(store: GraphStore, backend: Backend,
                                                     corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    assert backend.open_read_only is not None
    reader = backend.open_read_only(store)
    try:
        assert reader.stats().nodes["Paper"] == 4
        with pytest.raises(ReadOnlyViolation):
            reader.query("CREATE (:Model {name: 'x'})")
        with pytest.raises(ReadOnlyViolation):
            reader.upsert(corpus_doc)
        with pytest.raises(ReadOnlyViolation):
            reader.clear()
    finally:
        reader.close()
    assert store.stats().nodes["Paper"] == 4


@pytest.mark.requires("constraints")
def test_the_store_rejects_a_duplicate_key(store: GraphStore) -> None:
    store.query("CREATE (:Model {name: 'SAM'})")
    with pytest.raises(KGError):
        store.query("CREATE (:Model {name: 'SAM'})")
    assert names(store, "Model") == ["SAM"]


@pytest.mark.requires("large_params")
def test_large_parameters(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    ids = [f"{n:06d}.x" * 4 for n in range(20_000)] + [P3.id]
    assert store.query("MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id", {"ids": ids}).rows == [[P3.id]]


@pytest.mark.requires("timeout")
def test_a_query_over_its_timeout_is_cancelled(store: GraphStore) -> None:
    # names as a parameter: the stores spell "integer to text" differently (string / toString)
    store.query("UNWIND $names AS n CREATE (:Model {name: n})", {"names": [f"m{i}" for i in range(1, 3001)]})
    slow = "MATCH (a:Model), (b:Model), (c:Model) WHERE a.name < b.name AND b.name < c.name RETURN count(*)"
    with pytest.raises(QueryError, match="timeout"):
        store.query(slow, timeout=0.2)
    assert store.query("MATCH (m:Model) RETURN count(m)", timeout=5).rows == [[3000]]


# -- domain queries -------------------------------------------------------------------------------


def test_shared_datasets_ranks_the_most_shared_first(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    shared = queries.shared_datasets(store, P1.id)
    assert [(s.paper.id, s.datasets) for s in shared] == [(P2.id, ["ACDC", "BraTS"]), (P3.id, ["ACDC"])]
    assert shared[0].paper.title == P2.title
    assert queries.shared_datasets(store, P4.id) == []
    assert [s.paper.id for s in queries.shared_datasets(store, P1.id, limit=1)] == [P2.id]


@pytest.mark.parametrize("ref", [P1.id, f"{P1.id}v2", f"{P1.id}v13", f"  {P1.id} "])
def test_find_paper_by_arxiv_id_with_or_without_version(store: GraphStore, corpus_doc: GraphDocument,
                                                        ref: str) -> None:
    store.upsert(corpus_doc)
    assert queries.find_paper(store, ref).id == P1.id


def test_find_paper_by_node_id_and_unknown_papers(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    assert queries.find_paper(store, P4.id).title == P4.title
    with pytest.raises(NotFoundError, match=r"2999\.99999"):
        queries.find_paper(store, "2999.99999")


# -- lifecycle ------------------------------------------------------------------------------------


def test_clear_keeps_the_schema(store: GraphStore, corpus_doc: GraphDocument) -> None:
    store.upsert(corpus_doc)
    store.clear()
    stats = store.stats()
    assert set(stats.nodes.values()) == {0} and set(stats.relationships.values()) == {0}
    assert list(stats.nodes) == list(SCHEMA.nodes)
    store.upsert(corpus_doc)
    assert store.stats().nodes["Paper"] == 4


def test_close_twice_and_context_manager(store: GraphStore) -> None:
    with store as same:
        assert same is store
    store.close()



def test_find_paper_by_an_arxiv_id_that_is_not_the_node_id(store: GraphStore) -> None:
    odd = P4.model_copy(update={"id": "t-feedface00000000", "arxiv_id": "2502.54321"})
    store.upsert(build_graph([Extraction(paper=odd)]))
    assert queries.find_paper(store, "2502.54321v3").id == "t-feedface00000000"
