"""Loaders: listing files in, :class:`kg.model.Paper` records out.

:func:`load_file` reads one file in a format named explicitly or detected from its content
(never from its extension). Formats: ``arxiv-md`` (arXiv daily Markdown table), ``hf-daily``
(Hugging Face daily-papers page text), ``jsonl`` (Paper records). A bad record never stops a load;
it becomes a :class:`kg.model.LoadIssue`. Only a file that cannot be read at all (missing, a
directory, a FIFO or device, too large), or whose format is unknown, raises
:class:`kg.errors.LoaderError` naming the file; :func:`kg.pipeline.load_listings` reports it and
goes on with the other files.

>>> sorted(LOADERS)
['arxiv-md', 'hf-daily', 'jsonl']
>>> detect_text("## Medical Image Analysis\\n\\n| **Title** | **Date** | **Abstract** |")
'arxiv-md'
>>> detect_text('{"id": "2509.06617", "title": "MM-DINOv2"}')
'jsonl'
>>> detect_text('\\ufeff{not json\\n{"title": "MM-DINOv2"}')
'jsonl'
"""

from __future__ import annotations

import importlib
import json
import re
from datetime import date
from pathlib import Path

from kg.errors import LoaderError
from kg.model import LoadResult
from loaders.base import Loader
from loaders.lines import read_bytes, read_head

__all__ = ["LOADERS", "Loader", "detect_format", "detect_text", "get_loader", "load_file"]

#: format name -> "module:Class", imported on first use
LOADERS: dict[str, str] = {
    "arxiv-md": "loaders.arxiv_md:ArxivMarkdownLoader",
    "hf-daily": "loaders.hf_daily:HfDailyLoader",
    "jsonl": "loaders.jsonl:JsonlLoader",
}
#: how much of a file format detection looks at
SNIFF_BYTES = 64 * 1024
#: how many non-blank lines detection tries as JSON objects
JSONL_SNIFF_LINES = 5

#: a table header with a Title cell anywhere, bold or not (columns come in any order)
_ARXIV_HEADER = re.compile(
    r"^\|(?:[^|\n]*\|)*?[ \t]*(?:\*\*)?Title(?:\*\*)?[ \t]*\|", re.MULTILINE | re.IGNORECASE
)
_ARXIV_ROW = re.compile(r"^\|\s*\*\*\[.*\]\(https?://(?:www\.)?arxiv\.org/abs/", re.MULTILINE)
_HF_AUTHORS = re.compile(r"^\s*•\s*\d+\s+authors?\s*$", re.MULTILINE)
_HF_HEADER = re.compile(r"^\s*Daily Papers\s*$", re.MULTILINE)
#: a page without the "• N authors" trailer still has these lines
_HF_PUBLISHED = re.compile(r"^[ \t]*(?:Published on|Submitted by)\b", re.MULTILINE)


def get_loader(fmt: str) -> Loader:
    """A loader instance for format ``fmt``; :class:`LoaderError` for an unknown name."""
    try:
        module_name, _, class_name = LOADERS[fmt].partition(":")
    except KeyError:
        known = ", ".join(sorted(LOADERS))
        raise LoaderError(f"unknown format {fmt!r} (known: {known})") from None
    loader_class: type[Loader] = getattr(importlib.import_module(module_name), class_name)
    return loader_class()


def detect_text(text: str) -> str | None:
    """The format of a listing's (beginning of) text, or None when it looks like none of them.

    A UTF-8 byte order mark is ignored. JSONL is recognised by any of its first few non-blank
    lines, so one bad record at the top does not hide the good ones below it.
    """
    text = text.removeprefix("\ufeff")
    if _ARXIV_HEADER.search(text) or _ARXIV_ROW.search(text):
        return "arxiv-md"
    if _HF_HEADER.search(text) or _HF_AUTHORS.search(text) or _HF_PUBLISHED.search(text):
        return "hf-daily"
    lines = [line.strip() for line in text.splitlines() if line.strip()][:JSONL_SNIFF_LINES]
    if any(line.startswith("{") and _is_json_object(line) for line in lines):
        return "jsonl"
    return None


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except RecursionError:
        # nested deeper than the parser goes: a (bad) JSON record, which the JSONL loader reports
        return True
    except ValueError:  # not JSON, or an integer literal too long to convert
        return False


def _sniff(path: Path) -> bytes:
    """The first :data:`SNIFF_BYTES` of ``path`` (a :class:`LoaderError` naming it if unreadable)."""
    return read_head(path, SNIFF_BYTES)


def _starts_with_cut_object(text: str) -> bool:
    """The head's first line opens a JSON object and runs past the end of the head (a long record)."""
    stripped = text.removeprefix("\ufeff").lstrip()
    return stripped.startswith("{") and "\n" not in stripped


def detect_format(path: Path) -> str:
    """The format of ``path`` judged from its content; :class:`LoaderError` when it is unclear."""
    path = Path(path)
    head = _sniff(path)
    text = head.decode("utf-8", errors="replace")
    fmt = detect_text(text)
    if fmt is None and len(head) == SNIFF_BYTES and _starts_with_cut_object(text):
        fmt = "jsonl"
    if fmt is None:
        raise LoaderError(
            f"{path}: cannot tell the listing format from its content; pass one of "
            f"{', '.join(sorted(LOADERS))} explicitly (--format)"
        )
    return fmt


def load_file(path: Path, *, fmt: str | None = None, reference_date: date | None = None) -> LoadResult:
    """Load one listing; ``fmt`` overrides detection, ``reference_date`` resolves year-less dates.

    An empty file loads as zero papers whatever its format.
    """
    path = Path(path)
    if fmt is None:
        if not _sniff(path).strip() and not read_bytes(path).strip():
            return LoadResult()
        fmt = detect_format(path)
    loader = get_loader(fmt)
    return loader.load(path, reference_date=reference_date)
