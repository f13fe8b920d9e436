"""Loaders: listing files in, :class:`kg.model.Paper` records out.

:func:`load_file` reads one file in a format named explicitly or detected from its content
(never from its extension). Formats: ``arxiv-md`` (arXiv daily Markdown table), ``hf-daily``
(Hugging Face daily-papers page text), ``jsonl`` (Paper records). A bad record never stops a load;
it becomes a :class:`kg.model.LoadIssue`. Only a file that cannot be read at all, or whose
format is unknown, raises :class:`kg.errors.LoaderError` naming the file.

>>> sorted(LOADERS)
['arxiv-md', 'hf-daily', 'jsonl']
>>> detect_text("## Medical Image Analysis\\n\\n| **Title** | **Date** | **Abstract** |")
'arxiv-md'
>>> detect_text('{"id": "2509.06617", "title": "MM-DINOv2"}')
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
from loaders.lines import read_bytes

__all__ = ["LOADERS", "Loader", "detect_format", "detect_text", "get_loader", "load_file"]

#: format name -> "module:Class", imported on first use
LOADERS: dict[str, str] = {
    "arxiv-md": "loaders.arxiv_md:ArxivMarkdownLoader",
    "hf-daily": "loaders.hf_daily:HfDailyLoader",
    "jsonl": "loaders.jsonl:JsonlLoader",
}
#: how much of a file format detection looks at
SNIFF_BYTES = 64 * 1024

_ARXIV_HEADER = re.compile(r"^\|\s*\*\*Title\*\*\s*\|", re.MULTILINE | re.IGNORECASE)
_ARXIV_ROW = re.compile(r"^\|\s*\*\*\[.*\]\(https?://(?:www\.)?arxiv\.org/abs/", re.MULTILINE)
_HF_AUTHORS = re.compile(r"^\s*•\s*\d+\s+authors?\s*$", re.MULTILINE)
_HF_HEADER = re.compile(r"^\s*Daily Papers\s*$", re.MULTILINE)


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
    """The format of a listing's (beginning of) text, or None when it looks like none of them."""
    if _ARXIV_HEADER.search(text) or _ARXIV_ROW.search(text):
        return "arxiv-md"
    if _HF_HEADER.search(text) or _HF_AUTHORS.search(text):
        return "hf-daily"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.startswith("{") and _is_json_object(first):
        return "jsonl"
    return None


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _sniff(path: Path) -> bytes:
    """The first :data:`SNIFF_BYTES` of ``path`` (a :class:`LoaderError` naming it if unreadable)."""
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        read_bytes(path)  # raises the LoaderError that names the file and the reason
        raise


def detect_format(path: Path) -> str:
    """The format of ``path`` judged from its content; :class:`LoaderError` when it is unclear."""
    path = Path(path)
    fmt = detect_text(_sniff(path).decode("utf-8", errors="replace"))
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
