"""Embedded-store write and read times on synthetic graphs of 10k and 100k papers.

For each size, into a fresh LadybugDB store: the first write (empty store), an unchanged rewrite,
a rewrite with 1% of the papers changed (new title, one link dropped, the others re-scored), and
the time to fetch and normalise 5k and 50k result rows of ``p, r, e`` (nodes and relationships),
next to the raw fetch alone. The synthetic graphs come from :mod:`bench.api_bench`.

    .venv/bin/python bench/store_bench.py
    .venv/bin/python bench/store_bench.py --papers 10000 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_bench import synthetic_document

from kg.model import GraphDocument, Relationship
from kg.store.ladybug import LadybugStore

T = TypeVar("T")
ROWS_QUERY = "MATCH (p:Paper)-[r]->(e) RETURN p, r, e LIMIT $limit"


def timed(step: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def changed_document(doc: GraphDocument, share: float = 0.01) -> GraphDocument:
    """``doc`` with every 1/share-th paper revised: a new title, its first link dropped, the
    confidence of its other links changed."""
    step = max(1, round(1 / share))
    papers = [n.key for n in doc.nodes if n.label == "Paper"]
    revised = set(papers[::step])
    nodes = [
        n.model_copy(
            update={"properties": {**n.properties, "title": f"{n.properties.get('title')} (revised)"}}
        )
        if n.label == "Paper" and n.key in revised
        else n
        for n in doc.nodes
    ]
    rels: list[Relationship] = []
    dropped: set[str] = set()
    for rel in doc.relationships:
        key = rel.start.key
        if rel.start.label != "Paper" or key not in revised:
            rels.append(rel)
        elif key not in dropped:
            dropped.add(key)
        else:
            rels.append(rel.model_copy(update={"properties": {**rel.properties, "confidence": 0.42}}))
    return GraphDocument(nodes=nodes, relationships=rels)


def raw_fetch(store: LadybugStore, limit: int) -> float:
    """Seconds to run the rows query and pull its values, without normalising them."""
    conn = store._connection()
    started = time.perf_counter()
    result = conn.execute(ROWS_QUERY, {"limit": limit})
    while result.has_next():
        result.get_next()
    result.close()
    return time.perf_counter() - started


def measure(n_papers: int, folder: Path) -> dict[str, Any]:
    doc = synthetic_document(n_papers)
    changed = changed_document(doc)
    result: dict[str, Any] = {"papers": n_papers, "items": len(doc.nodes) + len(doc.relationships)}
    store = LadybugStore.open(str(folder / f"graph-{n_papers}.lbug"))
    try:
        store.ensure_schema()
        result["first_write_s"], _ = timed(lambda: store.upsert(doc))
        result["unchanged_rewrite_s"], _ = timed(lambda: store.upsert(doc))
        result["changed_1pct_rewrite_s"], _ = timed(lambda: store.upsert(changed))
        for limit in (5000, 50000):
            seconds, rows = timed(partial(store.query, ROWS_QUERY, {"limit": limit}, read_only=True))
            result[f"rows_{limit}"] = {
                "rows": len(rows.rows),
                "fetch_normalise_s": seconds,
                "raw_fetch_s": raw_fetch(store, limit),
            }
    finally:
        store.close()
    return result


def report(results: list[dict[str, Any]]) -> str:
    lines = []
    for res in results:
        lines.append(f"{res['papers']:,} papers ({res['items']:,} nodes+relationships)")
        lines.append(f"  first write            {res['first_write_s']:8.2f} s")
        lines.append(f"  unchanged rewrite      {res['unchanged_rewrite_s']:8.2f} s")
        lines.append(f"  1% changed rewrite     {res['changed_1pct_rewrite_s']:8.2f} s")
        for limit in (5000, 50000):
            rows = res[f"rows_{limit}"]
            lines.append(
                f"  fetch+normalise {rows['rows']:>6} rows {rows['fetch_normalise_s']:6.2f} s"
                f"   (raw fetch {rows['raw_fetch_s']:.2f} s)"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--papers", type=int, nargs="+", default=[10_000, 100_000], help="synthetic graph sizes (papers)"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-store-bench-") as tmp:
        results = [measure(n, Path(tmp)) for n in args.papers]
    print(json.dumps(results, indent=2) if args.json else report(results))


if __name__ == "__main__":
    main()
