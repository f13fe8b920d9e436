"""``kg schema``: the graph's labels and relationship types; ``--apply`` creates them in a store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from kg.cli._app import app
from kg.cli._common import StoreOption, connect, console, err_console
from kg.cli.query import ViewFormat
from kg.schema import SchemaSummary, load_schema
from kg.store import default_store


@app.command()
def schema(
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f")] = ViewFormat.table,
    apply: Annotated[bool, typer.Option(
        "--apply",
        help="Create the tables, constraints and indexes in --store and load nothing (e.g. for a "
             "database made by neo4j-admin import).",
    )] = False,
    store: StoreOption = None,
) -> None:
    """Print the labels and relationship types (the same as GET /schema), or apply them to a store."""
    summary = load_schema().summary()
    if apply:
        with connect(store) as graph:
            graph.ensure_schema()
        err_console.print(f"schema {summary.version} is in place on {store or default_store()}; "
                          "nothing was loaded", highlight=False, soft_wrap=True)
        return
    if fmt is ViewFormat.json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    _print_tables(summary)


def _print_tables(summary: SchemaSummary) -> None:
    labels = Table("label", "key", "properties", title="node labels")
    for node in summary.labels:
        labels.add_row(node.label, node.key, ", ".join(f"{k}: {v}" for k, v in node.properties.items()))
    relationships = Table("type", "from", "to", "properties", title="relationship types")
    for rel in summary.relationships:
        relationships.add_row(rel.type, rel.source, ", ".join(rel.targets), ", ".join(rel.properties))
    console.print(labels)
    console.print(relationships)
