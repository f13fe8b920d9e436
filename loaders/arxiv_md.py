r"""The arXiv daily Markdown table: one row per paper, cells named by the table's header.

``| **Title** | **Date** | **Abstract** | **Comment** | **CodeRepository** |`` then one row per
paper: ``| **[Title](http://arxiv.org/abs/2509.06617v1)** | 2025-09-08 | <details><summary>Show
</summary><p>abstract</p></details> | comment | None or [Code Link](url) |``.

Public daily-arXiv READMEs differ in their columns (4 without the code column, a PDF column, another
order), so cells are found by header name, not position (see :data:`COLUMN_NAMES`). A README holds
several ``## keyword`` sections; the section a row is listed under becomes one of the paper's
``topics`` (``## SAM - 98 in Total`` gives ``SAM``). Preambles, badges, tables of contents and
tables without a Title column carry no paper and are passed over in silence; inside a paper table
every bad row becomes a :class:`kg.model.LoadIssue` with its line. A row also passes the checks of
:mod:`loaders.checks`. The id in the abstract URL is validated (``2509.06617``, month 01-12, or
``cs/0112017``), and so is its version (``v1`` to ``v999``).

Long comments are folded into ``<details>`` whose summary is a truncated prefix: the full text in
the body is the comment.

>>> topic_of("## SAM - 98 in Total"), topic_of("## Medical Image Segmentation (12)")
('SAM', 'Medical Image Segmentation')
>>> column_names(["**Title**", "Date", "**ABSTRACT**", "Comments", "**Code Repository**", "PDF"])
('title', 'date', 'abstract', 'comment', 'code', 'pdf')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
#: a character that ends a Markdown link target
_URL_END = re.compile(r"[)\s]")
_ABS_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v(?P<version>\d{1,9}))?(?:\.pdf)?/?$",
    re.IGNORECASE,
)
#: a row that is clearly a paper even outside a table (a bold link to an arXiv abstract first)
_PAPER_ROW = re.compile(r"^\|\s*\*\*\[.*\]\(https?://(?:www\.|export\.)?arxiv\.org/abs/", re.IGNORECASE)
# <details><summary>…</summary>BODY</details> is taken apart in three linear searches: one regex
# with two lazy groups backtracks quadratically on a long cell full of "</summary><p></p>"
_DETAILS_OPEN = re.compile(r"<details>\s*<summary>", re.IGNORECASE)
_SUMMARY_CLOSE = re.compile(r"</summary>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details>$", re.IGNORECASE)
_P_OPEN = re.compile(r"^<p>", re.IGNORECASE)
_P_CLOSE = re.compile(r"</p>$", re.IGNORECASE)
_CODE_LINK = re.compile(r"^\[[^\]]*\]\((?P<url>[^)\s]+)\)$")
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
#: "- 98 in Total", "(12)", "[12]", ": 12 papers" after a section name count its rows
_HEADING_COUNT = re.compile(
    r"\s*(?:[-–—:]\s*\d+\s*(?:in\s+total|papers?)?|\(\s*\d+[^)]*\)|\[\s*\d+\s*\])\s*$", re.IGNORECASE
)
_NON_ALNUM = re.compile(r"[^0-9a-z]")

#: header cell (lowercased, letters and digits only) -> the field it holds; others are ignored
COLUMN_NAMES: dict[str, str] = {
    "title": "title", "paper": "title", "papertitle": "title", "name": "title",
    "date": "date", "published": "date", "publishdate": "date", "publisheddate": "date",
    "submitted": "date", "updated": "date",
    "abstract": "abstract", "summary": "abstract",
    "comment": "comment", "comments": "comment", "note": "comment", "notes": "comment",
    "code": "code", "coderepository": "code", "coderepo": "code", "repository": "code", "repo": "code",
    "codelink": "code", "github": "code",
    "pdf": "pdf", "link": "pdf", "url": "pdf", "arxiv": "pdf", "paperlink": "pdf",
}  # fmt: skip
#: the columns of the table this loader was first written for, used for a paper row outside a table
DEFAULT_COLUMNS = ("title", "date", "abstract", "comment", "code")


class RowError(ValueError):
    """A row that cannot become a paper; the message is the issue's reason."""


@dataclass
class _State:
    """Where the scan is: the current section's topic and the columns of the table being read."""

    topic: str | None = None
    columns: tuple[str, ...] | None = None
    last_columns: tuple[str, ...] = DEFAULT_COLUMNS


