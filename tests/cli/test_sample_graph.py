"""``kg build`` on the bundled sample, then ``kg stats``, ``kg query`` and ``kg shared-dataset`` on it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from kg_runner import Run, assert_one_line_error, run_kg

from kg.model import Paper

DATASETS_QUERY = ("MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset) RETURN d.name AS dataset, count(p) AS papers "
                  "ORDER BY papers DESC LIMIT 10")


def test_build_reports_and_counts_every_distinct_paper_once(built_store: tuple[Path, Run],
                                                            sample_papers: list[Paper]) -> None:
    store, build = built_store
    assert f"built {len(sample_papers)} papers" in build.out
    assert "kg query" in build.out  # says how to query it
    stats = run_kg("stats", "--format", "json", store=store).json()
    assert set(stats) == {"nodes", "relationships"}
    assert stats["nodes"]["Paper"] == len({p.id for p in sample_papers}) == len(sample_papers)
    assert stats["relationships"]["USES_DATASET"] > 0 and stats["nodes"]["Dataset"] > 0


@pytest.mark.slow
def test_building_twice_gives_identical_stats(built_store: tuple[Path, Run]) -> None:
    store, _ = built_store
    before = run_kg("stats", "--format", "json", store=store).json()
    again = run_kg("build", store=store)
    assert again.code == 0, again.err
    assert run_kg("stats", "--format", "json", store=store).json() == before


def test_query_prints_json_rows(built_store: tuple[Path, Run]) -> None:
    rows = run_kg("query", DATASETS_QUERY, "--format", "json", store=built_store[0]).json()
    assert isinstance(rows, list) and 0 < len(rows) <= 10
    assert all(set(row) == {"dataset", "papers"} for row in rows)
    counts = [row["papers"] for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert "ACDC" in {row["dataset"] for row in rows}


def test_query_prints_csv_and_a_table(built_store: tuple[Path, Run]) -> None:
    store = built_store[0]
    as_json = run_kg("query", DATASETS_QUERY, "--format", "json", store=store).json()
    as_csv = run_kg("query", DATASETS_QUERY, "--format", "csv", store=store)
    assert as_csv.code == 0, as_csv.err
    parsed = list(csv.DictReader(io.StringIO(as_csv.out)))
    expected = [(r["dataset"], r["papers"]) for r in as_json]
    assert [(r["dataset"], int(r["papers"])) for r in parsed] == expected
    table = run_kg("query", DATASETS_QUERY, store=store)
    assert table.code == 0, table.err
    assert "dataset" in table.out and "papers" in table.out and as_json[0]["dataset"] in table.out


def test_query_parameters(built_store: tuple[Path, Run]) -> None:
    cypher = "MATCH (d:Dataset) WHERE d.name = $name RETURN d.name AS name, $n AS n"
    rows = run_kg("query", cypher, "--param", "name=ACDC", "--param", "n=3", "--format", "json",
                  store=built_store[0]).json()
    assert rows == [{"name": "ACDC", "n": 3}]


def _acdc_papers(store: Path) -> list[str]:
    cypher = ("MATCH (p:Paper)-[:USES_DATASET|PROPOSES]->(d:Dataset {name: 'ACDC'}) "
              "RETURN DISTINCT p.id AS id ORDER BY id")
    return [row["id"] for row in run_kg("query", cypher, "--format", "json", store=store).json()]


def test_shared_dataset_lists_the_other_acdc_papers(built_store: tuple[Path, Run]) -> None:
    store = built_store[0]
    acdc = _acdc_papers(store)
    assert len(acdc) >= 2, f"the sample should hold several ACDC papers, found {acdc}"
    paper = acdc[0]
    shared = run_kg("shared-dataset", paper, "--format", "json", store=store).json()
    assert all(set(item) == {"paper", "datasets"} for item in shared)
    assert all(set(item["paper"]) == {"id", "title"} for item in shared)
    by_id = {item["paper"]["id"]: item["datasets"] for item in shared}
    assert paper not in by_id
    assert set(acdc) - {paper} <= set(by_id)
    assert all("ACDC" in by_id[other] for other in acdc if other != paper)
    sizes = [len(item["datasets"]) for item in shared]
    assert sizes == sorted(sizes, reverse=True)
    table = run_kg("shared-dataset", paper, store=store)
    assert table.code == 0 and acdc[1] in table.out


def test_shared_dataset_accepts_an_arxiv_version(built_store: tuple[Path, Run]) -> None:
    store = built_store[0]
    plain = run_kg("shared-dataset", "2509.06617", "--format", "json", store=store).json()
    assert run_kg("shared-dataset", "2509.06617v1", "--format", "json", store=store).json() == plain


@pytest.mark.parametrize("paper", ["2999.99999", "no such paper"])
def test_an_unknown_paper_is_a_one_line_error(built_store: tuple[Path, Run], paper: str) -> None:
    assert_one_line_error(run_kg("shared-dataset", paper, store=built_store[0]), paper)


def test_bad_cypher_is_a_one_line_error(built_store: tuple[Path, Run]) -> None:
    assert_one_line_error(run_kg("query", "MATC (n) RETURN n", store=built_store[0]), "Cypher")
