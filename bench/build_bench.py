"""The sample-corpus build time, step by step, against tokenising the same text with spaCy alone.

Steps, each the best of ``--repeat`` runs: load (read and merge both seed listings), extract (the
default extractor; its one-off set-up is reported apart), write (graph document + upsert into a
fresh embedded LadybugDB store) and, for information, an unchanged re-build's write. The baseline
is ``spacy.blank("en")`` tokenising every title and abstract; the ratio says how many times that
the whole build costs.

``--synthetic N`` also times writing a synthetic graph of N papers (five links each), the bulk
path a large build takes.

    .venv/bin/python bench/build_bench.py
    .venv/bin/python bench/build_bench.py --repeat 5 --synthetic 100000 --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import pipeline
from kg.model import GraphDocument, Node, NodeRef, Paper, Relationship
from kg.store.ladybug import LadybugStore

T = TypeVar("T")


def best_of(repeat: int, step: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs of ``step`` and its (last) result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def tokenise_baseline(papers: list[Paper], repeat: int) -> float:
    import spacy

    nlp = spacy.blank("en")
    texts = [f"{p.title}\n{p.abstract}" for p in papers]
    seconds, _ = best_of(repeat, lambda: sum(len(doc) for doc in nlp.pipe(texts)))
    return seconds


def write_fresh(doc: GraphDocument, folder: Path) -> tuple[float, float]:
    """Seconds to write ``doc`` into a new store, then to write it again unchanged."""
    path = folder / f"graph-{time.perf_counter_ns()}.lbug"
    with LadybugStore.open(str(path)) as store:
        started = time.perf_counter()
        store.ensure_schema()
        store.upsert(doc)
        first = time.perf_counter() - started
        started = time.perf_counter()
        store.upsert(doc)
        again = time.perf_counter() - started
    return first, again


def synthetic_document(n_papers: int) -> GraphDocument:
    """``n_papers`` papers, each linked to five of a few thousand skew-popular entities."""
    labels = {"Model": "USES", "Dataset": "USES_DATASET", "Modality": "HAS_MODALITY", "Task": "ADDRESSES",
              "Anatomy": "STUDIES"}
    pool = {label: [f"{label} {i}" for i in range(1000)] for label in labels}
    nodes = [Node(label=label, key=name, properties={"name": name, "aliases": []})
             for label, names in pool.items() for name in names]
    rels = []
    for i in range(n_papers):
        pid = f"{2500 + i // 100000}.{i % 100000:05d}"
        nodes.append(Node(label="Paper", key=pid, properties={"id": pid, "title": f"Synthetic paper {i}"}))
        for k, (label, rel_type) in enumerate(labels.items()):
            name = pool[label][(i * (k + 7)) % (1 + i % 1000)]
            rels.append(Relationship(type=rel_type, start=NodeRef(label="Paper", key=pid),
                                     end=NodeRef(label=label, key=name),
                                     properties={"sentence": f"uses {name}", "char_start": 5,
                                                 "char_end": 5 + len(name), "field": "abstract",
                                                 "extractor": "bench", "confidence": 0.9,
                                                 "mentions": [name]}))
    return GraphDocument(nodes=nodes, relationships=rels)


def measure(repeat: int, synthetic: int) -> dict[str, Any]:
    listings = pipeline.sample_listings()
    load_s, loaded = best_of(repeat, lambda: pipeline.load_listings(listings))
    papers = loaded.papers
    setup_started = time.perf_counter()
    from kg.extract import default_extractor

    default_extractor()
    setup_s = time.perf_counter() - setup_started
    extract_s, extractions = best_of(repeat, lambda: pipeline.extract(papers))
    graph_s, doc = best_of(repeat, lambda: pipeline.graph_for(extractions))
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        writes = [write_fresh(doc, Path(tmp)) for _ in range(repeat)]
        result: dict[str, Any] = {
            "papers": len(papers),
            "nodes": len(doc.nodes),
            "relationships": len(doc.relationships),
            "load_s": load_s,
            "extractor_setup_s": setup_s,
            "extract_s": extract_s,
            "graph_s": graph_s,
            "write_s": min(first for first, _ in writes),
            "rewrite_unchanged_s": min(again for _, again in writes),
        }
        if synthetic:
            big = synthetic_document(synthetic)
            first, again = write_fresh(big, Path(tmp))
            result["synthetic"] = {"papers": synthetic, "items": len(big.nodes) + len(big.relationships),
                                   "write_s": first, "rewrite_unchanged_s": again}
    result["total_s"] = load_s + extract_s + graph_s + result["write_s"]
    result["tokenise_s"] = tokenise_baseline(papers, repeat)
    result["ratio"] = result["total_s"] / result["tokenise_s"]
    result["ratio_with_setup"] = (result["total_s"] + setup_s) / result["tokenise_s"]
    return result


def report(result: dict[str, Any]) -> str:
    lines = [
        f"sample corpus: {result['papers']} papers -> {result['nodes']} nodes, "
        f"{result['relationships']} relationships",
        f"  load     {result['load_s']:8.3f} s",
        f"  extract  {result['extract_s']:8.3f} s   (+ {result['extractor_setup_s']:.3f} s set-up, once)",
        f"  graph    {result['graph_s']:8.3f} s",
        f"  write    {result['write_s']:8.3f} s   (unchanged again: {result['rewrite_unchanged_s']:.3f} s)",
        f"  total    {result['total_s']:8.3f} s",
        f"spaCy blank('en') tokenising titles+abstracts: {result['tokenise_s']:.3f} s",
        f"build / tokenise ratio: {result['ratio']:.1f}x "
        f"({result['ratio_with_setup']:.1f}x counting the extractor set-up)",
    ]
    if "synthetic" in result:
        syn = result["synthetic"]
        rate = syn["items"] / syn["write_s"]
        lines.append(f"synthetic write: {syn['papers']} papers, {syn['items']} items in "
                     f"{syn['write_s']:.2f} s ({rate:,.0f} items/s); unchanged again "
                     f"{syn['rewrite_unchanged_s']:.2f} s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the best is reported")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="also write N synthetic papers")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    result = measure(max(args.repeat, 1), args.synthetic)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
