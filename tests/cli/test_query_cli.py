"""``kg query`` for daily use: ids stay text, the query can come from stdin, errors say what to do."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from kg_runner import REPO, kg_command, run_kg

from kg import __version__


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "graph.lbug"
    assert run_kg("schema", "--apply", store=path).code == 0
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2401.10000", "2401.10000"), ("2506.08949v2", "2506.08949v2"), ("5", 5), ("1.5", 1.5),
     ("1.50", "1.50"), ('"7"', "7"), ("[1, 2]", [1, 2]), ("BraTS 2020", "BraTS 2020")],
)
def test_parameter_values(store: Path, value: str, expected: object) -> None:
    run = run_kg("query", "RETURN $x AS x", "--param", f"x={value}", "--format", "json", store=store)
    assert run.code == 0, run.err
    assert run.json() == [{"x": expected}]


def test_the_query_can_come_from_standard_input(store: Path) -> None:
    done = subprocess.run([*kg_command(), "query", "-", "--format", "json", "--store", str(store)],
                          input="RETURN 41 + 1 AS answer\n", capture_output=True, text=True, cwd=REPO,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert '"answer": 42' in done.stdout


def test_a_refused_write_names_the_flag(store: Path) -> None:
    run = run_kg("query", "CREATE (:Model {name: 'x'})", store=store)
    assert run.code == 1 and "--write" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize(("query", "hint"), [("MATCH (m:Modle) RETURN m", "did you mean Model"),
                                             ("MATCH ()-[r:USESS]->() RETURN r", "did you mean USES"),
                                             ("MATCH (z:Zebra) RETURN z", "labels: Paper")])
def test_an_unknown_label_suggests_the_schemas(store: Path, query: str, hint: str) -> None:
    run = run_kg("query", query, store=store)
    assert run.code == 1 and hint in run.err


def test_version() -> None:
    run = run_kg("--version")
    assert run.code == 0 and run.out.strip() == f"kg (medimg-kg) {__version__}"
