"""The text of a Hugging Face "Daily Papers" page.

After the page header ("new", "Subscribe", "Daily Papers", "byAK …", the page's date), each
paper is: a title line, a blank line, one abstract paragraph, ``• N authors``, ``·`` and a date
line (``Mar 22``, ``Dec 12, 2024``; a trailing number is the upvote count: ``Jan 12 1``). There
are no arXiv ids. Dates without a year are the most recent such date not after the reference
date (default: today).

>>> resolve_date("Mar 22", reference=date(2026, 4, 22))
datetime.date(2026, 3, 22)
>>> resolve_date("Dec 25", reference=date(2026, 4, 22))
datetime.date(2025, 12, 25)
>>> parse_date_line("Jan 12 1", reference=date(2026, 4, 22))
(datetime.date(2026, 1, 12), 1)
>>> parse_date_line("Dec 12, 2024", reference=date(2026, 4, 22))
(datetime.date(2024, 12, 12), None)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.identity import paper_id
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders.base import Loader
from loaders.checks import accept
from loaders.lines import Line, read_lines
from loaders.text import normalize_text

AUTHORS = re.compile(r"^\s*•\s*(?P<count>\d+)\s+authors?\s*$")
_DOT = re.compile(r"^\s*·\s*$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(
    r"^\s*(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d+))?\s*$"
)
#: longer "titles" are abstracts shifted into the title's place by a stray line
MAX_TITLE = 400
#: counts are stored as signed 64-bit integers: 18 digits always fit
MAX_COUNT_DIGITS = 18
#: the page header lines, skipped silently before the first paper
HEADER_LINES = re.compile(
    r"^\s*(new|subscribe|daily papers|by\s*ak\b.*|get trending papers.*)\s*$", re.IGNORECASE
)


class RecordError(ValueError):
    """A record that cannot become a paper; the message is the issue's reason, ``line`` its place."""

    def __init__(self, reason: str, line: Line | None = None) -> None:
        super().__init__(reason)
        self.line = line


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines."""

    lines: list[Line]

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)

    @property
    def is_meta(self) -> bool:
        return AUTHORS.match(self.first.text) is not None

    def bad_line(self) -> Line | None:
        return next((line for line in self.lines if line.error), None)


class HfDailyLoader(Loader):
    """Reads the text of a Hugging Face daily-papers page."""

    format = "hf-daily"

    def load(self, path: Path, *, reference_date: date | None = None) -> LoadResult:
        reference = reference_date or date.today()
        result = LoadResult()
        pending: list[Block] = []
        seen_paper = False
        for block in blocks(read_lines(path)):
            if not block.is_meta:
                pending.append(block)
                continue
            *extra, title_block, abstract_block = [None, None, *pending]
            pending = []
            for stray in extra:
                if stray is not None and not (not seen_paper and _is_header(stray)):
                    result.issues.append(_issue(path, stray.first, "unexpected text (not part of a paper)"))
            try:
                paper = _paper(path, title_block, abstract_block, block, reference)
            except RecordError as exc:
                where = exc.line or (title_block or abstract_block or block).first
                result.issues.append(_issue(path, where, str(exc)))
                continue
            seen_paper = True
            accept(result, paper, str(path), paper.sources[0].line)
        for stray in pending:
            if seen_paper or not _is_header(stray):
                result.issues.append(_issue(path, stray.first, "unexpected text (not part of a paper)"))
        return result


def _issue(path: Path, line: Line, reason: str) -> LoadIssue:
    return line.issue(path, reason)


def _is_header(block: Block) -> bool:
    return all(HEADER_LINES.match(line.text) or _DATE.match(line.text) for line in block.lines)


def blocks(lines: list[Line]) -> Iterator[Block]:
    """Runs of non-blank lines; an undecodable line always counts as non-blank."""
    run: list[Line] = []
    for line in lines:
        if line.text.strip() or line.error:
            run.append(line)
        elif run:
            yield Block(run)
            run = []
    if run:
        yield Block(run)


def _paper(path: Path, title: Block | None, abstract: Block | None, meta: Block, reference: date) -> Paper:
    if title is None or abstract is None:
        first = (title or abstract or meta).first
        raise RecordError("missing title or abstract before the '• N authors' line", first)
    for block in (title, abstract, meta):
        bad = block.bad_line()
        if bad is not None:
            raise RecordError(bad.error or "undecodable line", bad)
    if len(title.lines) != 1 or len(title.text) > MAX_TITLE:
        # a stray line between abstract and authors shifts the abstract into the title's place
        raise RecordError("expected a one-line title, a blank line, then the abstract paragraph", title.first)
    authors, published, upvotes = _meta(meta, reference)
    title_text = normalize_text(title.text)
    return Paper(
        id=paper_id(None, title_text),
        title=title_text,
        abstract=normalize_text(abstract.text),
        abstract_raw=abstract.text,
        published=published,
        authors_count=authors,
        upvotes=upvotes,
        sources=[
            Source(path=str(path), line=title.first.number, format=HfDailyLoader.format, title=title_text)
        ],
    )


def _meta(meta: Block, reference: date) -> tuple[int, date, int | None]:
    """Author count, date and upvotes from the ``• N authors`` / ``·`` / date lines."""
    texts = [line.text for line in meta.lines]
    if len(texts) != 3 or not _DOT.match(texts[1]):
        raise RecordError("expected '• N authors', '·' and a date line (record truncated?)", meta.first)
    match = AUTHORS.match(texts[0])
    assert match is not None  # a meta block starts with the authors line by definition
    try:
        published, upvotes = parse_date_line(texts[2], reference=reference)
    except RecordError as exc:
        exc.line = meta.lines[2]
        raise
    return _count(match.group("count"), "author count", meta.first), published, upvotes


def parse_date_line(text: str, *, reference: date) -> tuple[date, int | None]:
    """The date and upvote count of a date line; :class:`RecordError` when it is not one."""
    match = _DATE.match(text)
    if match is None:
        raise RecordError(f"bad date line {text.strip()!r} (expected e.g. 'Mar 22' or 'Dec 12, 2024')")
    month_name, day = match.group("month")[:3].lower(), int(match.group("day"))
    if month_name not in _MONTHS:
        raise RecordError(f"bad date line {text.strip()!r}: unknown month")
    month = _MONTHS.index(month_name) + 1
    upvotes = _count(match.group("upvotes"), "upvote count") if match.group("upvotes") else None
    try:
        if match.group("year"):
            return date(int(match.group("year")), month, day), upvotes
        return resolve_date(f"{month_name} {day}", reference=reference), upvotes
    except ValueError:
        raise RecordError(f"bad date line {text.strip()!r}: no such day") from None


def _count(digits: str, what: str, line: Line | None = None) -> int:
    """A count written on the page; more digits than a store's integer holds is a bad record."""
    if len(digits) > MAX_COUNT_DIGITS:
        raise RecordError(f"{what} of {len(digits)} digits is out of range", line)
    return int(digits)


def resolve_date(text: str, *, reference: date) -> date:
    """``"Mon D"`` as the most recent such date not after ``reference``."""
    month_name, day_text = text.split()
    month, day = _MONTHS.index(month_name[:3].lower()) + 1, int(day_text)
    for year in range(reference.year, reference.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # Feb 29 outside a leap year: look further back
            continue
        if candidate <= reference:
            return candidate
    raise ValueError(f"no such day: {text}")
