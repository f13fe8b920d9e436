"""The text of a Hugging Face "Daily Papers" page.

After the page header ("new", "Subscribe", "Daily Papers", "byAK …", the page's date), each
paper is: a title line, a blank line, one abstract paragraph, ``• N authors``, ``·`` and a date
line (``Mar 22``, ``Dec 12, 2024``; a trailing number is the upvote count: ``Jan 12 1``). The
trailer is optional: without it a record is a one-line title and the longer paragraph after it,
and ``Published on Mar 22`` / ``Submitted by …`` blocks around a record are page furniture (the
first gives the date). There are no arXiv ids. Dates without a year are the most recent such
date not after the reference date (default: today).

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from kg.identity import paper_id
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders.base import Loader
from loaders.checks import accept
from loaders.lines import Line, read_lines
from loaders.text import normalize_text

AUTHORS = re.compile(r"^\s*•\s*(?P<count>\d+)\s+authors?\s*$")
#: the lines a page without the authors trailer has around a record instead
INFO = re.compile(r"^\s*(?:Published on|Submitted by)\b", re.IGNORECASE)
PUBLISHED = re.compile(r"^\s*Published on\s+(?P<date>.+?)\s*$", re.IGNORECASE)
#: "Submitted by", the submitter, "·", a date: an info block is short
MAX_INFO_LINES = 4
#: how a block of markup starts (see :func:`_is_bare_record`)
_MARKUP = ("#", "|", "{", "[", "<")
STRAY = "unexpected text (not part of a paper)"
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
        page = _Page(path, reference_date or date.today())
        for block in blocks(read_lines(path)):
            page.add(block)
        page.finish()
        return page.result


@dataclass
class _Run:
    """The text blocks since the last trailer, and the "Published on" dates noted among them.

    ``dates[k]`` is the date of a "Published on" block seen after ``blocks[k - 1]``.
    """

    blocks: list[Block] = field(default_factory=list)
    dates: dict[int, date] = field(default_factory=dict)


class _Page:
    """The records of one page, read block by block.

    A ``• N authors`` trailer closes the record of the two text blocks before it (as on the page
    this loader was first written for). Text blocks without a trailer are read in pairs: a
    one-line title, then its abstract.
    """

    def __init__(self, path: Path, reference: date) -> None:
        self.path, self.reference = path, reference
        self.result = LoadResult()
        self.run = _Run()
        self.seen_paper = False

    def add(self, block: Block) -> None:
        if is_info(block):
            self._note_info(block)
        elif not block.is_meta:
            self.run.blocks.append(block)
        else:
            run, self.run = self.run, _Run()
            texts: list[Block | None] = [None, None, *run.blocks]
            title, abstract = texts[-2], texts[-1]
            self._pair(run.blocks[:-2], run.dates)
            self._emit(partial(_paper, self.path, title, abstract, block, self.reference),
                       (title or abstract or block).first)  # fmt: skip

    def finish(self) -> None:
        self._pair(self.run.blocks, self.run.dates)

    def _note_info(self, block: Block) -> None:
        published = _published_on(block, self.reference)
        if published is not None:
            self.run.dates[len(self.run.blocks)] = published

    def _pair(self, texts: list[Block], dates: dict[int, date]) -> None:
        """Trailer-less records: a title candidate and the longer block after it."""
        index = 0
        while index < len(texts):
            title = texts[index]
            abstract = texts[index + 1] if index + 1 < len(texts) else None
            if not self.seen_paper and _is_header(title):
                index += 1
            elif (abstract is None or not _is_bare_record(title, abstract)
                  or self._starts_record(texts, index + 1)):  # fmt: skip
                self.result.issues.append(_issue(self.path, title.first, STRAY))
                index += 1
            else:
                published = dates.get(index + 1) or dates.get(index + 2)
                self._emit(partial(_bare_paper, self.path, title, abstract, published), title.first)
                index += 2

    @staticmethod
    def _starts_record(texts: list[Block], index: int) -> bool:
        """``texts[index]`` is the title of the block after it: the block before it lost its abstract."""
        return index + 1 < len(texts) and _is_bare_record(texts[index], texts[index + 1])

    def _emit(self, make: Callable[[], Paper], where: Line) -> None:
        try:
            paper = make()
        except RecordError as exc:
            self.result.issues.append(_issue(self.path, exc.line or where, str(exc)))
            return
        self.seen_paper = True
        accept(self.result, paper, str(self.path), paper.sources[0].line)


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
    """The record a ``• N authors`` trailer closes."""
    if title is None or abstract is None:
        first = (title or abstract or meta).first
        raise RecordError("missing title or abstract before the '• N authors' line", first)
    _check_blocks(title, abstract, meta)
    authors, published, upvotes = _meta(meta, reference)
    paper = _bare_paper(path, title, abstract, published)
    return paper.model_copy(update={"authors_count": authors, "upvotes": upvotes})


def _check_blocks(*checked: Block) -> None:
    for block in checked:
        bad = block.bad_line()
        if bad is not None:
            raise RecordError(bad.error or "undecodable line", bad)


def _is_title(block: Block) -> bool:
    return len(block.lines) == 1 and len(block.text) <= MAX_TITLE


def _is_bare_record(title: Block, abstract: Block) -> bool:
    """A title and abstract without a trailer: a one-line title, then a longer paragraph of prose.

    Markup (a Markdown heading or table, JSON, HTML) is never a page's text: a listing of another
    format read as a page must give stray-text issues, not papers.
    """
    prose = not title.text.startswith(_MARKUP) and not abstract.text.startswith(_MARKUP)
    return prose and _is_title(title) and len(abstract.text) > len(title.text)


def _bare_paper(path: Path, title: Block, abstract: Block, published: date | None) -> Paper:
    """A title and abstract without a trailer (no author count, no upvotes)."""
    _check_blocks(title, abstract)
    if not _is_title(title):
        # a stray line between abstract and authors shifts the abstract into the title's place
        raise RecordError("expected a one-line title, a blank line, then the abstract paragraph", title.first)
    title_text = normalize_text(title.text)
    return Paper(
        id=paper_id(None, title_text),
        title=title_text,
        abstract=normalize_text(abstract.text),
        abstract_raw=abstract.text,
        published=published,
        sources=[
            Source(path=str(path), line=title.first.number, format=HfDailyLoader.format, title=title_text)
        ],
    )


def is_info(block: Block) -> bool:
    """A "Published on …" / "Submitted by …" block: page furniture around a record, not its text."""
    return INFO.match(block.first.text) is not None and len(block.lines) <= MAX_INFO_LINES


def _published_on(block: Block, reference: date) -> date | None:
    """The date of a "Published on Mar 22" line of ``block``, if it has a readable one."""
    for line in block.lines:
        match = PUBLISHED.match(line.text)
        if match:
            try:
                return parse_date_line(match.group("date"), reference=reference)[0]
            except RecordError:
                return None
    return None


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
