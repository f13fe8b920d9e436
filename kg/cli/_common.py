"""Options and output helpers shared by the command modules."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kg.store import GraphStore, default_store, open_store

console = Console()
err_console = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="KG_STORE",
        help="A path (embedded LadybugDB) or bolt:// / neo4j:// URI. Default: the user's data directory.",
        show_default=False,
    ),
]


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def connect(store: str | None, *, read_only: bool = False) -> GraphStore:
    return open_store(store or default_store(), read_only=read_only)


def to_text(value: Any) -> str:
    """A cell for table/CSV output: nodes and relationships shown by label/type and key."""
    if value is None:
        return ""
    if isinstance(value, dict) and value.get("kind") == "node":
        return f"({value['label']} {value['key']})"
    if isinstance(value, dict) and value.get("kind") == "relationship":
        return f"[{value['type']}]"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: TableFormat) -> None:
    if fmt is TableFormat.json:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2, default=str))
    elif fmt is TableFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([to_text(v) for v in row] for row in rows)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*(to_text(v) for v in row))
        console.print(table)
