"""The build pipeline: load -> merge identities -> extract -> build graph -> upsert.

Each step is a plain function over the typed model so the CLI, the API's ingest endpoint and the
benchmarks share one path. The CLI drives the steps itself to show progress.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import LoaderError
from kg.model import Extraction, GraphDocument, LoadIssue, LoadResult, Paper
from kg.resources import sample_dir
from kg.store.base import GraphStore, UpsertReport


@dataclass(frozen=True)
class Listing:
    """One file to load, with an optional format override and reference date."""

    path: Path
    format: str | None = None
    reference_date: date | None = None
    #: how sources and issues name the file; the bundled sample uses "sample/<file>" so that no
    #: machine-specific install path ends up in the graph
    name: str | None = None


@dataclass
class BuildReport:
    papers: int = 0
    issues: list[LoadIssue] = field(default_factory=list)
    written: UpsertReport = field(default_factory=UpsertReport)


def sample_listings() -> list[Listing]:
    """The bundled sample corpus, as described by its manifest."""
    folder = sample_dir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [
        Listing(
            path=folder / item["path"],
            format=item.get("format"),
            reference_date=date.fromisoformat(item["reference_date"]) if "reference_date" in item else None,
            name=f"sample/{item['path']}",
        )
        for item in manifest["listings"]
    ]


def load_listings(listings: Iterable[Listing], *, strict: bool = False) -> LoadResult:
    """Load every listing and merge the same paper listed several times into one record.

    With ``strict`` any bad record raises :class:`LoaderError` (before anything is written).
    """
    from kg.identity import merge_papers
    from loaders import load_file

    papers: list[Paper] = []
    issues: list[LoadIssue] = []
    for listing in listings:
        result = load_file(listing.path, fmt=listing.format, reference_date=listing.reference_date)
        if listing.name:
            result = _renamed(result, str(listing.path), listing.name)
        papers.extend(result.papers)
        issues.extend(result.issues)
    if strict and issues:
        shown = "; ".join(str(i) for i in issues[:3])
        more = f" (and {len(issues) - 3} more)" if len(issues) > 3 else ""
        raise LoaderError(f"{len(issues)} bad record(s), nothing written: {shown}{more}")
    return LoadResult(papers=merge_papers(papers), issues=issues)


def _renamed(result: LoadResult, path: str, name: str) -> LoadResult:
    """The same records with ``path`` shown as ``name`` in their sources and issues."""
    papers = [
        paper.model_copy(update={"sources": [
            src.model_copy(update={"path": name}) if src.path == path else src for src in paper.sources
        ]})
        for paper in result.papers
    ]
    issues = [
        issue.model_copy(update={"path": name}) if issue.path == path else issue for issue in result.issues
    ]
    return LoadResult(papers=papers, issues=issues)


def extract(
    papers: Sequence[Paper],
    *,
    batch_size: int = 64,
    on_batch: Callable[[int], None] | None = None,
) -> list[Extraction]:
    """Run the default extractor over ``papers`` in batches, reporting progress per batch."""
    from kg.extract import default_extractor

    extractor = default_extractor()
    out: list[Extraction] = []
    for start in range(0, len(papers), batch_size):
        batch = papers[start : start + batch_size]
        out.extend(extractor.extract(batch))
        if on_batch:
            on_batch(len(batch))
    return out


def graph_for(extractions: Iterable[Extraction]) -> GraphDocument:
    from kg.graph import build_graph

    return build_graph(extractions)


def build(
    listings: Sequence[Listing],
    store: GraphStore,
    *,
    strict: bool = False,
    batch_size: int = 1000,
) -> BuildReport:
    """The whole pipeline without progress display (used by the API and the benchmarks)."""
    loaded = load_listings(listings, strict=strict)
    doc = graph_for(extract(loaded.papers))
    store.ensure_schema()
    written = store.upsert(doc, batch_size=batch_size)
    return BuildReport(papers=len(loaded.papers), issues=loaded.issues, written=written)
