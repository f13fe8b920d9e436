"""``kg export --format neo4j-admin``: the files ``neo4j-admin database import full`` reads."""

from __future__ import annotations

import csv
import io
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.neo4j_admin import ARRAY_DELIMITER, export_neo4j_admin
from kg.graph import build_graph
from kg.model import Evidence, ExtractedEntity, Extraction, GraphDocument, GraphStats, Paper
from kg.schema import load_schema

SCHEMA = load_schema()
TYPES: dict[str, Callable[[str], Any]] = {"long": int, "double": float, "boolean": lambda v: v == "true"}


def read_csv(path: Path) -> tuple[list[str], list[list[str | None]]]:
    """Header and rows; an empty field reads as None (csv cannot tell a quoted "" apart: see below)."""
    header_line, _, body = path.read_text(encoding="utf-8").partition("\n")
    rows = [[value if value != "" else None for value in raw] for raw in csv.reader(io.StringIO(body))]
    return header_line.split(","), rows


def typed(header: str, value: str | None) -> Any:
    """A field's value with its header's neo4j-admin type applied."""
    if value is None:
        return None
    kind = header.partition(":")[2]
    if kind.endswith("[]"):
        return value.split(ARRAY_DELIMITER)
    return TYPES.get(kind, str)(value)


@pytest.fixture(scope="module")
def exported(sample_graph: GraphDocument, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("neo4j-admin")
    export_neo4j_admin(sample_graph, folder)
    return folder


def test_node_headers_name_the_id_space_types_and_label(exported: Path) -> None:
    header, _ = read_csv(exported / "Paper.csv")
    assert header == ["id:ID(Paper)", "arxiv_id", "version:long", "title", "other_titles:string[]",
                      "abstract", "published", "url", "code_url", "comment", "authors_count:long",
                      "upvotes:long", "sources:string[]", "topics:string[]", ":LABEL"]
    assert read_csv(exported / "Model.csv")[0] == ["name:ID(Model)", "aliases:string[]", ":LABEL"]
    assert read_csv(exported / "CodeRepository.csv")[0] == ["url:ID(CodeRepository)", "host", ":LABEL"]


def test_relationship_headers_name_both_id_spaces_the_type_and_typed_evidence(exported: Path) -> None:
    header, _ = read_csv(exported / "USES_DATASET-Dataset.csv")
    assert header == [":START_ID(Paper)", ":END_ID(Dataset)", ":TYPE", "sentence", "char_start:long",
                      "char_end:long", "field", "extractor", "confidence:double", "mentions:string[]"]
    assert read_csv(exported / "PUBLISHED_IN-Venue.csv")[0] == [":START_ID(Paper)", ":END_ID(Venue)", ":TYPE",
                                                                 "comment"]
    assert read_csv(exported / "VARIANT_OF-Model.csv")[0] == [":START_ID(Model)", ":END_ID(Model)", ":TYPE"]


@pytest.mark.parametrize("label", list(SCHEMA.nodes))
def test_one_row_per_node(exported: Path, sample_stats: GraphStats, label: str) -> None:
    _, rows = read_csv(exported / f"{label}.csv")
    assert len(rows) == sample_stats.nodes[label]
    assert all(row[-1] == label for row in rows)
    assert len({row[0] for row in rows}) == len(rows)  # unique IDs within the label's ID space


@pytest.mark.parametrize("rel_type", list(SCHEMA.relationships))
def test_one_row_per_relationship_with_both_ends_present(exported: Path, sample_stats: GraphStats,
                                                         rel_type: str) -> None:
    spec = SCHEMA.relationship(rel_type)
    starts = {row[0] for row in read_csv(exported / f"{spec.source}.csv")[1]}
    total = 0
    for target in spec.targets:
        ends = {row[0] for row in read_csv(exported / f"{target}.csv")[1]}
        _, rows = read_csv(exported / f"{rel_type}-{target}.csv")
        assert all(row[0] in starts and row[1] in ends and row[2] == rel_type for row in rows)
        total += len(rows)
    assert total == sample_stats.relationships[rel_type]


def test_the_sample_graph_is_not_trivial(sample_stats: GraphStats) -> None:
    assert sample_stats.nodes["Paper"] > 20
    assert sample_stats.relationships["USES_DATASET"] > 0 and sample_stats.nodes["Dataset"] > 0


def test_values_read_back_with_their_types(exported: Path, sample_graph: GraphDocument) -> None:
    header, rows = read_csv(exported / "Paper.csv")
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for node in (n for n in sample_graph.nodes if n.label == "Paper"):
        row = by_id[node.key]
        for name, value in node.properties.items():
            column = next(h for h in header if h.partition(":")[0] == name)
            expected = value if value not in ([], "") else None
            assert typed(column, row[column]) == expected, (node.key, name)


def test_import_script_names_every_file_with_rows(exported: Path) -> None:
    script = (exported / "import.sh").read_text(encoding="utf-8")
    words = shlex.split(script.split('cd "$(dirname "$0")"', 1)[1].replace("\\\n", " "))
    assert words[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert "--array-delimiter=U+001F" in words and "--multiline-fields=true" in words
    named = {w.split("=", 1)[1] for w in words if w.startswith(("--nodes=", "--relationships="))}
    with_rows = {p.name for p in exported.glob("*.csv") if read_csv(p)[1]}
    assert named == with_rows
    assert "--nodes=Paper.csv" in words and "--relationships=USES_DATASET-Dataset.csv" in words


def test_text_with_quotes_commas_newlines_and_lists_survives(tmp_path: Path) -> None:
    tricky = 'A "quoted", comma\nand a new line; with ; semicolons'
    paper = Paper(id="p1", title=tricky, abstract="", other_titles=["x; y", 'z "q"'])
    evidence = Evidence(sentence=tricky, start=0, end=1, extractor="t", confidence=0.5)
    doc = build_graph([Extraction(paper=paper, entities=[
        ExtractedEntity(type="Model", name="A,B", mentions=["A,B", "A; B"], confidence=0.5,
                        evidence=[evidence])])])
    export_neo4j_admin(doc, tmp_path)
    header, [row] = read_csv(tmp_path / "Paper.csv")
    record = dict(zip(header, row, strict=True))
    assert record["title"] == tricky
    assert typed("other_titles:string[]", record["other_titles:string[]"]) == ["x; y", 'z "q"']
    raw = (tmp_path / "Paper.csv").read_text(encoding="utf-8")
    assert 'semicolons","x; y\x1fz ""q""","",,' in raw  # the empty abstract is quoted: text, not null
    _, [rel] = read_csv(tmp_path / "USES-Model.csv")
    assert rel[:3] == ["p1", "A,B", "USES"] and rel[3] == tricky and typed("c:double", rel[8]) == 0.5


def test_the_cli_exports_from_a_store(sample_store_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--format", "neo4j-admin", "--output", str(tmp_path / "out"),
                                      "--store", str(sample_store_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "import.sh").is_file() and (tmp_path / "out" / "Paper.csv").is_file()
    assert "import.sh" in result.output
