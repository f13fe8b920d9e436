"""``kg schema`` prints what ``GET /schema`` answers; ``--apply`` makes an empty store with the schema."""

from __future__ import annotations

import json
from pathlib import Path

from kg_runner import run_kg

from kg.schema import load_schema
from tests.api.conftest import start_server


def test_kg_schema_and_the_api_answer_alike(tmp_path: Path) -> None:
    store = tmp_path / "graph.lbug"
    assert run_kg("schema", "--apply", store=store).code == 0
    printed = run_kg("schema", "--format", "json")
    assert printed.code == 0, printed.err
    server = start_server(store)
    try:
        with server.client() as http:
            answered = http.get("/schema")
    finally:
        server.stop()
    assert answered.status_code == 200
    assert json.loads(printed.out) == answered.json()
    labels = {entry["label"] for entry in answered.json()["labels"]}
    assert labels == set(load_schema().nodes)
    uses = next(r for r in answered.json()["relationships"] if r["type"] == "USES")
    assert uses["source"] == "Paper" and uses["targets"] == ["Model"] and "sentence" in uses["properties"]


def test_apply_creates_the_schema_and_loads_nothing(tmp_path: Path) -> None:
    store = tmp_path / "imported" / "graph.lbug"
    applied = run_kg("schema", "--apply", store=store)
    assert applied.code == 0, applied.err
    assert "nothing was loaded" in applied.err
    stats = run_kg("stats", "--format", "json", store=store).json()
    assert set(stats["nodes"]) == set(load_schema().nodes)
    assert sum(stats["nodes"].values()) == 0
    assert run_kg("schema", "--apply", store=store).code == 0, "applying twice changes nothing"


def test_table_output_names_every_relationship_type() -> None:
    printed = run_kg("schema")
    assert printed.code == 0
    for rel_type in load_schema().relationships:
        assert rel_type in printed.out
