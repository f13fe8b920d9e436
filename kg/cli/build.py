"""``kg build`` and ``kg extract``: from listings to a graph, or to JSONL without a store."""

from __future__ import annotations

import json
import time
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg import pipeline
from kg.cli._app import app
from kg.cli._common import StoreOption, connect, console, err_console
from kg.errors import LoaderError
from kg.model import Extraction, LoadIssue, LoadResult
from kg.store import default_store

SourcesArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Listing files (arXiv Markdown, Hugging Face page, JSONL) or folders of them "
                        "(every .md, .txt, .jsonl, .json inside, recursively, sorted). "
                        "Default: the bundled sample."),
]
FORMAT_HELP = "Force the listing format (arxiv-md, hf-daily, jsonl) instead of detecting it."
InputFormatOption = Annotated[
    str | None,
    typer.Option("--input-format", help=FORMAT_HELP),
]
RefDateOption = Annotated[
    str | None,
    typer.Option("--reference-date", help='YYYY-MM-DD that year-less dates ("Mar 22") resolve against.'),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Any bad record is fatal; nothing is written.")]
NEXT_STEP = (
    'next: kg query "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset) RETURN d.name AS dataset, '
    'count(p) AS papers ORDER BY papers DESC LIMIT 10"'
)


def _listings(
    sources: list[Path] | None, fmt: str | None, reference_date: str | None
) -> list[pipeline.Listing]:
    if not sources:
        return pipeline.sample_listings()
    ref = None
    if reference_date:
        try:
            ref = date.fromisoformat(reference_date)
        except ValueError:
            raise typer.BadParameter(f"{reference_date!r} is not a YYYY-MM-DD date",
                                     param_hint="--reference-date") from None
    return [pipeline.Listing(path=p, format=fmt, reference_date=ref) for p in sources]


def _load(
    sources: list[Path] | None, fmt: str | None, reference_date: str | None, strict: bool
) -> LoadResult:
    """Load and merge the listings, reporting every skipped record and a summary on stderr."""
    loaded = pipeline.load_listings(_listings(sources, fmt, reference_date), strict=strict)
    _report(loaded.issues)
    if loaded.issues:
        err_console.print(f"{len(loaded.papers)} papers loaded, {len(loaded.issues)} bad record(s) skipped",
                          highlight=False, soft_wrap=True)
    return loaded


def _report(issues: list[LoadIssue]) -> None:
    """One ``skipped file:line: reason`` line per issue on stderr.

    Never wrapped at the terminal's width (a report line is read by grep and editors), and
    escaped: a reason quoting the listing's text must not be read as rich markup.
    """
    for issue in issues:
        err_console.print(f"[yellow]skipped[/] {escape(str(issue))}", highlight=False, soft_wrap=True)


def _extract_with_progress(loaded: LoadResult, strict: bool) -> list[Extraction]:
    issues: list[LoadIssue] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task("extracting", total=len(loaded.papers))
        extractions = pipeline.extract(loaded.papers, on_batch=lambda n: progress.advance(task, n),
                                       issues=issues)
    _check_extraction(loaded, issues, strict)
    return extractions


def _check_extraction(loaded: LoadResult, issues: list[LoadIssue], strict: bool) -> None:
    """Report papers the extractor failed on; with ``strict`` they stop the build before any write."""
    if issues and strict:
        raise LoaderError(f"{len(issues)} paper(s) failed extraction, nothing written: {issues[0]}")
    _report(issues)
    loaded.issues.extend(issues)


@app.command()
def build(
    sources: SourcesArg = None,
    store: StoreOption = None,
    fmt: Annotated[str | None, typer.Option("--format", "--input-format", "-f", help=FORMAT_HELP)] = None,
    reference_date: RefDateOption = None,
    strict: StrictOption = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per write batch.")] = 1000,
) -> None:
    """Build (or update) the graph from listings; re-running on the same input changes nothing."""
    started = time.perf_counter()
    # The store first: a lock held by another writer, a folder without write permission or a
    # store older than the schema fails now, not after seconds of loading and extraction.
    with connect(store) as graph_store:
        graph_store.ensure_schema()
        loaded = _load(sources, fmt, reference_date, strict)
        doc = pipeline.graph_for(_extract_with_progress(loaded, strict))
        written = graph_store.upsert(doc, batch_size=batch_size)
        stats = graph_store.stats()
    elapsed = time.perf_counter() - started
    skipped = f"; {len(loaded.issues)} bad record(s) skipped" if loaded.issues else ""
    # summary lines are never wrapped either: a store path broken in two cannot be copied
    console.print(f"[green]built[/] {len(loaded.papers)} papers: {written.nodes} nodes and "
                  f"{written.relationships} relationships written in {elapsed:.1f}s{skipped}",
                  highlight=False, soft_wrap=True)
    console.print(f"store: {escape(str(store or default_store()))}", highlight=False, soft_wrap=True)
    console.print("nodes: " + ", ".join(f"{label} {n}" for label, n in stats.nodes.items() if n),
                  highlight=False, soft_wrap=True)
    console.print(NEXT_STEP, highlight=False, soft_wrap=True)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
def extract(
    sources: SourcesArg = None,
    output_format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = (
        ExtractFormat.jsonl
    ),
    fmt: InputFormatOption = None,
    reference_date: RefDateOption = None,
    strict: StrictOption = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Extract entities with their evidence, without a store: one JSON line per paper."""
    loaded = _load(sources, fmt, reference_date, strict)
    issues: list[LoadIssue] = []
    extractions = pipeline.extract(loaded.papers, issues=issues)
    _check_extraction(loaded, issues, strict)
    lines = [json.dumps(e.to_jsonl_record(), ensure_ascii=False) for e in extractions]
    if output:
        output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        for line in lines:
            typer.echo(line)
