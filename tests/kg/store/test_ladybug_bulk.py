"""The LadybugDB store's fast paths give the same answers as the plain ones: whole-table reads
through pandas, column-wise result decoding, the empty-table shortcut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from store_corpus import P1, corpus

from kg.graph import build_graph
from kg.model import GraphDocument, Node, NodeRef, Relationship
from kg.schema import load_schema
from kg.store.document import check_document
from kg.store.ladybug import LadybugStore
from kg.store.ladybug_results import plain_column
from kg.store.ladybug_upsert import LadybugUpsert

SCHEMA = load_schema()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LadybugStore]:
    opened = LadybugStore.open(str(tmp_path / "graph.lbug"))
    opened.ensure_schema()
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("values", "type_name", "expected"),
    [
        ([1.0, float("nan"), 3.0], "INT64", [1, None, 3]),
        ([2.0**60, float("nan")], "INT64", None),  # beyond a float's exact ints: read row by row
        ([0.5, float("nan")], "DOUBLE", [0.5, None]),
        (["a", None], "STRING", ["a", None]),
        ([["x"], float("nan"), []], "STRING[]", [["x"], None, []]),
    ],
)
def test_plain_column_restores_nulls_and_ints(values: list[object], type_name: str,
                                              expected: list[object] | None) -> None:
    assert plain_column(pd.Series(values), type_name) == expected


def test_whole_table_reads_see_nulls_and_large_ints_exactly(store: LadybugStore,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Nulls next to an int beyond 2**53 make pandas read the column as floats: the store then
    reads that table row by row, so an unchanged document still plans no writes."""
    import kg.store.ladybug_upsert as upsert_module

    papers = [Node(label="Paper", key=key, properties={"title": key, "upvotes": upvotes})
              for key, upvotes in (("a", 2**62 + 1), ("b", None), ("c", 7))]
    doc = GraphDocument(nodes=papers)
    store.upsert(doc)
    monkeypatch.setattr(upsert_module, "SCAN_ABOVE", 0)
    planner = LadybugUpsert(store._execute, SCHEMA, scan=store._scan)
    assert planner.plan(check_document(doc)).is_empty()
    bumped = GraphDocument(nodes=[Node(label="Paper", key="a", properties={"title": "a", "upvotes": 2**62})])
    assert planner.plan(check_document(bumped)).changed_nodes["Paper"][0]["upvotes"] == 2**62


def test_a_first_write_into_empty_tables_reads_nothing_back(store: LadybugStore) -> None:
    statements: list[str] = []

    def execute(statement: str, params: object) -> list[list[object]]:
        statements.append(statement)
        return store._execute(statement, params)  # type: ignore[arg-type]

    plan = LadybugUpsert(execute, SCHEMA).plan(check_document(build_graph(corpus())))
    assert all("count(" in statement for statement in statements)
    assert sum(len(rows) for rows in plan.new_nodes.values()) > 0
    assert not plan.changed_nodes and not plan.stale_rels


def test_columns_of_nodes_and_relationships_decode_like_single_values(store: LadybugStore) -> None:
    store.upsert(build_graph(corpus()))
    cypher = ("MATCH (p:Paper)-[r]->(e) RETURN p, r, e, p.id, [p, p] AS pair, "
              "CASE WHEN p.id = $id THEN r ELSE NULL END AS maybe ORDER BY p.id, e.name")
    rows = store.query(cypher, {"id": P1.id}).rows
    assert rows
    for p, r, e, pid, pair, maybe in rows:
        assert p["kind"] == "node" and p["key"] == pid and pair == [p, p]
        assert r["kind"] == "relationship" and r["start"] == {"label": "Paper", "key": pid}
        assert r["end"] == {"label": e["label"], "key": e["key"]}
        assert maybe == (r if pid == P1.id else None)


def test_a_dangling_endpoint_is_named_before_anything_is_written(store: LadybugStore) -> None:
    store.upsert(build_graph(corpus()))
    before = store.stats()
    dangling = Relationship(type="USES", start=NodeRef(label="Paper", key=P1.id),
                            end=NodeRef(label="Model", key="nowhere"))
    with pytest.raises(Exception, match="'nowhere' is neither in the document nor in the store"):
        store.upsert(GraphDocument(relationships=[dangling]))
    assert store.stats() == before


def test_garbage_collection_resumes_after_the_last_paused_section() -> None:
    import gc

    from kg.store.ladybug_upsert import gc_paused

    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
