"""Format detection looks at content, never at the file name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from loader_data import DATA

from kg.errors import LoaderError
from kg.resources import sample_dir
from loaders import detect_format, detect_text, get_loader


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (sample_dir() / "arxiv_medical_image_analysis.md", "arxiv-md"),
        (sample_dir() / "hf_daily_papers.txt", "hf-daily"),
        (DATA / "arxiv_broken.md", "arxiv-md"),
        (DATA / "hf_broken.txt", "hf-daily"),
        (DATA / "papers.jsonl", "jsonl"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".json", ""], ids=["txt", "json", "none"])
def test_detects_format_from_content_whatever_the_extension(
    tmp_path: Path, source: Path, fmt: str, suffix: str
) -> None:
    copy = tmp_path / f"listing{suffix}"
    shutil.copyfile(source, copy)
    assert detect_format(copy) == fmt


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("| **Title** | **Date** |", "arxiv-md"),
        ("| **[X](http://arxiv.org/abs/2501.00001v1)** | 2025-01-01 | a | | None |", "arxiv-md"),
        ("Some title\n\nAbstract.\n\n  • 3 authors\n·\nMar 22\n", "hf-daily"),
        ("new\n\nDaily Papers\n", "hf-daily"),
        ('\n{"id": "x", "title": "T"}\n', "jsonl"),
        ("[1, 2, 3]", None),
        ("{not json", None),
        ("just some prose\n", None),
    ],
)
def test_detect_text(text: str, fmt: str | None) -> None:
    assert detect_text(text) == fmt


def test_undetectable_file_names_the_file_and_the_override(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("nothing recognisable here\n", encoding="utf-8")
    with pytest.raises(LoaderError, match=r"notes\.md.*--format"):
        detect_format(path)


@pytest.mark.parametrize("fmt", ["arxiv-md", "hf-daily", "jsonl"])
def test_registry_builds_the_loader_for_each_format(fmt: str) -> None:
    assert get_loader(fmt).format == fmt
