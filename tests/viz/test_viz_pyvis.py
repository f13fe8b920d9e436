"""The `kg viz` page: self-contained (no network), styled from schema/style.yaml, with tooltips."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import GraphStore
from viz.graph_view import ViewEdge, ViewGraph, ViewNode, ego_graph
from viz.pyvis_page import node_tooltip, render_page
from viz.style import load_style

# Anything the page could fetch: script/link/img sources, CSS imports and url()s pointing off the file.
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def data_sets(page: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The vis.DataSet arrays the page embeds."""
    found = re.findall(r"new vis\.DataSet\((\[.*?\])\);", page, flags=re.DOTALL)
    assert len(found) == 2, "the page should embed one node and one edge data set"
    return json.loads(found[0]), json.loads(found[1])


@pytest.fixture(scope="module")
def sam_page(sample_graph: GraphStore) -> str:
    return render_page(ego_graph(sample_graph, "Model:SAM", depth=1), title="SAM")


def test_page_fetches_nothing(sam_page: str) -> None:
    assert not EXTERNAL.search(sam_page), EXTERNAL.search(sam_page)
    assert "vis.Network" in sam_page and "<script src" not in sam_page


def test_nodes_take_colour_and_shape_from_the_style_file(sam_page: str) -> None:
    nodes, _ = data_sets(sam_page)
    style = load_style()
    for node in nodes:
        look = style.for_label(str(node["kind"]))
        assert node["shape"] == look.shape
        assert node["color"]["background"] == look.colour  # type: ignore[index]


def test_tooltips_carry_title_date_and_evidence(sam_page: str, sample_graph: GraphStore) -> None:
    nodes, edges = data_sets(sam_page)
    sam = next(n for n in nodes if n["id"] == "Model:SAM")
    assert "evidence:" in str(sam["title"])
    paper = next(n for n in nodes if n["kind"] == "Paper")
    props = sample_graph.query("MATCH (p:Paper {id: $id}) RETURN p.title, p.published",
                               {"id": str(paper["id"]).split(":", 1)[1]}).rows[0]
    assert str(paper["title"]).startswith(props[0])
    assert (props[1] or "date unknown") in str(paper["title"])
    uses = [e for e in edges if e.get("type") == "USES"]
    assert uses and all("“" in str(e["title"]) for e in uses)


def test_physics_settles_then_stops(sam_page: str) -> None:
    options = json.loads(re.search(r"var options = (\{.*?\});\n", sam_page, flags=re.DOTALL).group(1))  # type: ignore[union-attr]
    assert options["physics"]["enabled"] and options["physics"]["stabilization"]["enabled"]
    script = sam_page[sam_page.rindex("<script>"):]
    assert 'network.once("stabilizationIterationsDone"' in script
    assert "physics: {enabled: false}" in script


def test_text_from_the_graph_cannot_break_out_of_the_page() -> None:
    hostile = "</script><script>alert(1)</script>"
    view = ViewGraph(nodes=[ViewNode(id="Paper:x", label="Paper", key="x", caption=hostile,
                                     properties={"title": hostile})],
                     edges=[], focus="Paper:x")
    page = render_page(view, title=hostile)
    assert "<script>alert(1)" not in page


def test_plain_text_tooltip_for_an_entity() -> None:
    node = ViewNode(id="Model:SAM", label="Model", key="SAM", caption="SAM",
                    properties={"aliases": ["Segment Anything Model"]})
    text = node_tooltip(node, ["We fine-tune SAM on CT."])
    assert text.splitlines() == ["Model: SAM", "also: Segment Anything Model", "", "evidence:",
                                 "“We fine-tune SAM on CT.”"]


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    captured = capsys.readouterr()
    return int(stopped.value.code or 0), captured.out + captured.err


@pytest.mark.parametrize(
    ("args", "expected_nodes"),
    [
        (["--focus", "Segment Anything Model"], "Model:SAM"),
        (["--focus", "2509.06617", "--depth", "2", "--label", "Model"], "Paper:2509.06617"),
        (["--max-nodes", "30"], None),
    ],
)
def test_kg_viz_writes_a_page(
    sample_store_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], args: list[str], expected_nodes: str | None,
) -> None:
    output = tmp_path / "graph.html"
    code, out = run_cli(monkeypatch, capsys, "viz", *args, "--store", str(sample_store_copy),
                        "--output", str(output))
    assert code == 0, out
    nodes, _ = data_sets(output.read_text(encoding="utf-8"))
    assert f"wrote {output}: {len(nodes)} nodes" in " ".join(out.split())
    if expected_nodes:
        assert expected_nodes in {n["id"] for n in nodes}
    else:
        assert len(nodes) == 30


def test_kg_viz_unknown_focus_is_one_line(
    sample_store_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_cli(monkeypatch, capsys, "viz", "--focus", "Model:Nonexistent", "--store",
                        str(sample_store_copy), "--output", str(tmp_path / "x.html"))
    assert code == 1
    assert out.strip() == "error: no Model 'Nonexistent' in the graph"
    assert not (tmp_path / "x.html").exists()


def test_edge_tooltips_name_both_ends() -> None:
    view = ViewGraph(
        nodes=[ViewNode(id="Paper:p", label="Paper", key="p", caption="A paper"),
               ViewNode(id="Model:SAM", label="Model", key="SAM", caption="SAM")],
        edges=[ViewEdge(id="e", source="Paper:p", target="Model:SAM", type="USES",
                        properties={"sentence": "We use SAM."})],
    )
    _, edges = data_sets(render_page(view))
    assert edges[0]["title"] == "A paper —USES→ SAM\n\n“We use SAM.”"
