"""The same sample corpus through `kg build` on both backends gives identical `kg stats` and
`kg shared-dataset` output: the embedded store and Neo4j over Bolt (FalkorDB's endpoint here).

The CLI runs in-process, so every Bolt command reuses the test session's one driver.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j_backends import bolt_uri
from typer.testing import CliRunner

from kg import queries
from kg.cli import app
from kg.store import open_store

pytestmark = pytest.mark.bolt


def kg(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(embedded path, Bolt URI), each holding the sample corpus built by `kg build`."""
    embedded = str(tmp_path_factory.mktemp("parity") / "graph.lbug")
    bolt = bolt_uri()
    with open_store(bolt) as store:
        store.clear()
    kg("build", "--store", embedded)
    kg("build", "--store", bolt, "--batch-size", "7")  # small batches: many transactions
    return embedded, bolt


@pytest.fixture(scope="module")
def papers_with_datasets(stores: tuple[str, str]) -> list[str]:
    with open_store(stores[0], read_only=True) as store:
        rows = store.query("MATCH (p:Paper)-[:USES_DATASET|PROPOSES]->(:Dataset) "
                           "RETURN DISTINCT p.id AS id ORDER BY id").rows
    return [row[0] for row in rows]


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_kg_stats_is_identical(stores: tuple[str, str], fmt: str) -> None:
    embedded, bolt = stores
    assert kg("stats", "--format", fmt, "--store", embedded) == kg("stats", "--format", fmt, "--store", bolt)


def test_shared_datasets_are_identical_for_every_paper_with_a_dataset(
    stores: tuple[str, str], papers_with_datasets: list[str]
) -> None:
    embedded, bolt = stores
    assert papers_with_datasets, "the sample corpus should link papers to datasets"
    with open_store(embedded, read_only=True) as one, open_store(bolt, read_only=True) as other:
        answers = {paper: queries.shared_datasets(one, paper) for paper in papers_with_datasets}
        for paper, expected in answers.items():
            assert queries.shared_datasets(other, paper) == expected, paper
    assert any(answers.values())  # some papers do share datasets


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_kg_shared_dataset_output_is_identical(stores: tuple[str, str], papers_with_datasets: list[str],
                                              fmt: str) -> None:
    embedded, bolt = stores
    for paper in papers_with_datasets[:: max(1, len(papers_with_datasets) // 6)]:
        expected = kg("shared-dataset", paper, "--format", fmt, "--store", embedded)
        assert kg("shared-dataset", paper, "--format", fmt, "--store", bolt) == expected, paper


def test_rebuilding_over_bolt_changes_nothing(stores: tuple[str, str]) -> None:
    _, bolt = stores
    before = kg("stats", "--format", "json", "--store", bolt)
    kg("build", "--store", bolt)
    assert kg("stats", "--format", "json", "--store", bolt) == before


def test_kg_query_rows_are_identical(stores: tuple[str, str]) -> None:
    embedded, bolt = stores
    cypher = ("MATCH (p:Paper)-[r:USES_DATASET]->(d:Dataset) RETURN p, r, d.name AS dataset "
              "ORDER BY p.id, dataset LIMIT 25")
    assert kg("query", cypher, "--format", "json", "--store", embedded) == kg(
        "query", cypher, "--format", "json", "--store", bolt)


def test_the_export_is_identical(stores: tuple[str, str], tmp_path: Path) -> None:
    embedded, bolt = stores
    for name, store in (("embedded", embedded), ("bolt", bolt)):
        kg("export", "--format", "neo4j-admin", "--output", str(tmp_path / name), "--store", store)
    files = sorted(p.name for p in (tmp_path / "embedded").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "bolt").iterdir())
    for name in files:
        assert (tmp_path / "embedded" / name).read_bytes() == (tmp_path / "bolt" / name).read_bytes(), name
