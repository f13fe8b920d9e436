"""What only the embedded LadybugDB store promises: files, locks, read-only access, generated tables."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from store_corpus import P1, corpus, entity

from kg import queries
from kg.errors import NotFoundError, QueryError, ReadOnlyViolation, SchemaError, StoreError
from kg.graph import build_graph
from kg.model import Extraction, GraphDocument, Node, NodeRef, Paper, Relationship
from kg.schema import load_schema
from kg.store import open_store
from kg.store.document import check_document
from kg.store.ladybug import LadybugStore
from kg.store.ladybug_upsert import LadybugUpsert

SCHEMA = load_schema()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


# -- opening ---------------------------------------------------------------------------------------


def test_read_only_open_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "graph.lbug"
    with pytest.raises(StoreError, match="kg build --store"):
        LadybugStore.open(str(target), read_only=True)
    assert not target.parent.exists()


def test_open_creates_the_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "graph.lbug"
    with open_store(str(target)) as store:
        assert store.backend == "ladybug"
    assert target.exists()


@pytest.mark.parametrize("kind", ["folder", "not-a-database"])
def test_a_path_that_is_no_store_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x"
    if kind == "folder":
        target.mkdir()
    else:
        target.write_text("hello, I am a text file\n" * 200)
    with pytest.raises(StoreError, match=str(target)):
        LadybugStore.open(str(target))


def test_read_only_open_modifies_nothing(built: LadybugStore) -> None:
    path = built.path
    built.close()
    before = snapshot(path.parent)
    with LadybugStore.open(str(path), read_only=True) as reader:
        assert reader.stats().nodes["Paper"] == 4
        reader.query("MATCH (p:Paper) RETURN p")
    assert snapshot(path.parent) == before


WRITER = textwrap.dedent(
    """
    import sys
    from kg.store.ladybug import LadybugStore
    store = LadybugStore.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.read()
    store.close()
    """
)


def test_a_reader_opens_while_another_process_writes_and_a_second_writer_is_refused(
    built: LadybugStore,
) -> None:
    path = built.path
    built.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        with LadybugStore.open(str(path), read_only=True) as reader:
            assert reader.stats().nodes["Paper"] == 4
            assert queries.find_paper(reader, P1.id).title == P1.title
        with pytest.raises(StoreError, match=f"locked by process {writer.pid}"):
            LadybugStore.open(str(path))
    finally:
        writer.communicate("", timeout=30)
    assert writer.returncode == 0


def test_a_closed_store_says_so(built: LadybugStore) -> None:
    built.close()
    with pytest.raises(StoreError, match="closed"):
        built.stats()


# -- tables generated from the schema ------------------------------------------------------------


def test_tables_and_columns_follow_the_schema(built: LadybugStore) -> None:
    tables = {row[0]: row[1] for row in built.query("CALL show_tables() RETURN name, type").rows}
    assert {name for name, kind in tables.items() if kind == "NODE"} == set(SCHEMA.nodes)
    assert {name for name, kind in tables.items() if kind == "REL"} == set(SCHEMA.relationships)
    for label, spec in SCHEMA.nodes.items():
        columns = built.query(f"CALL table_info('{label}') RETURN name, type").rows
        assert [tuple(c) for c in columns] == list(spec.properties.items())
    uses = built.query("CALL table_info('USES') RETURN name").rows
    assert [c[0] for c in uses] == list(SCHEMA.relationship_properties("USES"))


def test_a_relationship_with_several_targets_is_one_multi_pair_table(built: LadybugStore) -> None:
    pairs = built.query("CALL show_connection('PROPOSES') RETURN *").rows
    assert sorted(row[1] for row in pairs) == ["Dataset", "Metric", "Model"]
    assert {row[0] for row in pairs} == {"Paper"}
    rows = built.query("MATCH (p:Paper)-[:PROPOSES]->(x) RETURN label(x) AS l, x.name ORDER BY l").rows
    assert rows == [["Dataset", "ACDC"], ["Model", "Ångström-Net"]]


def test_ensure_schema_adds_a_property_the_schema_gained(tmp_path: Path) -> None:
    store = LadybugStore.open(str(tmp_path / "old.lbug"))
    store.query("CREATE NODE TABLE Model(name STRING, PRIMARY KEY(name))")
    store.ensure_schema()
    assert [r[0] for r in store.query("CALL table_info('Model') RETURN name").rows] == ["name", "aliases"]
    store.close()


# -- writing ---------------------------------------------------------------------------------------


def test_re_running_an_unchanged_document_plans_no_writes(built: LadybugStore) -> None:
    planner = LadybugUpsert(built._execute, SCHEMA)
    assert planner.plan(check_document(build_graph(corpus()))).is_empty()
    newer = build_graph([Extraction(paper=P1, entities=[entity("Model", "SAM")])])
    changed = planner.plan(check_document(newer))
    assert not changed.is_empty()
    assert {g[0] for g in changed.stale_rels} == {"USES_DATASET", "HAS_MODALITY", "ADDRESSES"}


def test_after_a_refused_upsert_every_key_lookup_still_works(built: LadybugStore) -> None:
    """Nothing reaches a COPY before the whole document is checked (see kg.store.ladybug_upsert)."""
    other = P1.model_copy(update={"id": "2502.00009", "arxiv_id": "2502.00009"})
    fresh = build_graph([Extraction(paper=other)])
    dangling = Relationship(type="USES", start=NodeRef(label="Paper", key="2502.00009"),
                            end=NodeRef(label="Model", key="not stored"))
    with pytest.raises(SchemaError, match="not stored"):
        built.upsert(GraphDocument(nodes=fresh.nodes, relationships=[dangling]))
    with pytest.raises(NotFoundError):
        queries.find_paper(built, "2502.00009")
    assert queries.find_paper(built, P1.id).id == P1.id
    built.upsert(fresh)
    assert queries.find_paper(built, "2502.00009").id == "2502.00009"


def test_a_read_only_handle_cannot_ensure_a_schema_it_lacks(tmp_path: Path) -> None:
    LadybugStore.open(str(tmp_path / "empty.lbug")).close()
    with LadybugStore.open(str(tmp_path / "empty.lbug"), read_only=True) as reader, \
            pytest.raises(StoreError, match="build it first"):
        reader.ensure_schema()


def test_isolated_entities_in_a_document_are_kept(built: LadybugStore) -> None:
    built.upsert(GraphDocument(nodes=[Node(label="Metric", key="Dice", properties={"aliases": ["DSC"]})]))
    assert built.query("MATCH (m:Metric) RETURN m.name, m.aliases").rows == [["Dice", ["DSC"]]]


# -- reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (MATCH (p:Paper) RETURN p.id) TO '{out}'",
        "LOAD FROM '{out}' RETURN *",
        "EXPORT DATABASE '{out}'",
        "/* hidden */ copy (MATCH (p:Paper) RETURN p.id) TO '{out}'",
    ],
)
def test_read_only_queries_cannot_touch_files(built: LadybugStore, tmp_path: Path, statement: str) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(ReadOnlyViolation, match="files"):
        built.query(statement.format(out=out), read_only=True)
    assert not out.exists()


def test_clause_words_inside_strings_and_names_are_fine(built: LadybugStore) -> None:
    rows = built.query("MATCH (p:Paper) WHERE p.title <> 'COPY LOAD EXPORT' RETURN count(p) AS `load`",
                       read_only=True).rows
    assert rows == [[4]]


@pytest.mark.parametrize(
    "statement",
    ["BEGIN TRANSACTION", "COMMIT", "MATCH (n) RETURN n; MATCH (m) RETURN m",
     "RETURN 1; CREATE (:Model {name: 'x'})"],
)
def test_one_statement_and_no_transaction_control(built: LadybugStore, statement: str) -> None:
    with pytest.raises(QueryError):
        built.query(statement, read_only=True)
    assert built.query("MATCH (m:Model {name: 'x'}) RETURN count(m)").rows == [[0]]


def test_paths_serialise_with_their_nodes_and_relationships(built: LadybugStore) -> None:
    [[path]] = built.query("MATCH t = (p:Paper {id: $id})-[:USES]->(:Model) RETURN t", {"id": P1.id}).rows
    assert path["kind"] == "path"
    assert [n["key"] for n in path["nodes"]] == [P1.id, "SAM"]
    assert [r["type"] for r in path["relationships"]] == ["USES"]


def test_dates_and_internal_ids_are_plain(built: LadybugStore) -> None:
    cypher = "MATCH (p:Paper {id: $id}) RETURN date('2025-03-01'), id(p)"
    [[day, node_id]] = built.query(cypher, {"id": P1.id}).rows
    assert day == "2025-03-01"
    assert set(node_id) == {"offset", "table"}


def test_large_documents_read_whole_tables_with_the_same_outcome(built: LadybugStore,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SCAN_ABOVE keys the planner scans tables instead of looking keys up; same plan, same graph."""
    import kg.store.ladybug_upsert as upsert_module

    monkeypatch.setattr(upsert_module, "SCAN_ABOVE", 0)
    planner = LadybugUpsert(built._execute, SCHEMA)
    assert planner.plan(check_document(build_graph(corpus()))).is_empty()
    built.upsert(build_graph([Extraction(paper=P1, entities=[entity("Dataset", "ACDC")])]))
    cypher = "MATCH (p:Paper {id: $id})-[r]->(e) RETURN label(r) AS t ORDER BY t"
    rows = built.query(cypher, {"id": P1.id}).rows
    assert [r[0] for r in rows] == ["HAS_CODE", "PUBLISHED_IN", "USES_DATASET"]
    assert "SAM" not in [r[0] for r in built.query("MATCH (m:Model) RETURN m.name").rows]


def test_the_shared_sample_store_holds_every_sample_paper(sample_store_path: Path,
                                                          sample_papers: list[Paper]) -> None:
    with LadybugStore.open(str(sample_store_path), read_only=True) as store:
        assert store.stats().nodes["Paper"] == len(sample_papers)
        acdc = store.query("MATCH (p:Paper)-[:USES_DATASET]->(:Dataset {name: 'ACDC'}) "
                           "RETURN p.id ORDER BY p.id")
        first, *others = [row[0] for row in acdc.rows]
        assert others, "the sample holds several papers evaluated on ACDC"
        shared = {s.paper.id for s in queries.shared_datasets(store, first, limit=100)}
        assert set(others) <= shared
