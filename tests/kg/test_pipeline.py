"""The pipeline's own logic: the bundled sample's manifest and how its sources are named."""

from __future__ import annotations

from datetime import date

from kg import pipeline


def test_sample_listings_follow_the_manifest() -> None:
    listings = pipeline.sample_listings()
    assert [(item.format, item.name) for item in listings] == [
        ("arxiv-md", "sample/arxiv_medical_image_analysis.md"),
        ("hf-daily", "sample/hf_daily_papers.txt"),
    ]
    assert all(item.path.is_file() for item in listings)
    assert listings[1].reference_date == date(2026, 4, 22)


def test_sample_sources_carry_no_install_path() -> None:
    papers = pipeline.load_listings(pipeline.sample_listings()).papers
    paths = {source.path for paper in papers for source in paper.sources}
    assert paths == {"sample/arxiv_medical_image_analysis.md", "sample/hf_daily_papers.txt"}


def test_year_less_dates_use_the_manifest_reference_date() -> None:
    papers = pipeline.load_listings(pipeline.sample_listings()[1:]).papers
    assert max(p.published for p in papers if p.published) <= date(2026, 4, 22)