class ArxivMarkdownLoader(Loader):
    """Reads daily-arXiv Markdown tables (title, date, abstract, comment, code; any order)."""

    format = "arxiv-md"

    def load(self, path: Path, *, reference_date: date | None = None) -> LoadResult:
        result = LoadResult()
        state = _State()
        for line in read_lines(path):
            if line.error:
                result.issues.append(line.issue(path))
                continue
            columns = _row_columns(line.text, state)
            if columns is None:
                continue
            try:
                paper = parse_row(line, str(path), columns=columns, topic=state.topic)
            except RowError as exc:
                result.issues.append(LoadIssue(path=str(path), line=line.number, reason=str(exc)))
                continue
            accept(result, paper, str(path), line.number)
        return result


def _row_columns(text: str, state: _State) -> tuple[str, ...] | None:
    """The columns to read ``text`` as a paper row with, or None when it carries no paper.

    Updates ``state``: a heading starts a section, a header row a table, a blank line ends it.
    """
    stripped = text.strip()
    heading = _HEADING.match(stripped)
    if not stripped or heading:
        state.columns = None
        if heading:
            _enter_section(state, len(heading.group("level")), heading.group("text"))
        return None
    if _SEPARATOR.match(stripped):
        return None
    header = header_columns(stripped)
    if header is not None:
        state.columns = state.last_columns = header
        return None
    if state.columns is not None:
        return state.columns
    # outside a paper table only a line that is plainly a paper row is read (and reported if bad)
    return state.last_columns if _PAPER_ROW.match(stripped) else None


def _enter_section(state: _State, level: int, text: str) -> None:
    """``## name`` names the topic of the rows below it; a ``#`` title starts a topic-less part."""
    if level == 1:
        state.topic = None
    elif level == 2:
        state.topic = topic_of(text) or None


def topic_of(heading: str) -> str:
    """The section name of a heading, without its ``#`` marks, emphasis or row count."""
    text = heading.strip().lstrip("#").strip().replace("**", "").replace("__", "")
    return _HEADING_COUNT.sub("", text).strip()


def column_names(cells: list[str]) -> tuple[str, ...]:
    """The field each header cell holds (``""`` for a column this loader does not read)."""
    return tuple(COLUMN_NAMES.get(_NON_ALNUM.sub("", cell.lower()), "") for cell in cells)


def header_columns(text: str) -> tuple[str, ...] | None:
    """The columns of a paper table's header row (one with a Title column), else None."""
    if not text.startswith("|") or "title" not in text.lower():
        return None
    try:
        columns = column_names(split_cells(text))
    except RowError:
        return None
    return columns if "title" in columns else None


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


def rejoin_details(cells: list[str]) -> list[str]:
    r"""``cells`` with a ``<details>`` cell split by an unescaped ``|`` put back together.

    READMEs write abstracts as arXiv has them, so LaTeX such as ``$Y|X$`` splits the cell.

    >>> rejoin_details(["t", "<details><summary>S</summary><p>Y", "X</p></details>", "c"])
    ['t', '<details><summary>S</summary><p>Y|X</p></details>', 'c']
    """
    out: list[str] = []
    open_cell: list[str] | None = None
    for cell in cells:
        if open_cell is None and cell.lower().startswith("<details") and not _DETAILS_CLOSE.search(cell):
            open_cell = [cell]
        elif open_cell is not None:
            open_cell.append(cell)
            if _DETAILS_CLOSE.search(cell):
                out.append("|".join(open_cell))
                open_cell = None
        else:
            out.append(cell)
    # a <details> never closed is left split: the row is reported as it is
    return out if open_cell is None else cells


def parse_row(
    line: Line, path: str, *, columns: tuple[str, ...] = DEFAULT_COLUMNS, topic: str | None = None
) -> Paper:
    """One table row as a :class:`Paper`; raises :class:`RowError` naming what is wrong."""
    cells = split_cells(line.text)
    if len(cells) > len(columns):
        cells = rejoin_details(cells)
    if len(cells) != len(columns):
        names = ", ".join(name or "other" for name in columns)
        raise RowError(f"expected {len(columns)} cells ({names}), found {len(cells)}")
    row = {name: cell for name, cell in zip(columns, cells, strict=True) if name}
    title, url, arxiv_id, version = _title_and_id(row["title"], row.get("pdf", ""))
    abstract_raw = _abstract(row.get("abstract", ""))
    comment = _comment(row.get("comment", ""))
    return Paper(
        id=paper_id(arxiv_id, title),
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        abstract=normalize_text(abstract_raw),
        abstract_raw=abstract_raw,
        published=_date(row["date"]) if "date" in row else None,
        url=url,
        code_url=_code_url(row.get("code", "")),
        comment=comment,
        venue=parse_venue(comment),
        topics=[topic] if topic else [],
        sources=[Source(path=path, line=line.number, format=ArxivMarkdownLoader.format, version=version,
                        title=title)],
    )  # fmt: skip


