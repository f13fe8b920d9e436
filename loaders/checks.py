"""The checks every loaded record passes, whatever its format, before it becomes a paper.

A record that fails one is reported with the field and the reason instead of reaching the
extractor or a store, where it would abort the whole build (an empty title, a text of a million
characters, an integer the store cannot hold). Text is cleaned first: control characters and
lone surrogates (``"\\u0000"``, ``"\\ud800"`` in JSON) are removed, so no NUL or unencodable
character reaches the graph.

>>> check_paper(Paper(id="t-x", title="!!!"))
Traceback (most recent call last):
...
loaders.checks.RecordProblem: field 'title': no letter or digit in '!!!'
>>> list(problems(Paper(id="2501.00001", arxiv_id="2513.00001", title="T", upvotes=2**64)))
["field 'arxiv_id': '2513.00001' is not an arXiv id (e.g. 2509.06617 or cs/0112017)", \
"field 'upvotes': 18446744073709551616 is out of range (0 to 9223372036854775807)"]
>>> is_http_url("https://github.com/a/b"), is_http_url("javascript:alert(1)")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.identity import title_key
from kg.model import LoadIssue, LoadResult, Paper, Source
from loaders.text import clean_text

#: the largest integer every store holds (LadybugDB and Neo4j integers are signed 64-bit)
INT64_MAX = 2**63 - 1
#: a title longer than this is not a title (the longest on arXiv are ~300 characters)
MAX_TITLE_CHARS = 1000
#: abstracts and comments longer than this are refused: extraction is for abstracts, not papers
MAX_TEXT_CHARS = 100_000
#: ids are path segments of the API (``/papers/{id}``)
MAX_ID_CHARS = 200
MAX_VERSION = 999

_ARXIV_ID = re.compile(
    r"^(?:\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}"  # new style: YYMM.NNNNN
    r"|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"  # old style: archive(.SUBJECT)/YYMMNNN
    r"(?:v[1-9]\d{0,2})?$"
)
_HTTP_URL = re.compile(r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s")


class RecordProblem(ValueError):
    """A record that must not become a paper; the message names the field and the reason."""


def clean_paper(paper: Paper) -> Paper:
    """The same paper with every text field (its sources' too) cleaned by :func:`clean_text`."""
    update: dict[str, object] = {}
    for name, value in paper:
        if isinstance(value, str):
            update[name] = clean_text(value)
        elif name in ("other_titles", "topics"):
            update[name] = [clean_text(t) for t in value]
    update["sources"] = [_clean_source(s) for s in paper.sources]
    return paper.model_copy(update=update)


def _clean_source(source: Source) -> Source:
    return source.model_copy(
        update={"path": clean_text(source.path), "format": clean_text(source.format),
                "title": clean_text(source.title) if source.title is not None else None}
    )  # fmt: skip


def is_http_url(url: str) -> bool:
    """An ``http://`` or ``https://`` URL with a host: the only links a paper keeps."""
    return _HTTP_URL.match(url) is not None


def is_arxiv_id(arxiv_id: str) -> bool:
    """A new-style (``2509.06617``, month 01-12) or old-style (``cs/0112017``) id, ``vN`` allowed."""
    return _ARXIV_ID.match(arxiv_id) is not None


def problems(paper: Paper) -> Iterator[str]:
    """Every reason ``paper`` cannot be loaded, each naming its field."""
    yield from _title_problems("title", paper.title)
    for index, other in enumerate(paper.other_titles):
        yield from _title_problems(f"other_titles.{index}", other)
    for index, topic in enumerate(paper.topics):
        yield from _length_problems(f"topics.{index}", topic, MAX_TITLE_CHARS)
    yield from _id_problems(paper)
    for name in ("abstract", "abstract_raw", "comment", "venue"):
        yield from _length_problems(name, getattr(paper, name), MAX_TEXT_CHARS)
    for name in ("url", "code_url"):
        value = getattr(paper, name)
        if value is not None and not is_http_url(value):
            yield f"field {name!r}: {_shown(value)} is not an http(s) URL"
    yield from _range_problems("version", paper.version, 1, MAX_VERSION)
    yield from _range_problems("authors_count", paper.authors_count, 0, INT64_MAX)
    yield from _range_problems("upvotes", paper.upvotes, 0, INT64_MAX)
    for index, source in enumerate(paper.sources):
        yield from _range_problems(f"sources.{index}.line", source.line, 1, INT64_MAX)
        yield from _range_problems(f"sources.{index}.version", source.version, 1, MAX_VERSION)
        yield from _length_problems(f"sources.{index}.path", source.path, MAX_TEXT_CHARS)
        yield from _length_problems(f"sources.{index}.title", source.title, MAX_TITLE_CHARS)


def check_paper(paper: Paper) -> Paper:
    """``paper`` cleaned (see :func:`clean_paper`); :class:`RecordProblem` with every reason if bad."""
    cleaned = clean_paper(paper)
    found = list(problems(cleaned))
    if found:
        raise RecordProblem("; ".join(found))
    return cleaned


def accept(result: LoadResult, paper: Paper, path: str, line: int) -> None:
    """Add ``paper`` to ``result`` if it passes :func:`check_paper`, else an issue at ``line``."""
    try:
        result.papers.append(check_paper(paper))
    except RecordProblem as exc:
        result.issues.append(LoadIssue(path=path, line=line, reason=str(exc)))


def _title_problems(field: str, title: str) -> Iterator[str]:
    if len(title) > MAX_TITLE_CHARS:
        yield f"field {field!r}: {len(title)} characters, more than the {MAX_TITLE_CHARS} a title may have"
    elif not title.strip():
        yield f"field {field!r}: empty title"
    elif not title_key(title):
        yield f"field {field!r}: no letter or digit in {_shown(title)}"


def _id_problems(paper: Paper) -> Iterator[str]:
    if not paper.id or len(paper.id) > MAX_ID_CHARS or _WHITESPACE.search(paper.id):
        yield f"field 'id': {_shown(paper.id)} is not an id (1 to {MAX_ID_CHARS} characters, no spaces)"
    if paper.arxiv_id is not None and not is_arxiv_id(paper.arxiv_id):
        yield f"field 'arxiv_id': {_shown(paper.arxiv_id)} is not an arXiv id (e.g. 2509.06617 or cs/0112017)"


def _length_problems(field: str, value: str | None, limit: int) -> Iterator[str]:
    if value is not None and len(value) > limit:
        yield f"field {field!r}: {len(value)} characters, more than the {limit} allowed"


def _range_problems(field: str, value: int | None, low: int, high: int) -> Iterator[str]:
    if value is not None and not low <= value <= high:
        yield f"field {field!r}: {_number(value)} is out of range ({low} to {high})"


def _number(value: int) -> str:
    """``value`` for a report line; one with hundreds of digits is named by its length."""
    digits = len(str(abs(value)))
    return str(value) if digits <= 30 else f"a {digits}-digit number"


def _shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a report line, cut short so one line stays readable."""
    return repr(value if len(value) <= limit else value[:limit] + "…")
