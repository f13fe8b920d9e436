"""Papers per month for chosen entities (``kg trends``), counted from the store and drawn with matplotlib.

Entities are given as ``Label:name`` or as bare names (resolved by name or alias, any case).

>>> series = [TrendSeries(entity="Model:SAM", counts={"2025-08": 1, "2025-10": 2})]
>>> months_between(series)
['2025-08', '2025-09', '2025-10']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from kg.errors import MissingExtraError, NotFoundError
from kg.schema import parse_node_id
from kg.store import cypher
from kg.store.base import GraphStore
from viz.graph_view import find_entity


class TrendSeries(BaseModel):
    """One entity's papers per month (``YYYY-MM`` -> papers); undated papers are counted apart."""

    model_config = ConfigDict(extra="forbid")

    entity: str
    counts: dict[str, int]
    undated: int = 0


def resolve_entity(store: GraphStore, ref: str) -> str:
    """``Label:name`` for ``ref`` (``Model:SAM``, ``SAM`` or an alias such as ``Segment Anything``)."""
    parts = parse_node_id(ref.strip())
    found = find_entity(store, parts.key, [parts.label]) if parts else find_entity(store, ref)
    if found is None:
        raise NotFoundError(f"no entity {ref!r} in the graph (try Label:name, e.g. Model:SAM)")
    return found


def papers_per_month(store: GraphStore, entity: str) -> TrendSeries:
    """Distinct papers linked to ``entity`` (a ``Label:name`` id), per month of publication."""
    label, name = entity.split(":", 1)
    rows = store.query(cypher.viz_entity_papers(label), {"name": name}, read_only=True).rows
    months = Counter(str(published)[:7] for _pid, published in rows if published)
    undated = sum(1 for _pid, published in rows if not published)
    return TrendSeries(entity=entity, counts=dict(sorted(months.items())), undated=undated)


def trends(store: GraphStore, refs: Iterable[str]) -> list[TrendSeries]:
    return [papers_per_month(store, resolve_entity(store, ref)) for ref in refs]


def months_between(series: Sequence[TrendSeries]) -> list[str]:
    """Every month from the first to the last one seen, so quiet months show as zeros."""
    seen = sorted({month for s in series for month in s.counts})
    if not seen:
        return []
    year, month = (int(part) for part in seen[0].split("-"))
    months: list[str] = []
    while True:
        label = f"{year:04d}-{month:02d}"
        months.append(label)
        if label >= seen[-1]:
            return months
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def plot(series: Sequence[TrendSeries], output: Path, *, title: str = "Papers per month") -> Path:
    """Write a line chart (PNG, SVG or PDF by the file's suffix) with one line per entity."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display here, and never one in CI
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError as exc:  # pragma: no cover - the viz extra is installed in dev
        raise MissingExtraError("matplotlib", "viz") from exc
    months = months_between(series)
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=120)
    try:
        for s in series:
            undated = f", {s.undated} undated" if s.undated else ""
            counts = [s.counts.get(m, 0) for m in months]
            ax.plot(months, counts, marker="o", linewidth=2, markevery=[i for i, n in enumerate(counts) if n],
                    label=f"{s.entity} ({sum(s.counts.values())} papers{undated})")
        if not months:
            ax.text(0.5, 0.5, "no dated papers for these entities", ha="center", va="center",
                    transform=ax.transAxes)
        ax.set_title(title)
        ax.set_xlabel("month of publication")
        ax.set_ylabel("papers")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        if series:
            ax.legend(loc="upper left")
        step = max(1, len(months) // 12)
        ax.set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
        fig.tight_layout()
        fig.savefig(output)
    finally:
        plt.close(fig)
    return output
