"""``POST /ingest``: a listing (arXiv table, HF page or JSONL) in the body, through the build pipeline."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from pathlib import Path

from kg import pipeline
from kg.api.models import IngestIssue, IngestReport
from kg.errors import LoaderError
from kg.model import LoadIssue, Paper, Source
from kg.store.base import GraphStore


def ingest_listing(
    store: GraphStore, body: bytes, *, fmt: str | None, reference_date: date | None
) -> IngestReport:
    """Load, extract and upsert the papers in ``body``; bad records are reported, good ones written.

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
    written_nodes = written_rels = 0
    if papers:
        doc = pipeline.graph_for(pipeline.extract(papers))
        store.ensure_schema()
        report = store.upsert(doc)
        written_nodes, written_rels = report.nodes, report.relationships
    return IngestReport(
        papers=len(papers),
        issues=[IngestIssue(path=i.path, line=i.line, reason=i.reason) for i in issues],
        nodes=written_nodes,
        relationships=written_rels,
    )


def _renamed(paper: Paper, path: str, name: str) -> Paper:
    sources = [s.model_copy(update={"path": name}) if s.path == path else s for s in paper.sources]
    return paper.model_copy(update={"sources": _dedupe(sources)})


def _dedupe(sources: list[Source]) -> list[Source]:
    return list(dict.fromkeys(sources))


def _renamed_issue(issue: LoadIssue, path: str, name: str) -> LoadIssue:
    return issue.model_copy(update={"path": name, "reason": issue.reason.replace(path, name)})
