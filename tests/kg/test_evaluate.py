"""``kg eval`` and :mod:`kg.evaluate` print exactly what the reference scorer prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError
from kg.evaluate import default_gold_path, evaluate, format_table, read_jsonl
from kg.model import Extraction

EVAL_DATA = Path(__file__).resolve().parents[1] / "data" / "eval"
SCORER = EVAL_DATA / "score.py"
GOLD = EVAL_DATA / "gold_seed.jsonl"


def _scorer(system: Path, *extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(system), str(GOLD), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def system_file(sample_extractions: list[Extraction], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "system.jsonl"
    lines = (json.dumps(e.to_jsonl_record(), ensure_ascii=False) + "\n" for e in sample_extractions)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_kg_eval_prints_the_reference_scorers_table(system_file: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(system_file), "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert result.output == _scorer(system_file)


def test_kg_eval_errors_and_fields_match_too(system_file: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["eval", str(system_file), "--gold", str(GOLD), "--show-errors", "15", "--fields", "models,datasets"],
    )
    assert result.exit_code == 0, result.output
    assert result.output == _scorer(system_file, "--show-errors", "15", "--fields", "models,datasets")


def test_kg_eval_default_extracts_the_sample(system_file: Path) -> None:
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code == 0, result.output
    assert result.output == _scorer(system_file)


def test_shipped_gold_is_the_test_gold() -> None:
    assert default_gold_path().read_bytes() == GOLD.read_bytes()


def _paper(entities: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": "x", "arxiv_id": "2501.00001v2", "title": "T", "entities": entities}


def test_proposed_datasets_count_twice_and_proposed_models_once() -> None:
    gold = [
        {
            "key": "2501.00001",
            "title": "T",
            "proposed": ["XNet", "XSet"],
            "datasets": ["XSet"],
            "models": [],
            "aliases": {},
        }
    ]
    system = [
        _paper(
            [
                {"type": "Model", "name": "XNet", "role": "proposed"},
                {"type": "Dataset", "name": "XSet", "role": "proposed"},
            ]
        )
    ]
    report = evaluate(system, gold, fields=["models", "proposed", "datasets"])
    assert [(f.field, f.tp, f.n_sys, f.n_gold) for f in report.fields] == [
        ("models", 0, 0, 0),
        ("proposed", 2, 2, 2),
        ("datasets", 1, 1, 1),
    ]
    assert report.macro_f1 == 1.0


def test_aliases_and_mentions_match_one_to_one() -> None:
    gold = [{"key": "k", "title": "Some Title", "models": ["SAM", "SAM 2"], "aliases": {"SAM 2": ["SAM2"]}}]
    system = [
        {
            "title": "Some title!",
            "entities": [
                {"type": "Model", "name": "Segment Anything", "mentions": ["SAM"]},
                {"type": "Model", "name": "SAM-2", "mentions": []},
                {"type": "Model", "name": "SAM", "mentions": []},
            ],
        }
    ]
    report = evaluate(system, gold, fields=["models"], collect_errors=True)
    assert (report.fields[0].tp, report.fields[0].n_sys) == (2, 3)
    assert report.matched == 1
    # like the reference scorer, a duplicate that overlaps a gold entity lowers precision but is not
    # listed as an error line
    assert report.errors == []
    assert "models        0.667  1.000  0.800     2     3     2" in format_table(report, show_errors=5)


def test_unreadable_or_bad_files_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(KGError, match=r"bad\.jsonl:2"):
        read_jsonl(bad)
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0
