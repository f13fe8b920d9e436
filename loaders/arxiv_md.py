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
#: a character that ends a Markdown link target
_URL_END = re.compile(r"[)\s]")
_ABS_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/abs/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v(?P<version>\d{1,9}))?/?$",
    re.IGNORECASE,
)
# <details><summary>…</summary><p>BODY</p></details> is taken apart in three linear searches: one
# regex with two lazy groups backtracks quadratically on a long cell full of "</summary><p></p>"
_DETAILS_OPEN = re.compile(r"<details>\s*<summary>", re.IGNORECASE)
_DETAILS_BODY = re.compile(r"</summary>\s*<p>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</p>\s*</details>$", re.IGNORECASE)
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
    link = title_link(cell)
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
    inner = cell[3:-3]
    at = inner.rfind("](")
    url = inner[at + 2 :]
    if at < 1 or not url or _URL_END.search(url):
        return None
    return inner[:at], url


def details_body(cell: str) -> str | None:
    """The ``<p>`` text of a ``<details><summary>…</summary><p>…</p></details>`` cell, else None.

    >>> details_body("<details><summary>Show</summary><p>Full text</p></details>")
    'Full text'
    """
    opened = _DETAILS_OPEN.match(cell)
    closed = _DETAILS_CLOSE.search(cell, opened.end()) if opened else None
    if opened is None or closed is None:
        return None
    body = _DETAILS_BODY.search(cell, opened.end(), closed.start())
    return None if body is None else cell[body.end() : closed.start()]


def _date(cell: str) -> date:
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise RowError(f"bad date {cell!r} (expected YYYY-MM-DD)") from None


def _abstract(cell: str) -> str:
    """The raw abstract text: the ``<p>`` inside ``<details>``, or the cell itself."""
    if cell.lower().startswith("<details"):
        body = details_body(cell)
        if body is None:
            raise RowError("malformed abstract cell (unclosed <details><summary>…<p>…</p></details>)")
        return body.strip()
    return cell


def _comment(cell: str) -> str | None:
    """The full comment: the folded ``<p>`` text, not the truncated summary."""
    body = details_body(cell)
    text = normalize_text(body if body is not None else cell)
    return text or None


def _code_url(cell: str) -> str | None:
    if cell in ("", "None"):
        return None
    link = _CODE_LINK.match(cell)
    url = link.group("url") if link else cell
    # a javascript: or file: "link" is not a code repository: only http(s) links are kept
    return url if is_http_url(url) else None
