"""Daily-arXiv READMEs as people publish them: columns by header name, sections as topics."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_data import DATA

from kg.graph import build_graph
from kg.identity import merge_papers
from kg.model import Extraction
from kg.store import open_store
from loaders import detect_text, load_file

REAL = DATA / "daily_arxiv_4col.md"
REAL_TOPICS = [
    "AND:diffusion classification", "AND:medical diffusion classification", "visual prompt", "MLLM"
]

ROW_A = "**[SAM for Liver CT](http://arxiv.org/abs/2510.00001v2)**"
ROW_B = "**[A Diffusion Classifier](http://arxiv.org/abs/2510.00002v1)**"
ABSTRACT = (
    "<details><summary>Show</summary><p>We adapt SAM to CT &amp; MRI with $\\alpha$-blending.</p></details>"
)
ABSTRACT_TEXT = "We adapt SAM to CT & MRI with α-blending."
ABSTRACT_RAW = "We adapt SAM to CT &amp; MRI with $\\alpha$-blending."


def paper_rows(text: str) -> int:
    """Rows of paper tables counted without the loader: ``| **`` lines that are not a header."""
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    return sum(1 for line in rows if not line.startswith("| **Title**"))


def write(tmp_path: Path, text: str, name: str = "listing.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_readme_loads_every_row_with_its_section_as_topic() -> None:
    text = REAL.read_text(encoding="utf-8")
    result = load_file(REAL)
    assert result.issues == []
    assert len(result.papers) == paper_rows(text) == 80
    assert [t for p in result.papers for t in p.topics] == [t for t in REAL_TOPICS for _ in range(20)]
    assert all(p.arxiv_id and p.published and p.abstract and p.code_url is None for p in result.papers)
    # the rows keep their own lines: the source line holds the paper's title link
    lines = text.splitlines()
    assert all(p.url and p.url.split("/")[-1] in lines[p.sources[0].line - 1] for p in result.papers)


def test_the_real_readme_folds_long_comments_and_keeps_latex_raw() -> None:
    by_id = {p.id: p for p in load_file(REAL).papers}
    lota = by_id["2510.14230"]
    assert lota.comment == "Published in the ICCV2025, COde is https://github.com/hongsong-wang/LOTA"
    assert "\\textbf{98.9\\%}" in lota.abstract_raw and "98.9%" in lota.abstract


TABLES = {
    "four-columns": ("| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
                     f"| {ROW_A} | 2025-10-01 | {ABSTRACT} | 8 pages |\n", None),
    "five-columns": ("| **Title** | **Date** | **Abstract** | **Comment** | **CodeRepository** |\n"
                     "| --- | --- | --- | --- | --- |\n"
                     f"| {ROW_A} | 2025-10-01 | {ABSTRACT} | 8 pages "
                     "| [Code Link](https://github.com/a/b) |\n",
                     "https://github.com/a/b"),
    "reordered-plain-header": ("| Date | Code | title | comments | ABSTRACT |\n|:---|:---:|---|---|---|\n"
                               f"| 2025-10-01 | https://github.com/a/b | {ROW_A} | 8 pages | {ABSTRACT} |\n",
                               "https://github.com/a/b"),
    "pdf-column": ("| **Title** | **PDF** | **Date** | **Abstract** | **Comment** |\n"
                   "| --- | --- | --- | --- | --- |\n"
                   "| **SAM for Liver CT** | [pdf](http://arxiv.org/pdf/2510.00001v2) | 2025-10-01 | "
                   f"{ABSTRACT} | 8 pages |\n", None),
    "unbold-title-link": ("| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
                          "| [SAM for Liver CT](http://arxiv.org/abs/2510.00001v2) "
                          f"| 2025-10-01 | {ABSTRACT} "
                          "| 8 pages |\n", None),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(TABLES))
def test_cells_are_found_by_header_name(tmp_path: Path, name: str) -> None:
    table, code_url = TABLES[name]
    path = write(tmp_path, "## SAM - 98 in Total\n" + table)
    assert detect_text(path.read_text(encoding="utf-8")) == "arxiv-md"
    result = load_file(path)
    assert result.issues == []
    [paper] = result.papers
    assert (paper.id, paper.version, paper.title) == ("2510.00001", 2, "SAM for Liver CT")
    assert (paper.published.isoformat() if paper.published else None) == "2025-10-01"
    assert (paper.abstract, paper.abstract_raw) == (ABSTRACT_TEXT, ABSTRACT_RAW)
    assert (paper.comment, paper.code_url, paper.topics) == ("8 pages", code_url, ["SAM"])


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (ABSTRACT, ABSTRACT_TEXT),
        ("<details><summary>Show</summary>No paragraph &amp; no p.</details>", "No paragraph & no p."),
        ("<p>Only a paragraph, $x^2$.</p>", "Only a paragraph, x2."),
        ("Plain text, \\textbf{bold}.", "Plain text, bold."),
        ("", ""),
    ],
    ids=["details-p", "details-no-p", "p-only", "plain", "empty"],
)
def test_abstract_cells_in_every_shape(tmp_path: Path, cell: str, text: str) -> None:
    table = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
    path = write(tmp_path, f"{table}| {ROW_A} | 2025-10-01 | {cell} |  |\n")
    [paper] = load_file(path).papers
    assert paper.abstract == text
    assert paper.comment is None


@pytest.mark.parametrize(
    ("heading", "topic"),
    [
        ("## SAM - 98 in Total", "SAM"),
        ("## Medical Image Segmentation (12)", "Medical Image Segmentation"),
        ("## **MLLM**", "MLLM"),
        ("## AND:medical diffusion classification", "AND:medical diffusion classification"),
        ("## Segmentation [7]", "Segmentation"),
    ],
)
def test_section_headings_give_the_topic(tmp_path: Path, heading: str, topic: str) -> None:
    table = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
    path = write(tmp_path, f"{heading}\n{table}| {ROW_A} | 2025-10-01 | {ABSTRACT} |  |\n")
    assert [p.topics for p in load_file(path).papers] == [[topic]]


PREAMBLE = """# Daily Papers
[![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b) ![badge](https://x.y/b.svg)

The project fetches papers. | a stray pipe | in prose |

## Table of Contents
- [SAM](#sam)
- [Diffusion](#diffusion)

| Keyword | Papers |
| --- | --- |
| SAM | 1 |
| [Diffusion](#diffusion) | 1 |

"""
SECTIONS = f"""## SAM - 2 in Total
| **Title** | **Date** | **Abstract** | **Comment** |
| --- | --- | --- | --- |
| {ROW_A} | 2025-10-01 | {ABSTRACT} |  |
| {ROW_B} | 2025-10-02 | <details><summary>Show</summary><p>Diffusion.</p></details> |  |

## Diffusion
| **Title** | **Date** | **Abstract** | **Comment** |
| --- | --- | --- | --- |
| {ROW_B} | 2025-10-02 | <details><summary>Show</summary><p>Diffusion.</p></details> | CVPR 2025 |

Last update: 2025-10-20
"""


def test_preamble_badges_contents_and_other_tables_are_ignored(tmp_path: Path) -> None:
    result = load_file(write(tmp_path, PREAMBLE + SECTIONS))
    assert result.issues == []
    assert [(p.id, p.topics) for p in result.papers] == [
        ("2510.00001", ["SAM"]), ("2510.00002", ["SAM"]), ("2510.00002", ["Diffusion"])]


def test_a_paper_under_several_sections_gets_every_topic(tmp_path: Path) -> None:
    merged = merge_papers(load_file(write(tmp_path, SECTIONS)).papers)
    assert [(p.id, p.topics) for p in merged] == [
        ("2510.00001", ["SAM"]), ("2510.00002", ["SAM", "Diffusion"])]
    assert merged[1].comment == "CVPR 2025" and len(merged[1].sources) == 2


def test_a_broken_row_inside_a_paper_table_is_still_reported(tmp_path: Path) -> None:
    text = SECTIONS.replace(f"| {ROW_A} | 2025-10-01 | {ABSTRACT} |  |", f"| {ROW_A} | 2025-10-01 |  |")
    text = text.replace("| --- | --- | --- | --- |\n", "| --- | --- | --- | --- |\nnot a row at all\n", 1)
    path = write(tmp_path, PREAMBLE + text)
    result = load_file(path)
    reasons = {issue.line: issue.reason for issue in result.issues}
    lines = path.read_text(encoding="utf-8").splitlines()
    garbage, short = lines.index("not a row at all") + 1, lines.index(f"| {ROW_A} | 2025-10-01 |  |") + 1
    assert sorted(reasons) == [garbage, short]
    assert "not a table row" in reasons[garbage]
    assert reasons[short] == "expected 4 cells (title, date, abstract, comment), found 3"
    assert all(issue.path == str(path) for issue in result.issues)
    assert [p.id for p in result.papers] == ["2510.00002", "2510.00002"]


def test_topics_reach_the_store(tmp_path: Path) -> None:
    papers = merge_papers(load_file(write(tmp_path, SECTIONS)).papers)
    store = open_store(str(tmp_path / "graph.lbug"))
    try:
        store.ensure_schema()
        store.upsert(build_graph(Extraction(paper=p) for p in papers))
        rows = store.query("MATCH (p:Paper) WHERE 'SAM' IN p.topics RETURN p.id ORDER BY p.id").rows
        topics = store.query("MATCH (p:Paper {id: '2510.00002'}) RETURN p.topics").rows
    finally:
        store.close()
    assert rows == [["2510.00001"], ["2510.00002"]]
    assert topics == [[["Diffusion", "SAM"]]]


def test_an_unescaped_pipe_inside_an_abstract_keeps_the_row(tmp_path: Path) -> None:
    """Real READMEs copy LaTeX such as ``$Y|X$`` into the cell without escaping the pipe."""
    abstract = "<details><summary>Show</summary><p>Sample $Y|X$ and $Y|f(x)$.</p></details>"
    table = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
    path = write(tmp_path, f"{table}| {ROW_A} | 2025-10-01 | {abstract} | 8 pages |\n")
    result = load_file(path)
    assert result.issues == []
    [paper] = result.papers
    assert (paper.abstract_raw, paper.comment) == ("Sample $Y|X$ and $Y|f(x)$.", "8 pages")
