"""Shared helpers for the loader tests: fixture folder and golden-file comparison.

A module of its own (not ``conftest``): every test folder has a ``conftest.py``, so
``from conftest import DATA`` gets whichever was imported last when several folders run together.

Golden files hold the expected papers and issues as JSON with each source path reduced to its
file name. Regenerate them (then review the diff!) with ``KG_UPDATE_GOLDEN=1 pytest tests/loaders``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kg.model import LoadResult

DATA = Path(__file__).resolve().parents[1] / "data" / "loaders"


def as_golden(result: LoadResult) -> dict[str, Any]:
    """``result`` as plain JSON with paths reduced to file names (golden files stay portable)."""
    papers = []
    for paper in result.papers:
        record = paper.model_dump(mode="json")
        for source in record["sources"]:
            source["path"] = Path(source["path"]).name
        papers.append(record)
    issues = [{**i.model_dump(mode="json"), "path": Path(i.path).name} for i in result.issues]
    return {"papers": papers, "issues": issues}


def check_golden(result: LoadResult, golden: Path) -> None:
    actual = as_golden(result)
    if os.environ.get("KG_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual["issues"] == expected["issues"]
    assert len(actual["papers"]) == len(expected["papers"])
    for got, want in zip(actual["papers"], expected["papers"], strict=True):
        assert got == want, f"paper {want['id']} differs from {golden.name}"
