"""Year-less Hugging Face dates resolve against the reference date; trailing numbers are upvotes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders import load_file
from loaders.hf_daily import RecordError, parse_date_line, resolve_date

PAGE_DAY = date(2026, 4, 22)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Apr 22", PAGE_DAY, date(2026, 4, 22)),  # the reference day itself
        ("Apr 23", PAGE_DAY, date(2025, 4, 23)),  # one day later: last year
        ("Mar 22", PAGE_DAY, date(2026, 3, 22)),
        ("Dec 25", PAGE_DAY, date(2025, 12, 25)),
        ("Feb 29", date(2026, 4, 22), date(2024, 2, 29)),  # back to the last leap year
        ("Jan 1", date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_resolve_date(text: str, reference: date, expected: date) -> None:
    assert resolve_date(text, reference=reference) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jan 12 1", (date(2026, 1, 12), 1)),
        ("Jan 15 4", (date(2026, 1, 15), 4)),
        ("Dec 12, 2024", (date(2024, 12, 12), None)),
        ("Oct 8, 2025 3", (date(2025, 10, 8), 3)),
        ("  Sept 8, 2025  ", (date(2025, 9, 8), None)),
    ],
)
def test_parse_date_line(line: str, expected: tuple[date, int | None]) -> None:
    assert parse_date_line(line, reference=PAGE_DAY) == expected


@pytest.mark.parametrize("line", ["Foo 9", "Feb 30, 2025", "Mar", "22 Mar", "yesterday"])
def test_bad_date_lines_raise(line: str) -> None:
    with pytest.raises(RecordError):
        parse_date_line(line, reference=PAGE_DAY)


def test_reference_date_defaults_to_today(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A Title\n\nAn abstract.\n\n  • 2 authors\n·\nJan 1\n", encoding="utf-8")
    [paper] = load_file(page).papers
    assert paper.published is not None and paper.published <= date.today()
    assert (paper.published.month, paper.published.day) == (1, 1)


def test_crlf_and_byte_order_mark_are_tolerated(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    text = "\ufeffDaily Papers\r\n\r\nA Title\r\n\r\nAn abstract.\r\n\r\n  • 2 authors\r\n·\r\nMar 22 5\r\n"
    page.write_bytes(text.encode("utf-8"))
    result = load_file(page, reference_date=PAGE_DAY)
    assert result.issues == []
    [paper] = result.papers
    assert (paper.title, paper.published, paper.upvotes, paper.sources[0].line) == (
        "A Title",
        date(2026, 3, 22),
        5,
        3,
    )
