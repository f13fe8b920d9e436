"""Both listing loaders against small excerpts of the seed listings and their golden output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from loader_data import DATA, check_golden

from loaders import load_file

REFERENCE = date(2026, 4, 22)


@pytest.mark.parametrize(
    ("listing", "fmt"),
    [("arxiv_excerpt.md", "arxiv-md"), ("hf_excerpt.txt", "hf-daily")],
)
@pytest.mark.parametrize("explicit_format", [True, False], ids=["given", "detected"])
def test_excerpt_matches_golden(listing: str, fmt: str, explicit_format: bool) -> None:
    path = DATA / listing
    result = load_file(path, fmt=fmt if explicit_format else None, reference_date=REFERENCE)
    check_golden(result, DATA / f"{Path(listing).stem}.expected.json")


@pytest.mark.parametrize(
    ("listing", "count"), [("arxiv_excerpt.md", 7), ("hf_excerpt.txt", 6)], ids=["arxiv", "hf"]
)
def test_excerpt_sources_point_at_title_lines(listing: str, count: int) -> None:
    path = DATA / listing
    result = load_file(path, reference_date=REFERENCE)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(result.papers) == count
    for paper in result.papers:
        [source] = paper.sources
        assert source.path == str(path)
        assert source.title == paper.title
        # the line named by the source is where the listing writes this paper's title
        assert paper.title.split(":")[0][:12] in lines[source.line - 1].replace("$^2$", "2")
