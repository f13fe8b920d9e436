"""JSONL of :class:`kg.model.Paper` records: the project's own interchange format.

One JSON object per line; blank lines are ignored. A line that is not JSON (also one nested too
deeply or holding a number too long to parse), or a record that does not validate or fails the
checks of :mod:`loaders.checks`, becomes a :class:`kg.model.LoadIssue` naming the line and the field.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from kg.identity import paper_id
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders.base import Loader
from loaders.checks import accept
from loaders.lines import Line, read_lines


class RecordError(ValueError):
    """A line that cannot become a paper; the message is the issue's reason."""


class JsonlLoader(Loader):
    """Reads one Paper record per line."""

    format = "jsonl"

    def load(self, path: Path, *, reference_date: date | None = None) -> LoadResult:
        result = LoadResult()
        for line in read_lines(path):
            if line.error:
                result.issues.append(line.issue(path))
                continue
            if not line.text.strip():
                continue
            try:
                paper = self._paper(line, str(path))
            except RecordError as exc:
                result.issues.append(LoadIssue(path=str(path), line=line.number, reason=str(exc)))
                continue
            accept(result, paper, str(path), line.number)
        return result

    def _paper(self, line: Line, path: str) -> Paper:
        record = parse_object(line.text)
        try:
            paper = Paper.model_validate(_with_defaults(record))
        except ValidationError as exc:
            raise RecordError("invalid Paper record: " + "; ".join(field_errors(exc))) from None
        if not paper.sources:
            paper.sources = [Source(path=path, line=line.number, format=self.format, title=paper.title)]
        return paper


def parse_object(text: str) -> dict[str, object]:
    """One line's JSON object; :class:`RecordError` saying why when it is not one."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        # the C parser recurses once per nesting level: a line of 100,000 "[" exhausts the stack
        raise RecordError("not a Paper record: JSON nested too deeply") from None
    except ValueError:
        # int() refuses literals longer than sys.get_int_max_str_digits() (4300 by default)
        limit = sys.get_int_max_str_digits()
        raise RecordError(f"not a Paper record: an integer of more than {limit} digits") from None
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object, found {type(record).__name__}")
    return record


def _with_defaults(record: dict[str, object]) -> dict[str, object]:
    """A record without ``id`` gets the identity rule's id (from ``arxiv_id`` or ``title``)."""
    if "id" not in record and isinstance(record.get("title"), str):
        arxiv_id = record.get("arxiv_id")
        return {
            **record,
            "id": paper_id(arxiv_id if isinstance(arxiv_id, str) else None, str(record["title"])),
        }
    return record


#: a record failing in thousands of places is reported by its first few, so the line stays readable
MAX_FIELD_ERRORS = 5


def field_errors(exc: ValidationError) -> list[str]:
    """One reason per failing field: ``field 'published': Input should be a valid date …``."""
    errors = exc.errors()
    reasons = []
    for error in errors[:MAX_FIELD_ERRORS]:
        where = ".".join(str(part) for part in error["loc"]) or "record"
        reasons.append(f"field {where[:100]!r}: {error['msg']}")
    if len(errors) > MAX_FIELD_ERRORS:
        reasons.append(f"and {len(errors) - MAX_FIELD_ERRORS} more")
    return reasons
