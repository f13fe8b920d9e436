"""``kg eval``: score extraction against hand-annotated gold, per type and macro-F1.

With no SYSTEM file it extracts the listings given with ``--sources`` (default: the bundled
sample corpus) and scores them against ``--gold`` (default: the sample's gold annotations shipped
with the package). The table is the same as the evaluation's reference scorer prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg import pipeline
from kg.cli._app import app
from kg.cli._common import err_console
from kg.errors import ConfigError
from kg.evaluate import FIELDS, default_gold_path, evaluate, format_table, read_jsonl


@app.command("eval")
def eval_command(
    system: Annotated[
        Path | None,
        typer.Argument(
            help="Output of `kg extract --format jsonl` to score. Default: extract --sources now."
        ),
    ] = None,
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--sources", help="Listings to extract and score (repeatable). Default: the bundled sample."
        ),
    ] = None,
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Gold JSONL. Default: the sample corpus's gold annotations.")
    ] = None,
    fields: Annotated[str, typer.Option("--fields", help="Comma-separated fields to score.")] = ",".join(
        FIELDS
    ),
    show_errors: Annotated[int, typer.Option("--show-errors", min=0, help="List this many FN/FP lines.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
) -> None:
    """Print per-type precision, recall and F1 and the macro-F1 of extraction against gold."""
    chosen = [f.strip() for f in fields.split(",") if f.strip()]
    unknown = sorted(set(chosen) - set(FIELDS))
    if unknown:
        raise ConfigError(f"--fields: unknown field(s) {', '.join(unknown)}; choose from {', '.join(FIELDS)}")
    if system is not None and sources:
        raise ConfigError("give either a SYSTEM file or --sources, not both")
    gold_records = read_jsonl(gold or default_gold_path())
    if system is not None:
        records = read_jsonl(system)
    else:
        listings = [pipeline.Listing(path=p) for p in sources] if sources else pipeline.sample_listings()
        loaded = pipeline.load_listings(listings)
        for issue in loaded.issues:
            err_console.print(f"[yellow]skipped[/] {issue}", highlight=False)
        records = [e.to_jsonl_record() for e in pipeline.extract(loaded.papers)]
    report = evaluate(records, gold_records, fields=chosen, collect_errors=show_errors > 0)
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
    else:
        typer.echo(format_table(report, show_errors))
