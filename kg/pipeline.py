"""The build pipeline: load -> merge identities -> extract -> build graph -> upsert.

Each step is a plain function over the typed model so the CLI, the API's ingest endpoint and the
benchmarks share one path. The CLI drives the steps itself to show progress.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import LoaderError
from kg.model import Extraction, GraphDocument, LoadIssue, LoadResult, Paper
from kg.resources import sample_dir
from kg.store.base import GraphStore, UpsertReport

if TYPE_CHECKING:
    from kg.extract.base import Extractor

log = logging.getLogger(__name__)


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


#: the file names a folder's listings have; other files in a folder are not listings
LISTING_SUFFIXES = (".json", ".jsonl", ".md", ".txt")


def listing_files(folder: Path) -> list[Path]:
    """Every listing file inside ``folder``, recursively, sorted so builds are deterministic.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped, and so is anything that is not
    a regular file or lacks a :data:`LISTING_SUFFIXES` suffix.
    """
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or path.suffix.lower() not in LISTING_SUFFIXES:
            continue
        if path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def expand_folders(listings: Iterable[Listing]) -> list[Listing]:
    """``listings`` with each folder replaced by its listing files (same format and date).

    A folder with no listing file stays as it is, so loading it reports it as a directory.
    """
    expanded: list[Listing] = []
    for listing in listings:
        files = listing_files(listing.path) if listing.path.is_dir() else []
        if not files:
            expanded.append(listing)
            continue
        expanded.extend(
            Listing(path=path, format=listing.format, reference_date=listing.reference_date) for path in files
        )
    return expanded


def load_listings(listings: Iterable[Listing], *, strict: bool = False) -> LoadResult:
    """Load every listing and merge the same paper listed several times into one record.

    A file that cannot be loaded at all (missing, a FIFO or device, too large, of no known
    format) is one issue at line 0 and the other files still load; only when no file at all
    could be loaded is that a :class:`LoaderError`. With ``strict`` any bad record or file
    raises :class:`LoaderError` (before anything is written). A folder stands for every listing
    file inside it (see :func:`listing_files`).
    """
    from kg.identity import merge_papers

    listings = expand_folders(listings)
    papers: list[Paper] = []
    issues: list[LoadIssue] = []
    refused: list[LoadIssue] = []
    for listing in listings:
        try:
            result = _load_listing(listing)
        except LoaderError as exc:
            refused.append(_file_issue(listing, exc))
            continue
        papers.extend(result.papers)
        issues.extend(result.issues)
    if listings and len(refused) == len(listings):
        raise LoaderError("; ".join(str(issue) for issue in refused))
    issues = refused + issues
    if strict and issues:
        shown = "; ".join(str(i) for i in issues[:3])
        more = f" (and {len(issues) - 3} more)" if len(issues) > 3 else ""
        raise LoaderError(f"{len(issues)} bad record(s), nothing written: {shown}{more}")
    return LoadResult(papers=merge_papers(papers), issues=issues)


def _load_listing(listing: Listing) -> LoadResult:
    """One listing's records, named as the listing says; any failure is a :class:`LoaderError`."""
    from loaders import load_file

    try:
        result = load_file(listing.path, fmt=listing.format, reference_date=listing.reference_date)
    except LoaderError:
        raise
    except Exception as exc:
        # a loader bug must cost its own file, not every other file of the build
        raise LoaderError(f"{listing.path}: cannot be loaded ({_brief(exc)})") from exc
    if listing.name:
        result = _renamed(result, str(listing.path), listing.name)
    return result


def _file_issue(listing: Listing, exc: LoaderError) -> LoadIssue:
    """The issue (at line 0: the whole file) for a listing that could not be loaded."""
    path, shown = str(listing.path), listing.name or str(listing.path)
    reason = str(exc).removeprefix(f"{path}: ").replace(path, shown)
    return LoadIssue(path=shown, line=0, reason=reason)


def _brief(exc: BaseException, limit: int = 200) -> str:
    """``ExcType: first line of the message``, short enough for one report line."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    issues: list[LoadIssue] | None = None,
) -> list[Extraction]:
    """Run the default extractor over ``papers`` in batches, reporting progress per batch.

    A paper the extractor fails on is kept without entities and reported in ``issues`` at its
    first source (logged when ``issues`` is None): one paper never costs the others.
    """
    from kg.extract import default_extractor

    extractor = default_extractor()
    out: list[Extraction] = []
    for start in range(0, len(papers), batch_size):
        batch = papers[start : start + batch_size]
        out.extend(_extract_batch(extractor, batch, issues))
        if on_batch:
            on_batch(len(batch))
    return out


def _extract_batch(
    extractor: Extractor, batch: Sequence[Paper], issues: list[LoadIssue] | None
) -> list[Extraction]:
    try:
        return extractor.extract(batch)
    except Exception:
        # the extractor is third-party NLP code: find the paper it fails on, keep the rest
        return [_extract_one(extractor, paper, issues) for paper in batch]


def _extract_one(extractor: Extractor, paper: Paper, issues: list[LoadIssue] | None) -> Extraction:
    try:
        [extraction] = extractor.extract([paper])
        return extraction
    except Exception as exc:
        source = paper.sources[0] if paper.sources else None
        issue = LoadIssue(
            path=source.path if source else paper.id,
            line=source.line if source else 0,
            reason=f"extraction failed ({_brief(exc)}); paper {paper.id} kept without entities",
        )
        if issues is None:
            log.warning("%s", issue)
        else:
            issues.append(issue)
        return Extraction(paper=paper)


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
    issues = list(loaded.issues)
    extractions = extract(loaded.papers, issues=issues)
    if strict and len(issues) > len(loaded.issues):
        raise LoaderError(f"nothing written: {issues[len(loaded.issues)]}")
    doc = graph_for(extractions)
    store.ensure_schema()
    written = store.upsert(doc, batch_size=batch_size)
    return BuildReport(papers=len(loaded.papers), issues=issues, written=written)
