"""Ego graphs and overviews read from a real store over the sample corpus."""

from __future__ import annotations

import pytest

from kg.errors import NotFoundError, SchemaError
from kg.store import GraphStore
from viz.graph_view import ViewGraph, ego_graph, overview_graph, resolve_focus


def node_ids(rows: list[list[dict[str, str]]]) -> set[str]:
    return {f"{row[0]['label']}:{row[0]['key']}" for row in rows}


def assert_consistent(view: ViewGraph) -> None:
    ids = {n.id for n in view.nodes}
    assert len(ids) == len(view.nodes), "a node appears twice"
    for edge in view.edges:
        assert {edge.source, edge.target} <= ids, f"{edge.id} points outside the view"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("SAM", "Model:SAM"),
        ("Model:SAM", "Model:SAM"),
        ("segment anything model", "Model:SAM"),
        ("Model:Segment Anything Model", "Model:SAM"),
        ("2509.06617", "Paper:2509.06617"),
        ("2509.06617v1", "Paper:2509.06617"),
        ("Paper:2509.06617", "Paper:2509.06617"),
        ("MRI", "Modality:MRI"),
    ],
)
def test_focus_is_resolved_by_id_name_or_alias(sample_graph: GraphStore, ref: str, expected: str) -> None:
    assert resolve_focus(sample_graph, ref) == expected


@pytest.mark.parametrize("ref", ["Model:No Such Model", "no such thing at all", "Paper:0000.00000"])
def test_unknown_focus_is_a_clear_not_found(sample_graph: GraphStore, ref: str) -> None:
    with pytest.raises(NotFoundError, match="no "):
        resolve_focus(sample_graph, ref)


def test_depth_one_is_exactly_the_direct_neighbours(sample_graph: GraphStore) -> None:
    view = ego_graph(sample_graph, "Model:SAM", depth=1)
    direct = node_ids(sample_graph.query("MATCH (m:Model {name: 'SAM'})-[]-(x) RETURN DISTINCT x").rows)
    assert {n.id for n in view.nodes} == direct | {"Model:SAM"}
    assert view.focus == "Model:SAM" and not view.truncated
    assert_consistent(view)


def test_paper_links_carry_their_evidence_sentence(sample_graph: GraphStore) -> None:
    view = ego_graph(sample_graph, "Model:SAM", depth=1)
    uses = [e for e in view.edges if e.type == "USES" and e.target == "Model:SAM"]
    assert uses, "the sample has papers using SAM"
    for edge in uses:
        assert edge.properties["sentence"].strip(), f"{edge.id} has no evidence sentence"


def test_node_cap_keeps_the_nearest_nodes_and_says_so(sample_graph: GraphStore) -> None:
    direct = node_ids(sample_graph.query("MATCH (m:Model {name: 'SAM'})-[]-(x) RETURN DISTINCT x").rows)
    cap = len(direct) + 1 + 5  # the focus, its neighbours, and a few of the second ring
    view = ego_graph(sample_graph, "Model:SAM", depth=2, max_nodes=cap)
    assert view.truncated and len(view.nodes) == cap
    assert direct <= {n.id for n in view.nodes}, "second-ring nodes pushed out a direct neighbour"
    assert_consistent(view)


def test_label_filter_keeps_papers_and_the_labels_asked_for(sample_graph: GraphStore) -> None:
    paper = sample_graph.query(
        "MATCH (p:Paper)-[:USES_DATASET]->(:Dataset) MATCH (p)-[:USES]->(:Model) RETURN p.id LIMIT 1"
    ).rows[0][0]
    view = ego_graph(sample_graph, f"Paper:{paper}", depth=2, labels=["Dataset"])
    labels = {n.label for n in view.nodes}
    assert "Dataset" in labels and labels <= {"Paper", "Dataset"}
    assert_consistent(view)


def test_unknown_label_names_the_known_ones(sample_graph: GraphStore) -> None:
    with pytest.raises(SchemaError, match="known: Paper"):
        ego_graph(sample_graph, "Model:SAM", labels=["Gadget"])


def test_overview_is_the_best_connected_part(sample_graph: GraphStore) -> None:
    view = overview_graph(sample_graph, max_nodes=60)
    assert len(view.nodes) == 60 and view.truncated
    hub = sample_graph.query(
        "MATCH (x)-[r]-() RETURN x, count(r) AS degree ORDER BY degree DESC LIMIT 1"
    ).rows[0][0]
    assert f"{hub['label']}:{hub['key']}" in {n.id for n in view.nodes}
    assert view.edges
    assert_consistent(view)
