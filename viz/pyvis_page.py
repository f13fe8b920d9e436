"""``kg viz``: a self-contained pyvis page of a view, which opens with no network at all.

pyvis builds the vis-network data (nodes, edges, options); the page itself comes from our own
template because pyvis's always links Bootstrap from a CDN. vis-network's JS and CSS are inlined
from the copy pyvis ships, so the file works offline, e-mailed or opened from disk.

>>> from viz.graph_view import ViewGraph, ViewNode
>>> page = render_page(ViewGraph(nodes=[ViewNode(id="Model:SAM", label="Model", key="SAM", caption="SAM")]))
>>> "vis.Network" in page and "https://" not in page.split("<script>")[0]
True
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.errors import MissingExtraError
from viz.graph_view import ViewEdge, ViewGraph, ViewNode
from viz.style import Style, load_style

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_EVIDENCE_PER_NODE = 3
PAPER_CAPTION_LIMIT = 60

#: vis-network options: settle with Barnes-Hut, then the page switches physics off for good.
OPTIONS: dict[str, Any] = {
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "avoidOverlap": 0.2},
        "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": True},
    "nodes": {"font": {"size": 12, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "smooth": False,
              "color": {"opacity": 0.7}},
}


def _pyvis_network() -> Any:
    try:
        from pyvis.network import Network
    except ImportError as exc:  # pragma: no cover - the viz extra is installed in dev
        raise MissingExtraError("pyvis", "viz") from exc
    return Network(directed=True, cdn_resources="in_line")


def _quote(sentence: str) -> str:
    return f"“{sentence.strip()}”"


def node_tooltip(node: ViewNode, evidence: list[str]) -> str:
    """Plain text (vis-network shows strings as text, never HTML): title, date, links, evidence."""
    props = node.properties
    if node.label == "Paper":
        lines = [str(props.get("title") or node.key)]
        lines.append(f"published {props['published']}" if props.get("published") else "date unknown")
        lines += [f"arXiv {props['arxiv_id']}"] if props.get("arxiv_id") else []
        lines += [f"code {props['code_url']}"] if props.get("code_url") else []
    else:
        lines = [f"{node.label}: {node.key}"]
        aliases = [a for a in props.get("aliases") or [] if a != node.key]
        lines += [f"also: {', '.join(aliases[:6])}"] if aliases else []
    if evidence:
        lines += ["", "evidence:", *(_quote(s) for s in evidence[:_EVIDENCE_PER_NODE])]
    return "\n".join(lines)


def edge_tooltip(edge: ViewEdge, captions: dict[str, str]) -> str:
    source, target = captions.get(edge.source, edge.source), captions.get(edge.target, edge.target)
    lines = [f"{source} —{edge.type}→ {target}"]
    if edge.properties.get("sentence"):
        lines += ["", _quote(str(edge.properties["sentence"]))]
    return "\n".join(lines)


def _evidence_by_node(view: ViewGraph) -> dict[str, list[str]]:
    """Evidence sentences of the edges touching each entity node (papers show their own text)."""
    found: dict[str, list[str]] = {}
    for edge in view.edges:
        sentence = str(edge.properties.get("sentence") or "").strip()
        if sentence:
            bucket = found.setdefault(edge.target, [])
            if sentence not in bucket:
                bucket.append(sentence)
    return found


def build_network(view: ViewGraph, style: Style | None = None) -> Any:
    """A pyvis ``Network`` with colours, shapes, sizes and tooltips per label."""
    style = style or load_style()
    net = _pyvis_network()
    degree: dict[str, int] = {}
    for edge in view.edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    evidence = _evidence_by_node(view)
    # Paper titles are long: in a crowded view they would bury everything else, so there papers
    # keep their title in the tooltip only.
    caption_papers = sum(1 for n in view.nodes if n.label == "Paper") <= PAPER_CAPTION_LIMIT
    for node in view.nodes:
        look = style.for_label(node.label)
        focus = node.id == view.focus
        net.add_node(
            node.id,
            label=node.caption if caption_papers or node.label != "Paper" or focus else " ",
            title=node_tooltip(node, evidence.get(node.id, [])),
            color={"background": look.colour, "border": "#222222" if focus else look.colour},
            shape=look.shape,
            size=look.size * (1.8 if focus else 1.0) + min(degree.get(node.id, 0), 30) ** 0.5 * 2,
            borderWidth=3 if focus else 1,
            kind=node.label,
        )
    captions = {n.id: n.caption for n in view.nodes}
    for edge in view.edges:
        net.add_edge(edge.source, edge.target, title=edge_tooltip(edge, captions),
                     color=style.edge_colour(edge.type), label="", type=edge.type)
    net.set_options(json.dumps(OPTIONS))
    return net


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (no CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _legend(view: ViewGraph, style: Style) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for node in view.nodes:
        counts[node.label] = counts.get(node.label, 0) + 1
    return [
        {"label": label, "count": n, "colour": style.for_label(label).colour,
         "shape": style.for_label(label).shape}
        for label, n in sorted(counts.items(), key=lambda item: -item[1])
    ]


def render_page(view: ViewGraph, *, title: str = "medimg-kg graph", style: Style | None = None) -> str:
    """The whole HTML page for ``view``."""
    style = style or load_style()
    net = build_network(view, style)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    vis_js, vis_css = _vis_assets()
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    template = env.get_template("pyvis_page.html")
    return template.render(
        title=title,
        nodes=nodes,
        edges=edges,
        options=json.loads(options) if isinstance(options, str) else options,
        vis_js=Markup(vis_js),  # vendored library text, not user input
        vis_css=Markup(vis_css),
        legend=_legend(view, style),
        node_count=len(view.nodes),
        edge_count=len(view.edges),
        truncated=view.truncated,
        focus=view.focus,
    )


def write_page(view: ViewGraph, output: Path, *, title: str = "medimg-kg graph") -> Path:
    output.write_text(render_page(view, title=title), encoding="utf-8")
    return output
