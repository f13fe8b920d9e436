"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="The knowledge graph of medical-imaging research: build it, query it in Cypher, explore it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
