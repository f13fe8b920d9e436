"""The bundled sample corpus: every seed row loads, and merging finds the papers listed twice."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kg.identity import merge_papers
from kg.model import Paper
from kg.pipeline import load_listings, sample_listings
from kg.resources import sample_dir
from loaders import load_file

REFERENCE = date(2026, 4, 22)
ARXIV_ROWS, ARXIV_PAPERS, HF_RECORDS, CROSS_PAGE, DISTINCT = 200, 195, 71, 5, 261


@pytest.fixture(scope="module")
def arxiv() -> list[Paper]:
    result = load_file(sample_dir() / "arxiv_medical_image_analysis.md")
    assert result.issues == []
    return result.papers


@pytest.fixture(scope="module")
def hf() -> list[Paper]:
    result = load_file(sample_dir() / "hf_daily_papers.txt", reference_date=REFERENCE)
    assert result.issues == []
    return result.papers


def test_counts(arxiv: list[Paper], hf: list[Paper]) -> None:
    assert len(arxiv) == ARXIV_ROWS
    assert len({p.arxiv_id for p in arxiv}) == ARXIV_PAPERS
    assert len(hf) == HF_RECORDS
    assert len(merge_papers(arxiv + hf)) == DISTINCT


def test_every_arxiv_row_is_complete(arxiv: list[Paper]) -> None:
    for paper in arxiv:
        assert paper.arxiv_id and paper.version and paper.published and paper.abstract
        assert paper.url == f"http://arxiv.org/abs/{paper.arxiv_id}"
        for text in (paper.title, paper.abstract):
            assert not any(mark in text for mark in ("$", "\\", "<p>", "</", "&amp;", "  "))


def test_hf_dates_are_never_after_the_page_date(hf: list[Paper]) -> None:
    assert all(p.published is not None and p.published <= REFERENCE for p in hf)
    assert all(p.authors_count for p in hf)
    assert Counter(p.published.year for p in hf if p.published)[2026] == 6  # the six year-less dates


def test_cross_page_papers_merge_into_the_arxiv_record(arxiv: list[Paper], hf: list[Paper]) -> None:
    merged = merge_papers(arxiv + hf)
    both = [p for p in merged if {s.format for s in p.sources} == {"arxiv-md", "hf-daily"}]
    assert len(both) == CROSS_PAGE
    assert all(p.id == p.arxiv_id and p.authors_count for p in both)
    assert "2412.01496" in {p.id for p in both}  # "Frchet" on arXiv vs "Fréchet" on HF


def test_pipeline_loads_the_manifest_into_distinct_papers() -> None:
    result = load_listings(sample_listings())
    assert result.issues == []
    assert len(result.papers) == DISTINCT
    assert len({p.id for p in result.papers}) == DISTINCT
