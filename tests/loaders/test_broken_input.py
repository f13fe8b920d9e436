"""Bad input never stops a load: each bad record is reported with its line, good ones still load."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from loader_data import DATA

from kg.errors import LoaderError
from loaders import load_file

REFERENCE = date(2026, 4, 22)

ARXIV_BAD = {
    6: "expected 5 cells",  # missing abstract cell
    8: "truncated row",
    9: "not a table row",  # garbage line
    10: "invalid UTF-8",
    11: "bad date '2025-13-45'",
    12: "missing arXiv id",  # title is not a link
    13: "not an arXiv abstract URL",
    15: "malformed abstract cell",
}
HF_BAD = {
    19: "unexpected text",  # garbage between two papers
    23: "invalid UTF-8",  # inside an abstract
    35: "bad date line 'Foo 99'",
    37: "missing title or abstract",
    55: "record truncated",  # the page ends after the authors line
}


@pytest.mark.parametrize(
    ("listing", "bad", "good"),
    [
        ("arxiv_broken.md", ARXIV_BAD, {5: "2501.00001", 7: "2501.00002", 14: "2501.00003"}),
        ("hf_broken.txt", HF_BAD, {11: "Good One: nnU-Net for CT", 43: "Good Two: BraTS with MRI"}),
    ],
    ids=["arxiv", "hf"],
)
def test_every_bad_record_is_reported_and_every_good_one_loads(
    listing: str, bad: dict[int, str], good: dict[int, str]
) -> None:
    path = DATA / listing
    result = load_file(path, reference_date=REFERENCE)
    reported = {issue.line: issue.reason for issue in result.issues}
    assert sorted(reported) == sorted(bad)
    for line, reason in bad.items():
        assert reason in reported[line], f"line {line}: {reported[line]}"
    assert all(issue.path == str(path) for issue in result.issues)
    loaded = {p.sources[0].line: (p.arxiv_id or p.title) for p in result.papers}
    assert loaded == good


def test_good_rows_around_bad_ones_keep_their_fields() -> None:
    result = load_file(DATA / "arxiv_broken.md")
    by_id = {p.id: p for p in result.papers}
    row_b = by_id["2501.00002"]
    assert (row_b.version, row_b.venue, row_b.code_url) == (
        2,
        "MICCAI 2025",
        "https://github.com/example/sam-mri",
    )
    assert row_b.abstract == "We adapt SAM to MRI & CT, improving Dice by 3%."
    assert by_id["2501.00003"].version is None


def test_hf_year_less_dates_and_upvotes_in_broken_page() -> None:
    result = load_file(DATA / "hf_broken.txt", reference_date=REFERENCE)
    dates = {p.title: (p.published, p.upvotes, p.authors_count) for p in result.papers}
    assert dates == {
        "Good One: nnU-Net for CT": (date(2026, 3, 22), 7, 3),
        "Good Two: BraTS with MRI": (date(2025, 12, 24), None, 1),
    }


@pytest.mark.parametrize("fmt", [None, "arxiv-md", "hf-daily", "jsonl"])
@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["empty", "blank-lines"])
def test_empty_file_loads_zero_papers(tmp_path: Path, fmt: str | None, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    result = load_file(path, fmt=fmt)
    assert (result.papers, result.issues) == ([], [])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.md", "no such file"),
        (lambda d: d, "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_unreadable_file_raises_loader_error_naming_it(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(LoaderError, match=message) as excinfo:
        load_file(path)
    assert str(path) in str(excinfo.value)


def test_unknown_format_raises_loader_error(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="unknown format 'csv'"):
        load_file(path, fmt="csv")
    with pytest.raises(LoaderError, match=str(path)):
        load_file(path)


def test_wrong_format_override_reports_rows_instead_of_crashing() -> None:
    # an arXiv table read as a HF page has no "• N authors" lines: every block is stray text
    result = load_file(DATA / "arxiv_excerpt.md", fmt="hf-daily")
    assert result.papers == []
    assert result.issues and all(i.reason.startswith("unexpected text") for i in result.issues)
