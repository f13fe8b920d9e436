"""``kg query``, ``kg stats`` and ``kg shared-dataset``: reading the graph."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from kg import queries
from kg.cli._app import app
from kg.cli._common import StoreOption, TableFormat, connect, console, err_console, print_rows
from kg.errors import ConfigError, ReadOnlyViolation


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


#: an arXiv identifier reads as a number but never is one (2401.10000 is not 2401.1)
_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(v\d+)?")


def parse_params(pairs: list[str] | None) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; a VALUE that parses as JSON (numbers, lists, quoted strings) is used as
    such, except arXiv ids and numbers JSON would change (``2401.10000``), which stay text.

    >>> parse_params(["limit=5", "name=BraTS 2020", 'ids=["a","b"]', "id=2401.10000", "x=1.50"])
    {'limit': 5, 'name': 'BraTS 2020', 'ids': ['a', 'b'], 'id': '2401.10000', 'x': '1.50'}
    """
    params: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--param {pair!r}: expected NAME=VALUE")
        params[name.strip()] = _param_value(raw)
    return params


def _param_value(raw: str) -> Any:
    if _ARXIV_ID.fullmatch(raw.strip()):
        return raw.strip()
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        return raw
    if isinstance(value, int | float) and not isinstance(value, bool) and json.dumps(value) != raw.strip():
        return raw  # a number whose digits JSON would not keep: the user meant the text
    return value


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A Cypher query, or - to read it from standard input.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, repeatable.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    store: StoreOption = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to change the graph.")] = False,
) -> None:
    """Run a Cypher query with parameters and print the rows (read-only unless --write)."""
    text = sys.stdin.read() if cypher == "-" else cypher
    if not text.strip():
        raise ConfigError("the query is empty" + (" (nothing on standard input)" if cypher == "-" else ""))
    with connect(store, read_only=not write) as graph_store:
        try:
            result = graph_store.query(text, parse_params(param), read_only=not write)
        except ReadOnlyViolation as exc:
            raise ReadOnlyViolation(f"{exc}; add --write to let kg query change the graph") from None
    print_rows(result.columns, result.rows, fmt)


@app.command()
def stats(
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f")] = ViewFormat.table,
    store: StoreOption = None,
) -> None:
    """Counts per node label and per relationship type."""
    with connect(store, read_only=True) as graph_store:
        counts = graph_store.stats()
    if fmt is ViewFormat.json:
        typer.echo(json.dumps(counts.model_dump(), indent=2))
        return
    for title, mapping in (("label", counts.nodes), ("relationship", counts.relationships)):
        table = Table(title, "count")
        for name, n in mapping.items():
            table.add_row(name, str(n))
        console.print(table)


@app.command("shared-dataset")
def shared_dataset(
    paper: Annotated[str, typer.Argument(help="An arXiv id (with or without version) or a paper node id.")],
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f")] = ViewFormat.table,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
    store: StoreOption = None,
) -> None:
    """Papers that share at least one dataset with PAPER, most shared first."""
    with connect(store, read_only=True) as graph_store:
        matches = queries.shared_datasets(graph_store, paper, limit=limit)
    if fmt is ViewFormat.json:
        typer.echo(json.dumps([m.model_dump() for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        err_console.print(f"no other paper shares a dataset with {paper}", highlight=False)
        return
    rows = [[m.paper.id, m.paper.title, ", ".join(m.datasets)] for m in matches]
    print_rows(["paper", "title", "shared datasets"], rows, TableFormat.table)
