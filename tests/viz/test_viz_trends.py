"""Papers per month per entity: counted from the store, resolved by alias, drawn as a PNG."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import NotFoundError
from kg.store import GraphStore
from viz.trends import TrendSeries, months_between, papers_per_month, plot, resolve_entity, trends

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, []),
        ({"2025-03": 1}, ["2025-03"]),
        ({"2024-11": 1, "2025-02": 3}, ["2024-11", "2024-12", "2025-01", "2025-02"]),
    ],
)
def test_months_between_fills_the_gaps(counts: dict[str, int], expected: list[str]) -> None:
    assert months_between([TrendSeries(entity="Model:X", counts=counts)]) == expected


@pytest.mark.parametrize(
    ("ref", "expected"),
    [("Model:SAM", "Model:SAM"), ("SAM", "Model:SAM"), ("Segment Anything Model", "Model:SAM"),
     ("u-net", "Model:U-Net")],
)
def test_entities_are_resolved_alias_aware(sample_graph: GraphStore, ref: str, expected: str) -> None:
    assert resolve_entity(sample_graph, ref) == expected


def test_unknown_entity_is_not_found(sample_graph: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="Label:name"):
        resolve_entity(sample_graph, "Model:Definitely Not A Model")


def test_counts_match_the_papers_in_the_graph(sample_graph: GraphStore) -> None:
    series = papers_per_month(sample_graph, "Model:SAM")
    rows = sample_graph.query(
        "MATCH (p:Paper)-[]->(m:Model {name: 'SAM'}) RETURN DISTINCT p.id, p.published"
    ).rows
    expected = Counter(published[:7] for _, published in rows if published)
    assert series.counts == dict(expected) and sum(expected.values()) > 5
    assert series.undated == sum(1 for _, published in rows if not published)
    assert list(series.counts) == sorted(series.counts)


def test_plot_writes_a_png(sample_graph: GraphStore, tmp_path: Path) -> None:
    output = plot(trends(sample_graph, ["SAM", "U-Net"]), tmp_path / "trends.png")
    assert output.read_bytes()[:8] == PNG_MAGIC and output.stat().st_size > 10_000


def test_plot_of_nothing_still_writes_a_chart(tmp_path: Path) -> None:
    output = plot([TrendSeries(entity="Model:X", counts={})], tmp_path / "empty.png")
    assert output.read_bytes()[:8] == PNG_MAGIC


def test_kg_trends_command(
    sample_store_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "trends.png"
    monkeypatch.setattr(sys, "argv", ["kg", "trends", "Model:SAM", "U-Net", "--output", str(output),
                                      "--store", str(sample_store_copy)])
    with pytest.raises(SystemExit) as stopped:
        main()
    out = " ".join(capsys.readouterr().out.split())
    assert (stopped.value.code or 0) == 0, out
    assert "Model:SAM: " in out and "Model:U-Net: " in out and f"wrote {output}" in out
    assert output.read_bytes()[:8] == PNG_MAGIC
