"""Paper identity and merging: versions, changed titles, cross-page listings, idempotence."""

from __future__ import annotations

import doctest
import hashlib
from datetime import date

import pytest

import kg.identity
from kg.identity import merge_papers, paper_id, strip_version, title_key
from kg.model import Paper, Source


def arxiv(arxiv_id: str, version: int, title: str, line: int, **fields: object) -> Paper:
    return Paper(
        id=arxiv_id, arxiv_id=arxiv_id, version=version, title=title,
        sources=[Source(path="arxiv.md", line=line, format="arxiv-md", version=version, title=title)],
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def hf(title: str, line: int, **fields: object) -> Paper:
    return Paper(
        id=paper_id(None, title), title=title,
        sources=[Source(path="hf.txt", line=line, format="hf-daily", title=title)],
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("arxiv_id", "title", "expected"),
    [
        ("2509.06617", "anything", "2509.06617"),
        ("2509.06617v3", "anything", "2509.06617"),
        (" 2412.04106v12 ", "x", "2412.04106"),
        ("cs/0112017v1", "old style", "cs/0112017"),
        (None, "MM-DINOv2: Adapting", "t-" + hashlib.sha1(b"mmdinov2adapting").hexdigest()[:16]),
        ("", "MM-DINOv2: Adapting", "t-" + hashlib.sha1(b"mmdinov2adapting").hexdigest()[:16]),
    ],
)
def test_paper_id(arxiv_id: str | None, title: str, expected: str) -> None:
    assert paper_id(arxiv_id, title) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Can LLMs Challenge CNNs?", "can llms challenge cnns"),
        ("Co-Seg++: Mutual Prompt", "CoSeg Mutual  Prompt"),
        ("SAS -- A Non-Generative Technique", "SAS: a non generative technique"),
    ],
)
def test_title_key_ignores_case_spacing_and_punctuation(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)
    assert paper_id(None, a) == paper_id(None, b)


def test_title_key_distinguishes_different_titles() -> None:
    assert title_key("Graph Mamba") != title_key("Hypergraph Mamba")
    assert strip_version("2505.17457v2") == "2505.17457"


def test_versions_with_changed_title_merge_and_newest_wins() -> None:
    v1 = arxiv("2505.17457", 1, "Graph Mamba", 120, abstract="old", published=date(2025, 5, 23))
    v2 = arxiv("2505.17457", 2, "Hypergraph Mamba", 38, abstract="new", published=date(2025, 8, 4))
    for order in ([v1, v2], [v2, v1]):
        [merged] = merge_papers(order)
        assert (merged.id, merged.version, merged.title, merged.abstract) == (
            "2505.17457", 2, "Hypergraph Mamba", "new",
        )  # fmt: skip
        assert merged.other_titles == ["Graph Mamba"]
        assert merged.published == date(2025, 5, 23)  # the earliest listing
        assert {s.line for s in merged.sources} == {38, 120}


def test_cross_page_merge_takes_the_arxiv_id_and_fills_fields() -> None:
    paper = arxiv(
        "2412.04030", 1, "Mask of truth: model sensitivity", 121,
        abstract="arXiv abstract", published=date(2024, 12, 5), code_url="https://github.com/x/y",
        comment="10 pages",
    )  # fmt: skip
    listed = hf(
        "Mask of Truth: Model Sensitivity", 557, abstract="HF abstract", authors_count=4, upvotes=5,
        published=date(2024, 12, 5),
    )  # fmt: skip
    for order in ([paper, listed], [listed, paper]):
        [merged] = merge_papers(order)
        assert merged.id == merged.arxiv_id == "2412.04030"
        assert (merged.title, merged.abstract) == ("Mask of truth: model sensitivity", "arXiv abstract")
        assert merged.other_titles == ["Mask of Truth: Model Sensitivity"]
        assert (merged.authors_count, merged.upvotes) == (4, 5)
        assert (merged.code_url, merged.comment) == ("https://github.com/x/y", "10 pages")
        assert [s.format for s in merged.sources] == [p.sources[0].format for p in order]


def test_hf_listing_of_an_older_arxiv_title_still_merges() -> None:
    v1 = arxiv("2504.08584", 1, "Boosting learning for chest x-ray analysis", 161)
    v2 = arxiv("2504.08584", 2, "Boosting learning for chest radiograph analysis", 91)
    listed = hf("Boosting Learning for Chest X-ray Analysis", 12, upvotes=2)
    [merged] = merge_papers([listed, v2, v1])
    assert merged.id == "2504.08584" and merged.title == v2.title and merged.upvotes == 2
    assert len(merged.sources) == 3


def test_distinct_papers_stay_apart_in_first_appearance_order() -> None:
    papers = [
        hf("Only on HF", 5),
        arxiv("2501.00002", 1, "Second", 2),
        arxiv("2501.00001", 1, "Same Title", 1),
        arxiv("2501.00003", 1, "Same Title", 3),  # another arXiv id: another paper, even with this title
        hf("Only on HF", 40, upvotes=1),  # the HF page listing one paper twice
    ]
    merged = merge_papers(papers)
    assert [p.id for p in merged] == [paper_id(None, "Only on HF"), "2501.00002", "2501.00001", "2501.00003"]
    assert merged[0].upvotes == 1 and len(merged[0].sources) == 2


def test_records_without_any_arxiv_id_merge_by_title_key() -> None:
    a = hf("FAMNet: Frequency-aware Matching", 21, published=date(2024, 12, 12), authors_count=4)
    b = hf("FAMNet -- Frequency-Aware Matching", 90, published=date(2025, 1, 3), upvotes=3)
    [merged] = merge_papers([a, b])
    assert merged.id == a.id
    assert (merged.published, merged.authors_count, merged.upvotes) == (date(2024, 12, 12), 4, 3)


def corpus() -> list[Paper]:
    return [
        arxiv("2505.17457", 2, "Hypergraph Mamba", 38, abstract="new", published=date(2025, 8, 4)),
        hf("Hypergraph Mamba", 7, upvotes=3, authors_count=6),
        hf("Only on HF", 9, published=date(2026, 3, 22)),
        arxiv("2505.17457", 1, "Graph Mamba", 120, abstract="old", published=date(2025, 5, 23)),
        arxiv("2501.00001", 1, "Alone", 1, abstract="a"),
    ]


@pytest.mark.parametrize("rounds", [1, 2, 3])
def test_merge_is_idempotent(rounds: int) -> None:
    once = merge_papers(corpus())
    again = once
    for _ in range(rounds):
        again = merge_papers(again)
    assert again == once
    assert len(once) == 3


def test_merging_twice_loaded_listings_changes_nothing() -> None:
    # the same listing loaded twice (a re-run) yields the same papers with the same sources
    assert merge_papers(corpus() + corpus()) == merge_papers(corpus())


def test_merge_empty() -> None:
    assert merge_papers([]) == []


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(kg.identity)
    assert tried > 0 and failures == 0
