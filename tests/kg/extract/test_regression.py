"""The dev set: extraction of the sample corpus scored against its hand-made gold annotations."""

from __future__ import annotations

from pathlib import Path

from kg.evaluate import evaluate, read_jsonl
from kg.model import Extraction

GOLD = Path(__file__).resolve().parents[2] / "data" / "eval" / "gold_seed.jsonl"
FLOOR = 0.90


def test_dev_set_macro_f1_stays_above_the_floor(sample_extractions: list[Extraction]) -> None:
    report = evaluate([e.to_jsonl_record() for e in sample_extractions], read_jsonl(GOLD))
    assert report.matched == report.total == 131
    per_type = {f.field: round(f.f1, 3) for f in report.fields}
    assert report.macro_f1 >= FLOOR, per_type
    assert min(per_type.values()) >= 0.8, per_type