def _title_and_id(cell: str, pdf_cell: str) -> tuple[str, str, str, int | None]:
    """Title, abs URL without version, arXiv id without version, and the version number.

    The arXiv link is the title's own, or, for a plain-text title, the PDF column's.
    """
    link = title_link(cell) or _plain_link(cell)
    if link is None and cell and "](" not in cell and pdf_cell:
        pdf = _plain_link(pdf_cell)
        link = (cell.replace("**", "").strip(), pdf[1] if pdf else pdf_cell)
    if link is None:
        raise RowError("missing arXiv id: the title cell is not a bold link **[title](url)**")
    title, url = normalize_text(link[0]), link[1]
    abs_url = _ABS_URL.match(url)
    if abs_url is None:
        raise RowError(f"missing arXiv id: {url[:200]!r} is not an arXiv abstract URL")
    arxiv_id = abs_url.group("id")
    version = int(abs_url.group("version")) if abs_url.group("version") else None
    return title, f"http://arxiv.org/abs/{arxiv_id}", arxiv_id, version


def title_link(cell: str) -> tuple[str, str] | None:
    """The title and URL of a ``**[title](url)**`` cell, or None when the cell is not one.

    The URL follows the last ``](``: any earlier one would put that ``](`` inside the URL.
    Plain string searches, so a cell of 100,000 ``](`` costs one pass, not one per ``](``.

    >>> title_link("**[SAM [v2](x)](http://arxiv.org/abs/2501.00001v1)**")
    ('SAM [v2](x)', 'http://arxiv.org/abs/2501.00001v1')
    >>> title_link("**[no url]()**") is None, title_link("[plain](http://a.b)") is None
    (True, True)
    """
    if not (cell.startswith("**[") and cell.endswith(")**")):
        return None
    return _link_parts(cell[3:-3])


def _plain_link(cell: str) -> tuple[str, str] | None:
    """The text and URL of a ``[text](url)`` cell without bold (some READMEs write titles so)."""
    if not (cell.startswith("[") and cell.endswith(")")):
        return None
    return _link_parts(cell[1:-1])


def _link_parts(inner: str) -> tuple[str, str] | None:
    at = inner.rfind("](")
    url = inner[at + 2 :]
    if at < 1 or not url or _URL_END.search(url):
        return None
    return inner[:at], url


def details_body(cell: str) -> str | None:
    """The body of a ``<details><summary>…</summary>BODY</details>`` cell (``<p>`` off), else None.

    >>> details_body("<details><summary>Show</summary><p>Full text</p></details>")
    'Full text'
    >>> details_body("<details><summary>Show</summary>No paragraph</details>")
    'No paragraph'
    """
    opened = _DETAILS_OPEN.match(cell)
    closed = _DETAILS_CLOSE.search(cell, opened.end()) if opened else None
    if opened is None or closed is None:
        return None
    summary = _SUMMARY_CLOSE.search(cell, opened.end(), closed.start())
    return None if summary is None else _paragraph(cell[summary.end() : closed.start()])


def _paragraph(text: str) -> str:
    """``text`` without one enclosing ``<p>…</p>``."""
    text = text.strip()
    opened = _P_OPEN.match(text)
    if opened:
        text = text[opened.end() :]
        closed = _P_CLOSE.search(text)
        text = text[: closed.start()] if closed else text
    return text.strip()


def _date(cell: str) -> date:
    text = cell.replace("**", "").strip()
    try:
        return date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text)
    except ValueError:
        raise RowError(f"bad date {cell!r} (expected YYYY-MM-DD)") from None


def _abstract(cell: str) -> str:
    """The raw abstract text: the body of ``<details>``, or the cell itself (``<p>`` off)."""
    if cell.lower().startswith("<details"):
        body = details_body(cell)
        if body is None:
            raise RowError("malformed abstract cell (unclosed <details><summary>…<p>…</p></details>)")
        return body
    return _paragraph(cell)


def _comment(cell: str) -> str | None:
    """The full comment: the folded body text, not the truncated summary."""
    body = details_body(cell)
    text = normalize_text(body if body is not None else cell)
    return text or None


def _code_url(cell: str) -> str | None:
    if cell in ("", "None", "-"):
        return None
    link = _CODE_LINK.match(cell)
    url = link.group("url") if link else cell
    # a javascript: or file: "link" is not a code repository: only http(s) links are kept
    return url if is_http_url(url) else None
