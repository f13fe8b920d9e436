"""``kg viz`` (an offline pyvis page of an ego graph) and ``kg trends`` (papers per month, as a chart)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli._app import app
from kg.cli._common import StoreOption, connect, console


@app.command()
def viz(
    focus: Annotated[str | None, typer.Option(
        "--focus", help="A paper (arXiv id) or entity (SAM, 'Model:U-Net', an alias) to centre on. "
                        "Default: the best-connected part of the graph.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=4, help="Hops around the focus.")] = 1,
    label: Annotated[list[str] | None, typer.Option(
        "--label", help="Show only these labels (repeatable); papers are always kept: they connect the rest."
    )] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, max=5000,
                                           help="Node cap: the nearest nodes are kept.")] = 400,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "graph.html"),
    store: StoreOption = None,
) -> None:
    """Write a self-contained interactive page (pyvis) that opens offline, in any browser."""
    from viz.graph_view import ego_graph, overview_graph, resolve_focus
    from viz.pyvis_page import write_page

    labels = label or []
    with connect(store, read_only=True) as graph_store:
        if focus:
            node = resolve_focus(graph_store, focus)
            view = ego_graph(graph_store, node, depth=depth, labels=labels, max_nodes=max_nodes)
            title = f"{node} (depth {depth})"
        else:
            view = overview_graph(graph_store, labels=labels, max_nodes=max_nodes)
            title = "medimg-kg overview"
    write_page(view, output, title=title)
    advice = "lower --depth, add --label or raise --max-nodes" if focus else "add --focus or --max-nodes"
    cut = f" (node cap reached: {advice})" if view.truncated else ""
    console.print(f"[green]wrote[/] {output}: {len(view.nodes)} nodes, {len(view.edges)} edges{cut}",
                  highlight=False)


@app.command()
def trends(
    entities: Annotated[list[str], typer.Argument(
        help="Entities as Label:name (Model:SAM) or bare names/aliases (SAM, 'U-Net').")],
    output: Annotated[Path, typer.Option("--output", "-o", help="PNG (or .svg/.pdf) to write.")] = Path(
        "trends.png"),
    store: StoreOption = None,
) -> None:
    """Chart papers per month for each entity (e.g. SAM vs U-Net)."""
    from viz.trends import plot
    from viz.trends import trends as count_trends

    with connect(store, read_only=True) as graph_store:
        series = count_trends(graph_store, entities)
    plot(series, output)
    for s in series:
        months = ", ".join(f"{m} {n}" for m, n in s.counts.items()) or "no dated papers"
        console.print(f"{s.entity}: {months}", highlight=False)
    console.print(f"[green]wrote[/] {output}", highlight=False)
