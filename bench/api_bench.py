"""p50/p95 of ``GET /papers/{id}/shared-datasets`` over real HTTP, on the sample graph and on a
synthetic graph of 100k papers.

Each graph goes into a fresh embedded store (the sample through the build pipeline; the synthetic
one as a GraphDocument through the store's bulk upsert), the real app runs under uvicorn on a free
127.0.0.1 port, and every request is timed end to end with an httpx client (keep-alive). A few
other endpoints are timed too, with fewer requests, for comparison.

    .venv/bin/python bench/api_bench.py                      # sample + 100k papers
    .venv/bin/python bench/api_bench.py --papers 20000 --requests 500
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import uvicorn

from kg import pipeline
from kg.api import create_app, load_settings
from kg.graph import build_graph
from kg.model import EntityLabel, Evidence, ExtractedEntity, Extraction, GraphDocument, Paper, Source
from kg.store import open_store

MODALITIES = ["MRI", "CT", "ultrasound", "X-ray", "PET", "OCT", "histopathology", "endoscopy"]
TASKS = ["segmentation", "classification", "detection", "registration", "reconstruction", "report generation"]
ANATOMY = ["brain", "heart", "lung", "liver", "kidney", "prostate", "breast", "retina", "knee", "colon"]
SETTINGS = ["few-shot", "semi-supervised", "self-supervised", "federated", "zero-shot"]
METRICS = ["Dice", "HD95", "AUC", "accuracy", "F1", "IoU"]


def _popularity(n: int) -> list[float]:
    """Cumulative Zipf-like weights ``1/(rank + 10)``: a long tail under a flattened head, so the
    most used entity appears in a few percent of papers (as BraTS or U-Net do), not in half."""
    total, cumulative = 0.0, []
    for rank in range(n):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    return cumulative


def _pick(rng: random.Random, names: list[str], weights: list[float], k: int) -> list[str]:
    """``k`` distinct names drawn by popularity."""
    picked: set[str] = set()
    while len(picked) < min(k, len(names)):
        picked.update(rng.choices(names, cum_weights=weights, k=k - len(picked)))
    return sorted(picked)


def _mention(label: EntityLabel, name: str, sentence: str) -> ExtractedEntity:
    start = sentence.index(name)
    evidence = Evidence(
        sentence=sentence, start=start, end=start + len(name), extractor="synthetic-1", confidence=0.9
    )
    return ExtractedEntity(
        type=label,
        name=name,
        mentions=[name],
        confidence=0.9,
        evidence=[evidence],
    )


def synthetic_extractions(n_papers: int, *, seed: int = 11) -> Iterator[Extraction]:
    """Papers shaped like the real ones: a few models and datasets each (with hub entities), a
    modality, a task, an organ, sometimes a setting and metrics; every link with its sentence."""
    rng = random.Random(seed)
    models = [f"Net-{i}" for i in range(max(50, n_papers // 50))]
    datasets = [f"Dataset-{i}" for i in range(max(30, n_papers // 100))]
    model_weights, dataset_weights = _popularity(len(models)), _popularity(len(datasets))
    first_day = date(2023, 1, 1)
    for i in range(n_papers):
        published = first_day + timedelta(days=rng.randrange(3 * 365))
        arxiv_id = f"{published:%y%m}.{i:05d}" if i < 100_000 else f"{published:%y%m}.{i:06d}"
        used_models = _pick(rng, models, model_weights, rng.randint(1, 3))
        used_data = _pick(rng, datasets, dataset_weights, rng.randint(1, 3))
        modality, task, organ = rng.choice(MODALITIES), rng.choice(TASKS), rng.choice(ANATOMY)
        sentences = [
            f"We apply {' and '.join(used_models)} to {organ} {task} in {modality}.",
            f"Experiments on {', '.join(used_data)} show gains.",
        ]
        entities = [_mention("Model", m, sentences[0]) for m in used_models]
        entities += [_mention("Dataset", d, sentences[1]) for d in used_data]
        entities += [
            _mention("Modality", modality, sentences[0]),
            _mention("Task", task, sentences[0]),
            _mention("Anatomy", organ, sentences[0]),
        ]
        if rng.random() < 0.3:
            setting = rng.choice(SETTINGS)
            sentences.append(f"The method works {setting}.")
            entities.append(_mention("Setting", setting, sentences[-1]))
        if rng.random() < 0.5:
            metric = rng.choice(METRICS)
            sentences.append(f"We report {metric}.")
            entities.append(_mention("Metric", metric, sentences[-1]))
        paper = Paper(
            id=arxiv_id,
            arxiv_id=arxiv_id,
            title=f"Synthetic study {i}: {used_models[0]} for {task}",
            abstract=" ".join(sentences),
            published=published,
            url=f"https://arxiv.org/abs/{arxiv_id}",
            sources=[Source(path="synthetic", line=i + 1, format="jsonl")],
        )
        yield Extraction(paper=paper, entities=entities)


def synthetic_document(n_papers: int, *, seed: int = 11) -> GraphDocument:
    return build_graph(synthetic_extractions(n_papers, seed=seed))


@contextmanager
def serving(store_path: Path) -> Iterator[str]:
    """The real app over ``store_path`` under uvicorn on a free port; yields the base URL."""
    app = create_app(load_settings(store=str(store_path)))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def measure(base_url: str, paths: list[str], requests: int, *, seed: int = 5) -> tuple[float, float, int]:
    """p50 and p95 latency in ms of GET requests to paths drawn at random, and how many answered
    with a non-empty result list."""
    rng = random.Random(seed)
    timings: list[float] = []
    answered = 0
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for path in paths[:5]:  # warm-up: connection, prepared statements, caches
            client.get(path)
        for _ in range(requests):
            path = rng.choice(paths)
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            body = response.json()
            answered += any(body.get(key) for key in ("results", "items", "papers", "nodes", "entities"))
    cuts = statistics.quantiles(timings, n=100)
    return cuts[49], cuts[94], answered


def sample_refs(store_path: Path) -> tuple[list[str], list[str]]:
    """Ids of papers with a dataset, and dataset names by popularity."""
    with open_store(str(store_path), read_only=True) as store:
        papers = store.query("MATCH (p:Paper)-[:USES_DATASET]->(:Dataset) RETURN DISTINCT p.id").rows
        datasets = store.query(
            "MATCH (p:Paper)-[:USES_DATASET]->(d:Dataset) "
            "RETURN d.name, count(p) AS n ORDER BY n DESC, d.name LIMIT 50"
        ).rows
    return [row[0] for row in papers], [row[0] for row in datasets]


def bench_sample(folder: Path, requests: int) -> None:
    path = folder / "sample.lbug"
    started = time.perf_counter()
    with open_store(str(path)) as store:
        report = pipeline.build(pipeline.sample_listings(), store)
    print(f"sample graph: {report.papers} papers built in {time.perf_counter() - started:.1f}s")
    _report("sample", path, requests)


def bench_synthetic(folder: Path, n_papers: int, requests: int) -> None:
    path = folder / "synthetic.lbug"
    started = time.perf_counter()
    doc = synthetic_document(n_papers)
    generated = time.perf_counter() - started
    with open_store(str(path)) as store:
        store.ensure_schema()
        written = store.upsert(doc, batch_size=50_000)
    print(
        f"synthetic graph: {n_papers} papers, {written.nodes} nodes, {written.relationships} relationships "
        f"(generated in {generated:.1f}s, bulk upsert {time.perf_counter() - started - generated:.1f}s)"
    )
    _report(f"{n_papers // 1000}k papers", path, requests)


def _report(name: str, path: Path, requests: int) -> None:
    ids, datasets = sample_refs(path)
    endpoints = {
        "/papers/{id}/shared-datasets": [f"/papers/{pid}/shared-datasets?limit=20" for pid in ids],
        "/papers/{id}": [f"/papers/{pid}" for pid in ids],
        "/papers?dataset=": [f"/papers?dataset={quote(d)}&limit=20" for d in datasets],
        "/entities/Dataset/{name}": [f"/entities/Dataset/{quote(d)}" for d in datasets],
        "/search?q=": [f"/search?q={quote(d.lower())}" for d in datasets],
        "/graph/neighborhood": [f"/graph/neighborhood?node=Paper:{pid}&depth=2&limit=300" for pid in ids],
    }
    with serving(path) as base_url:
        for endpoint, paths in endpoints.items():
            main_one = endpoint == "/papers/{id}/shared-datasets"
            p50, p95, answered = measure(base_url, paths, requests if main_one else max(50, requests // 5))
            count = requests if main_one else max(50, requests // 5)
            print(
                f"GET {endpoint} on {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                f"({count} requests, {answered} with results)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=100_000, help="synthetic papers (0 skips)")
    parser.add_argument("--requests", type=int, default=1000, help="timed requests per graph")
    parser.add_argument("--skip-sample", action="store_true", help="only the synthetic graph")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-api-bench-") as tmp:
        if not args.skip_sample:
            bench_sample(Path(tmp), args.requests)
        if args.papers:
            bench_synthetic(Path(tmp), args.papers, args.requests)


if __name__ == "__main__":
    main()
