"""``kg build FOLDER``: every listing file inside, recursively, in a deterministic order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kg_runner import run_kg

from kg import pipeline
from kg.resources import sample_dir

ROW = "| **[{title}](http://arxiv.org/abs/2510.0000{n}v1)** | 2025-10-0{n} | An abstract about CT. |  |\n"
TABLE = "## {topic}\n| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"


def listing(topic: str, n: int) -> str:
    return TABLE.format(topic=topic) + ROW.format(title=f"U-Net for CT {n}", n=n)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "listings"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b" / "deeper" / "day2.md").write_text(listing("CT", 2), encoding="utf-8")
    (root / "a.md").write_text(listing("SAM", 1), encoding="utf-8")
    shutil.copy(sample_dir() / "hf_daily_papers.txt", root / "b" / "hf.txt")
    (root / "c.jsonl").write_text('{"id": "2510.00003", "title": "Dice for MRI"}\n', encoding="utf-8")
    # neither hidden files, hidden folders nor files of other kinds are listings
    (root / ".draft.md").write_text(listing("Hidden", 4), encoding="utf-8")
    (root / ".hidden" / "x.md").write_text(listing("Hidden", 5), encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "b" / "image.png").write_bytes(b"\x89PNG")
    return root


def test_a_folder_stands_for_its_listing_files_sorted(folder: Path) -> None:
    names = [p.relative_to(folder).as_posix() for p in pipeline.listing_files(folder)]
    assert names == ["a.md", "b/deeper/day2.md", "b/hf.txt", "c.jsonl"]


def test_a_folder_and_a_file_load_together(folder: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.md"
    extra.write_text(listing("Extra", 6), encoding="utf-8")
    loaded = pipeline.load_listings([pipeline.Listing(path=folder), pipeline.Listing(path=extra)])
    assert loaded.issues == []
    ids = [p.id for p in loaded.papers]
    assert ids[:2] == ["2510.00001", "2510.00002"] and ids[-2:] == ["2510.00003", "2510.00006"]
    assert not any("Hidden" in p.topics for p in loaded.papers)


def test_an_empty_folder_is_reported_as_a_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    good = tmp_path / "good.md"
    good.write_text(listing("SAM", 1), encoding="utf-8")
    loaded = pipeline.load_listings([pipeline.Listing(path=tmp_path / "empty"), pipeline.Listing(path=good)])
    [issue] = loaded.issues
    assert issue.line == 0 and "is a directory" in issue.reason and issue.path.endswith("empty")
    assert [p.id for p in loaded.papers] == ["2510.00001"]


def test_kg_build_loads_a_folder(folder: Path, tmp_path: Path) -> None:
    run = run_kg("build", str(folder), store=tmp_path / "graph.lbug")
    assert run.code == 0, run.err
    # the same papers as the pipeline loads from the folder, the hidden listings not among them
    expected = len(pipeline.load_listings([pipeline.Listing(path=folder)]).papers)
    assert f"built {expected} papers" in run.out
    query = run_kg("query", "MATCH (p:Paper) WHERE 'CT' IN p.topics RETURN p.id AS id", "--format", "json",
                   store=tmp_path / "graph.lbug")
    assert query.code == 0, query.err
    assert "2510.00002" in query.out and "2510.00001" not in query.out
