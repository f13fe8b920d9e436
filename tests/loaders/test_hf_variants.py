"""Hugging Face daily-paper pages with and without the author/upvote trailer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders import detect_text, load_file

REFERENCE = date(2026, 4, 22)
HEADER = "new\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nApr 22\n\n"
TITLE_A, TITLE_B = "SAM for Liver CT", "nnU-Net on BraTS brain MRI"
ABSTRACT_A = "We adapt SAM to liver CT &amp; report Dice on LiTS with $\\alpha$-blending."
ABSTRACT_B = "We train nnU-Net on BraTS 2021 and evaluate on brain MRI from three sites."
TRAILER = "  • 4 authors\n·\nMar 22 7\n"

PAGES = {
    "with-trailer": (HEADER + f"{TITLE_A}\n\n{ABSTRACT_A}\n\n{TRAILER}\n{TITLE_B}\n\n{ABSTRACT_B}\n\n"
                     "  • 2 authors\n·\nDec 12, 2024\n",
                     [date(2026, 3, 22), date(2024, 12, 12)], [4, 2]),
    "no-trailer": (HEADER + f"{TITLE_A}\n\n{ABSTRACT_A}\n\n{TITLE_B}\n\n{ABSTRACT_B}\n",
                   [None, None], [None, None]),
    "no-header-published-on": (f"{TITLE_A}\n\nPublished on Mar 22\n\n{ABSTRACT_A}\n\n"
                               f"{TITLE_B}\n\nPublished on Dec 12, 2024\n\nSubmitted by\nakhaliq\n\n"
                               f"{ABSTRACT_B}\n",
                               [date(2026, 3, 22), date(2024, 12, 12)], [None, None]),
    "submitted-by-after-abstract": (HEADER + f"{TITLE_A}\n\n{ABSTRACT_A}\n\nSubmitted by akhaliq\n\n"
                                    f"{TITLE_B}\n\n{ABSTRACT_B}\n\nPublished on Jan 3\n",
                                    [None, date(2026, 1, 3)], [None, None]),
    "mixed": (HEADER + f"{TITLE_A}\n\n{ABSTRACT_A}\n\n{TITLE_B}\n\n{ABSTRACT_B}\n\n{TRAILER}",
              [None, date(2026, 3, 22)], [None, 4]),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_load_with_or_without_trailers(tmp_path: Path, name: str) -> None:
    text, dates, authors = PAGES[name]
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert detect_text(text) == "hf-daily"
    result = load_file(path, reference_date=REFERENCE)
    assert result.issues == []
    assert [p.title for p in result.papers] == [TITLE_A, TITLE_B]
    assert [p.published for p in result.papers] == dates
    assert [p.authors_count for p in result.papers] == authors
    assert result.papers[0].abstract.startswith("We adapt SAM to liver CT & report Dice on LiTS with α")
    assert result.papers[0].abstract_raw == ABSTRACT_A
    lines = text.splitlines()
    assert all(lines[p.sources[0].line - 1] == p.title for p in result.papers)


def test_a_trailerless_title_without_its_abstract_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(HEADER + f"Lonely title\n\n{TITLE_A}\n\n{ABSTRACT_A}\n\n{TITLE_B}\n", encoding="utf-8")
    result = load_file(path, reference_date=REFERENCE)
    assert [p.title for p in result.papers] == [TITLE_A]
    assert [(i.line, i.reason) for i in result.issues] == [
        (11, "unexpected text (not part of a paper)"), (17, "unexpected text (not part of a paper)")]
