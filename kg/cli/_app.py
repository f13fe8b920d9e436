"""The Typer application every command module registers on."""

from __future__ import annotations

from typing import Annotated

import typer

from kg import __version__

app = typer.Typer(
    name="kg",
    help="The knowledge graph of medical-imaging research: build it, query it in Cypher, explore it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"kg (medimg-kg) {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool | None, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.",
    )] = None,
) -> None:
    """The knowledge graph of medical-imaging research: build it, query it in Cypher, explore it."""
