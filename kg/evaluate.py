"""Score extractions against a hand-annotated gold file: paper-level, alias-aware P/R/F1 per type.

The rules are exactly those of the evaluation's reference scorer (``tests/data/eval/score.py``) so
``kg eval`` prints the same table: names compare lowercased with non-alphanumerics removed; a
system entity matches a gold one when any of its names (canonical name, mentions) equals any of the
gold entity's names (canonical name, aliases), one-to-one, greedily; a ``proposed`` entity counts
toward ``proposed`` and, unless it is a Model, toward its own type too; macro-F1 averages the
per-type F1 scores.

>>> gold = [{"key": "p1", "title": "T", "models": ["SAM"], "aliases": {"SAM": ["Segment Anything"]}}]
>>> system = [{"id": "p1", "arxiv_id": "p1", "title": "T",
...            "entities": [{"type": "Model", "name": "Segment Anything", "mentions": [], "role": "used"}]}]
>>> report = evaluate(system, gold, fields=["models"])
>>> report.fields[0].f1, report.matched
(1.0, 1)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError

FIELDS = ["models", "proposed", "datasets", "modalities", "tasks", "settings", "anatomy", "metrics"]
TYPE_FIELD = {
    "model": "models",
    "dataset": "datasets",
    "modality": "modalities",
    "task": "tasks",
    "setting": "settings",
    "learningsetting": "settings",
    "anatomy": "anatomy",
    "metric": "metrics",
}

NameSets = list[set[str]]


def norm(text: object) -> str:
    """``"nnU-Net"`` -> ``"nnunet"``: the comparison key of a name."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def default_gold_path() -> Path:
    """The gold annotations of the bundled sample corpus, shipped with the package."""
    return Path(__file__).resolve().parent / "data" / "eval" / "gold_seed.jsonl"


@dataclass
class FieldScore:
    """Counts for one entity type; precision/recall follow the reference scorer's edge cases."""

    field: str
    tp: int = 0
    n_sys: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        if self.n_sys:
            return self.tp / self.n_sys
        return 1.0 if self.n_gold == 0 else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    fields: list[FieldScore]
    matched: int
    total: int
    errors: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(f.f1 for f in self.fields) / len(self.fields) if self.fields else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "fields": {
                f.field: {
                    "precision": round(f.precision, 3),
                    "recall": round(f.recall, 3),
                    "f1": round(f.f1, 3),
                    "tp": f.tp,
                    "sys": f.n_sys,
                    "gold": f.n_gold,
                }
                for f in self.fields
            },
            "macro_f1": round(self.macro_f1, 3),
            "papers_matched": self.matched,
            "papers": self.total,
        }


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSONL file; a bad line is a clear error naming file and line."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KGError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KGError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise KGError(f"{path}:{number}: expected a JSON object")
        records.append(record)
    return records


def _system_fields(record: dict[str, Any]) -> dict[str, NameSets]:
    per: dict[str, NameSets] = {k: [] for k in FIELDS}
    for entity in record.get("entities", []):
        kind = norm(entity.get("type", ""))
        names = {norm(entity.get("name", ""))}
        names |= {norm(m) for m in entity.get("mentions", []) or []}
        names |= {norm(a) for a in entity.get("aliases", []) or []}
        names.discard("")
        target = TYPE_FIELD.get(kind)
        if norm(entity.get("role", "")) == "proposed":
            per["proposed"].append(names)
            if target == "models":
                continue
        if target:
            per[target].append(names)
    return per


def system_index(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, NameSets]]:
    """System papers by arXiv id (without version) and by ``t:`` + normalised title."""
    index: dict[str, dict[str, NameSets]] = {}
    for record in records:
        per = _system_fields(record)
        arxiv = re.sub(r"v\d+$", "", record.get("arxiv_id") or "")
        if arxiv:
            index[arxiv] = per
        index["t:" + norm(record.get("title", ""))] = per
    return index


def _matches(system: NameSets, gold: NameSets) -> int:
    """Greedy one-to-one matching of name sets; the number of true positives."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, s in enumerate(system):
            if i not in used and s & g:
                used.add(i)
                tp += 1
                break
    return tp


def _errors(name: str, gold_names: list[str], gold: NameSets, system: NameSets, title: str) -> list[str]:
    out = [
        f"FN {name:10s} {x!r:30s} {title[:60]}"
        for x, g in zip(gold_names, gold, strict=True)
        if not any(g & s for s in system)
    ]
    out += [
        f"FP {name:10s} {sorted(s)[0]!r:30s} {title[:60]}" for s in system if not any(s & g for g in gold)
    ]
    return out


def evaluate(
    system: Iterable[dict[str, Any]],
    gold: Sequence[dict[str, Any]],
    *,
    fields: Sequence[str] = FIELDS,
    collect_errors: bool = False,
) -> EvalReport:
    """Score system records (``kg extract --format jsonl`` lines) against gold records."""
    index = system_index(system)
    totals = {f: FieldScore(f) for f in fields}
    matched = 0
    errors: list[str] = []
    for g in gold:
        per = index.get(g["key"]) or index.get("t:" + norm(g["title"]))
        if per is None:
            per = {k: [] for k in FIELDS}
        else:
            matched += 1
        aliases = g.get("aliases", {})
        for name in fields:
            gold_names = list(g.get(name, []))
            gold_sets = [{norm(x)} | {norm(y) for y in aliases.get(x, [])} for x in gold_names]
            sys_sets = per.get(name, [])
            score = totals[name]
            score.tp += _matches(sys_sets, gold_sets)
            score.n_sys += len(sys_sets)
            score.n_gold += len(gold_sets)
            if collect_errors:
                errors.extend(_errors(name, gold_names, gold_sets, sys_sets, g["title"]))
    return EvalReport(fields=[totals[f] for f in fields], matched=matched, total=len(gold), errors=errors)


def format_table(report: EvalReport, show_errors: int = 0) -> str:
    """The reference scorer's output, line for line."""
    lines = [f"{'field':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'sys':>5s} {'gold':>5s}"]
    for f in report.fields:
        lines.append(
            f"{f.field:12s} {f.precision:6.3f} {f.recall:6.3f} {f.f1:6.3f} {f.tp:5d} {f.n_sys:5d} "
            f"{f.n_gold:5d}"
        )
    if show_errors:
        lines.extend(report.errors[:show_errors])
    lines.append(f"macro-F1 {report.macro_f1:.3f} (papers matched {report.matched}/{report.total})")
    return "\n".join(lines)
