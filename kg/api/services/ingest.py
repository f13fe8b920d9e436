"""``POST /ingest``: a listing (arXiv table, HF page or JSONL) in the body, through the build pipeline.

Every bad record of the body is one issue in the answer (line and reason), never a failed
request; only a body that cannot be read as any listing is refused (422).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg import pipeline
from kg.api.models import IngestIssue, IngestReport
from kg.errors import LoaderError
from kg.model import GraphDocument, LoadIssue, Paper, Source
from kg.store.base import GraphStore


@dataclass(frozen=True)
class PreparedIngest:
    """What a body holds, extracted and ready to write: its papers' graph and the skipped records."""

    papers: int
    issues: list[LoadIssue]
    doc: GraphDocument | None


def prepare_ingest(body: bytes, *, fmt: str | None, reference_date: date | None) -> PreparedIngest:
    """Load and extract the papers in ``body`` (no store involved, so reads go on meanwhile).

    Sources are recorded as ``api:ingest-<digest>`` (the body's hash) rather than a temporary
    path, so the same body ingested twice changes nothing.
    """
    name = f"api:ingest-{hashlib.sha256(body).hexdigest()[:12]}"
    with tempfile.TemporaryDirectory(prefix="kg-ingest-") as folder:
        path = Path(folder) / "listing"
        path.write_bytes(body)
        listing = pipeline.Listing(path=path, format=fmt, reference_date=reference_date)
        try:
            loaded = pipeline.load_listings([listing])
        except LoaderError as exc:
            raise LoaderError(str(exc).replace(str(path), name)) from None
        papers = [_renamed(paper, str(path), name) for paper in loaded.papers]
        issues = [_renamed_issue(issue, str(path), name) for issue in loaded.issues]
    # a paper the extractor fails on is kept without entities and reported like a bad record
    doc = pipeline.graph_for(pipeline.extract(papers, issues=issues)) if papers else None
    return PreparedIngest(papers=len(papers), issues=issues, doc=doc)


def write_ingest(store: GraphStore, prepared: PreparedIngest) -> IngestReport:
    """Upsert a prepared body (the caller holds the write lock) and report what was written."""
    nodes = relationships = 0
    if prepared.doc is not None:
        store.ensure_schema()
        written = store.upsert(prepared.doc)
        nodes, relationships = written.nodes, written.relationships
    return IngestReport(
        papers=prepared.papers,
        issues=[IngestIssue(path=i.path, line=i.line, reason=i.reason) for i in prepared.issues],
        nodes=nodes,
        relationships=relationships,
    )


def _renamed(paper: Paper, path: str, name: str) -> Paper:
    sources = [s.model_copy(update={"path": name}) if s.path == path else s for s in paper.sources]
    return paper.model_copy(update={"sources": _dedupe(sources)})


def _dedupe(sources: list[Source]) -> list[Source]:
    return list(dict.fromkeys(sources))


def _renamed_issue(issue: LoadIssue, path: str, name: str) -> LoadIssue:
    return issue.model_copy(update={"path": name, "reason": issue.reason.replace(path, name)})
