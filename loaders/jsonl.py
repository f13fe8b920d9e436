"""JSONL of :class:`kg.model.Paper` records: the project's own interchange format.

One JSON object per line; blank lines are ignored. A line that is not JSON, or a record that does
not validate, becomes a :class:`kg.model.LoadIssue` naming the line and the field.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from kg.identity import paper_id
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders.base import Loader
from loaders.lines import read_lines


class JsonlLoader(Loader):
    """Reads one Paper record per line."""

    format = "jsonl"

    def load(self, path: Path, *, reference_date: date | None = None) -> LoadResult:
        result = LoadResult()
        for line in read_lines(path):
            if not line.text.strip():
                continue
            if line.error:
                result.issues.append(line.issue(path))
                continue
            try:
                record = json.loads(line.text)
            except json.JSONDecodeError as exc:
                result.issues.append(line.issue(path, f"not JSON ({exc.msg} at column {exc.colno})"))
                continue
            if not isinstance(record, dict):
                result.issues.append(
                    line.issue(path, f"expected a JSON object, found {type(record).__name__}")
                )
                continue
            try:
                paper = Paper.model_validate(_with_defaults(record))
            except ValidationError as exc:
                reason = "invalid Paper record: " + "; ".join(field_errors(exc))
                result.issues.append(LoadIssue(path=str(path), line=line.number, reason=reason))
                continue
            if not paper.sources:
                paper.sources = [
                    Source(path=str(path), line=line.number, format=self.format, title=paper.title)
                ]
            result.papers.append(paper)
        return result


def _with_defaults(record: dict[str, object]) -> dict[str, object]:
    """A record without ``id`` gets the identity rule's id (from ``arxiv_id`` or ``title``)."""
    if "id" not in record and isinstance(record.get("title"), str):
        arxiv_id = record.get("arxiv_id")
        return {
            **record,
            "id": paper_id(arxiv_id if isinstance(arxiv_id, str) else None, str(record["title"])),
        }
    return record


def field_errors(exc: ValidationError) -> list[str]:
    """One reason per failing field: ``field 'published': Input should be a valid date …``."""
    reasons = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "record"
        reasons.append(f"field {where!r}: {error['msg']}")
    return reasons
