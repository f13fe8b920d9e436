"""``kg export``: the built graph as neo4j-admin import CSVs or as RDF (Turtle)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli._app import app
from kg.cli._common import StoreOption, connect, console


class ExportFormat(StrEnum):
    neo4j_admin = "neo4j-admin"
    turtle = "turtle"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="neo4j-admin CSVs or Turtle.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the files into.")],
    store: StoreOption = None,
) -> None:
    """Export the graph: CSVs for `neo4j-admin database import full` (with import.sh), or Turtle."""
    from kg.export import export_neo4j_admin, export_turtle, read_graph

    with connect(store, read_only=True) as graph_store:
        doc = read_graph(graph_store)
    writer = export_neo4j_admin if fmt is ExportFormat.neo4j_admin else export_turtle
    paths = writer(doc, output)
    console.print(f"[green]exported[/] {len(doc.nodes)} nodes and {len(doc.relationships)} relationships "
                  f"to {len(paths)} files in {output}", highlight=False)
    if fmt is ExportFormat.neo4j_admin:
        console.print(f"import into a stopped Neo4j: sh {output / 'import.sh'}", highlight=False)
