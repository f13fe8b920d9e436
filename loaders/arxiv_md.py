r"""The arXiv daily Markdown table: one row per paper, five cells.

``| **[Title](http://arxiv.org/abs/2509.06617v1)** | 2025-09-08 | <details><summary>Show</summary>
<p>abstract</p></details> | comment | None or [Code Link](url) |``

Long comments are folded into ``<details>`` whose summary is a truncated prefix: the full text in
``<p>`` is the comment. Every bad row becomes a :class:`kg.model.LoadIssue` with its line; a row
also passes the checks of :mod:`loaders.checks` (a title with a letter, texts of bounded size).
The id in the abstract URL is validated (``2509.06617``, month 01-12, or ``cs/0112017``), and so
is its version (``v1`` to ``v999``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.identity import paper_id
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders.base import Loader
from loaders.checks import accept, is_http_url
from loaders.lines import Line, read_lines
from loaders.text import normalize_text
from loaders.venues import parse_venue

HEADER = re.compile(r"^\|\s*\*\*Title\*\*\s*\|", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TITLE = re.compile(r"^\*\*\[(?P<title>.+)\]\((?P<url>[^)\s]+)\)\*\*$", re.DOTALL)
_ABS_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/abs/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v(?P<version>\d{1,9}))?/?$",
    re.IGNORECASE,
)
_DETAILS = re.compile(
    r"^<details>\s*<summary>.*?</summary>\s*<p>(?P<body>.*?)</p>\s*</details>$", re.DOTALL | re.IGNORECASE
)
_CODE_LINK = re.compile(r"^\[[^\]]*\]\((?P<url>[^)\s]+)\)$")
CELLS = 5


class RowError(ValueError):
    """A row that cannot become a paper; the message is the issue's reason."""


class ArxivMarkdownLoader(Loader):
    """Reads the arXiv daily Markdown table (title, date, abstract, comment, code)."""

    format = "arxiv-md"

    def load(self, path: Path, *, reference_date: date | None = None) -> LoadResult:
        result = LoadResult()
        for line in read_lines(path):
            if line.error:
                result.issues.append(line.issue(path))
                continue
            if _skippable(line.text):
                continue
            try:
                paper = parse_row(line, str(path))
            except RowError as exc:
                result.issues.append(LoadIssue(path=str(path), line=line.number, reason=str(exc)))
                continue
            accept(result, paper, str(path), line.number)
        return result


def _skippable(text: str) -> bool:
    """Blank lines, headings, the header row and the separator row carry no paper."""
    stripped = text.strip()
    return (
        not stripped
        or stripped.startswith("#")
        or HEADER.match(stripped) is not None
        or _SEPARATOR.match(stripped) is not None
    )


def split_cells(row: str) -> list[str]:
    r"""The cells of one table row (``\|`` inside a cell is not a separator).

    >>> split_cells("| a | b \\| c |  |")
    ['a', 'b \\| c', '']
    """
    stripped = row.strip()
    if not stripped.startswith("|"):
        raise RowError("not a table row (expected a line starting with '|')")
    if not stripped.endswith("|") or stripped == "|":
        raise RowError("truncated row (no closing '|')")
    return [cell.strip() for cell in _CELL_SPLIT.split(stripped[1:-1])]


def parse_row(line: Line, path: str) -> Paper:
    """One table row as a :class:`Paper`; raises :class:`RowError` naming what is wrong."""
    cells = split_cells(line.text)
    if len(cells) != CELLS:
        raise RowError(f"expected {CELLS} cells (title, date, abstract, comment, code), found {len(cells)}")
    title_cell, date_cell, abstract_cell, comment_cell, code_cell = cells
    title, url, arxiv_id, version = _title_and_id(title_cell)
    abstract_raw = _abstract(abstract_cell)
    comment = _comment(comment_cell)
    return Paper(
        id=paper_id(arxiv_id, title),
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        abstract=normalize_text(abstract_raw),
        abstract_raw=abstract_raw,
        published=_date(date_cell),
        url=url,
        code_url=_code_url(code_cell),
        comment=comment,
        venue=parse_venue(comment),
        sources=[Source(path=path, line=line.number, format=ArxivMarkdownLoader.format, version=version,
                        title=title)],
    )  # fmt: skip


def _title_and_id(cell: str) -> tuple[str, str, str, int | None]:
    """Title, abs URL without version, arXiv id without version, and the version number."""
    match = _TITLE.match(cell)
    if match is None:
        raise RowError("missing arXiv id: the title cell is not a bold link **[title](url)**")
    title = normalize_text(match.group("title"))
    abs_url = _ABS_URL.match(match.group("url"))
    if abs_url is None:
        raise RowError(f"missing arXiv id: {match.group('url')!r} is not an arXiv abstract URL")
    arxiv_id = abs_url.group("id")
    version = int(abs_url.group("version")) if abs_url.group("version") else None
    return title, f"http://arxiv.org/abs/{arxiv_id}", arxiv_id, version


def _date(cell: str) -> date:
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise RowError(f"bad date {cell!r} (expected YYYY-MM-DD)") from None


def _abstract(cell: str) -> str:
    """The raw abstract text: the ``<p>`` inside ``<details>``, or the cell itself."""
    if cell.lower().startswith("<details"):
        match = _DETAILS.match(cell)
        if match is None:
            raise RowError("malformed abstract cell (unclosed <details><summary>…<p>…</p></details>)")
        return match.group("body").strip()
    return cell


def _comment(cell: str) -> str | None:
    """The full comment: the folded ``<p>`` text, not the truncated summary."""
    match = _DETAILS.match(cell)
    text = normalize_text(match.group("body") if match else cell)
    return text or None


def _code_url(cell: str) -> str | None:
    if cell in ("", "None"):
        return None
    link = _CODE_LINK.match(cell)
    url = link.group("url") if link else cell
    # a javascript: or file: "link" is not a code repository: only http(s) links are kept
    return url if is_http_url(url) else None
