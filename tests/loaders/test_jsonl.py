"""The JSONL interchange format: round trip, ids, and one issue per bad line naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_data import DATA

from kg.identity import paper_id
from kg.model import Paper
from kg.resources import sample_dir
from loaders import load_file


def write_jsonl(path: Path, papers: list[Paper]) -> None:
    path.write_text("".join(p.model_dump_json() + "\n" for p in papers), encoding="utf-8")


@pytest.mark.parametrize(
    ("listing", "fmt"),
    [("arxiv_medical_image_analysis.md", "arxiv-md"), ("hf_daily_papers.txt", "hf-daily")],
)
def test_round_trip_of_loaded_papers(tmp_path: Path, listing: str, fmt: str) -> None:
    original = load_file(sample_dir() / listing, fmt=fmt).papers
    out = tmp_path / "papers.jsonl"
    write_jsonl(out, original)
    again = load_file(out)
    assert again.issues == []
    assert again.papers == original  # sources, dates and raw text survive unchanged


def test_fixture_records_load_with_ids_and_sources() -> None:
    path = DATA / "papers.jsonl"
    result = load_file(path)
    assert result.issues == []
    first, no_id, third = result.papers
    assert first.sources[0].path == "arxiv_medical_image_analysis.md"  # kept as written
    assert no_id.id == paper_id(None, "A Paper Without Id")
    assert (no_id.sources[0].path, no_id.sources[0].line, no_id.sources[0].format) == (str(path), 2, "jsonl")
    assert (third.venue, third.code_url) == ("MICCAI 2025", "https://github.com/example/sam-mri")


@pytest.mark.parametrize(
    ("line", "fragments"),
    [
        (3, ["not JSON"]),
        (4, ["expected a JSON object", "list"]),
        (5, ["field 'title'", "Field required"]),
        (6, ["field 'published'"]),
        (7, ["field 'colour'", "Extra inputs"]),
        (8, ["field 'sources.0.line'"]),
        (9, ["invalid UTF-8"]),
    ],
)
def test_bad_lines_name_line_and_field(line: int, fragments: list[str]) -> None:
    result = load_file(DATA / "papers_broken.jsonl")
    issues = {issue.line: issue.reason for issue in result.issues}
    assert sorted(issues) == [3, 4, 5, 6, 7, 8, 9]
    for fragment in fragments:
        assert fragment in issues[line]


def test_good_lines_around_bad_ones_load() -> None:
    result = load_file(DATA / "papers_broken.jsonl")
    assert [p.id for p in result.papers] == ["2509.06617", "2501.00002"]
