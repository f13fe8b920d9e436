"""Time to first interactive render of the explorer for 1k, 5k and 20k nodes in headless Chromium.

A synthetic graph (~3 edges per node, papers linked to entities with a few hubs, like the real
graph) is served to the real explorer page by a small app that mounts the explorer router and
answers ``/graph/overview`` and ``/stats``. For each size the page is opened in a fresh tab and we
report:

- ``first render``: from navigation start to the first frame sigma draws with the whole graph
  loaded (the page marks it ``kg-first-render``), i.e. when it answers the mouse;
- ``layout p50``: the median frame time over two seconds right after, while the camera zooms and
  ForceAtlas2 still runs in its worker;
- ``settled p50/p95``: frame times of the same zoom once the layout has stopped — what panning and
  zooming a big view costs.

Headless Chromium here has no GPU: WebGL runs on SwiftShader, on the CPU, so frame times are far
above what a desktop with a graphics card shows; the first render is the comparable number. The
first row (a two-node view) is the floor: what a frame of the page costs with nothing to draw.

    .venv/bin/python bench/viz_bench.py            # 1000 5000 20000
    .venv/bin/python bench/viz_bench.py 20000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi import FastAPI, Query
from fastapi.responses import Response

from viz.explorer import router as explorer_router
from viz.headless import browser_context, chromium_available, serve

ENTITY_LABELS = ["Model", "Dataset", "Modality", "Task", "Anatomy", "Metric", "Setting"]
RELATIONSHIP = {"Model": "USES", "Dataset": "USES_DATASET", "Modality": "HAS_MODALITY", "Task": "ADDRESSES",
                "Anatomy": "STUDIES", "Metric": "REPORTS", "Setting": "IN_SETTING"}


@cache
def synthetic_graph(n_nodes: int, edges_per_node: int = 3, seed: int = 7) -> bytes:
    """``n_nodes`` nodes (70% papers) and ~``edges_per_node`` edges per node, as overview JSON."""
    rng = random.Random(seed)
    n_papers = max(1, int(n_nodes * 0.7))
    nodes: list[dict[str, Any]] = []
    for i in range(n_papers):
        month = 1 + i % 12
        nodes.append({"id": f"Paper:{i}", "label": "Paper", "key": str(i), "caption": f"Paper {i}",
                      "properties": {"title": f"Synthetic paper {i}", "published": f"2025-{month:02d}-01"}})
    entities = []
    for j in range(max(1, n_nodes - n_papers)):
        label = ENTITY_LABELS[j % len(ENTITY_LABELS)]
        entities.append((label, f"{label} {j}"))
        nodes.append({"id": f"{label}:{label} {j}", "label": label, "key": f"{label} {j}",
                      "caption": f"{label} {j}", "properties": {"name": f"{label} {j}"}})
    # Skewed popularity: a few entities are hubs, as MRI or SAM are in the real graph.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(entities))]
    edges: dict[str, dict[str, Any]] = {}
    target = min(n_nodes * edges_per_node, n_papers * len(entities))
    while len(edges) < target:
        paper = rng.randrange(n_papers)
        label, name = rng.choices(entities, weights)[0]
        rel = RELATIONSHIP[label]
        eid = f"Paper:{paper}-{rel}->{label}:{name}"
        edges[eid] = {"id": eid, "source": f"Paper:{paper}", "target": f"{label}:{name}", "type": rel,
                      "properties": {"sentence": f"Paper {paper} uses {name}."}}
    return json.dumps({"nodes": nodes, "edges": list(edges.values()), "truncated": False}).encode()


def bench_app() -> FastAPI:
    app = FastAPI()
    app.include_router(explorer_router)

    @app.get("/graph/overview")
    def overview(limit: int = Query(1000, ge=1, le=100_000)) -> Response:
        return Response(synthetic_graph(limit), media_type="application/json")

    @app.get("/stats")
    def stats() -> dict[str, Any]:
        return {"nodes": {}, "relationships": {}}

    return app


FRAME_PROBE = """
async () => {
  const view = window.kgExplorer.view;
  const camera = view.sigma.getCamera();
  const times = [];
  let last = performance.now();
  const started = last;
  camera.animate({ratio: 0.5}, {duration: 1800});
  await new Promise((resolve) => {
    const tick = (now) => {
      times.push(now - last);
      last = now;
      if (now - started < 2000) requestAnimationFrame(tick); else resolve();
    };
    requestAnimationFrame(tick);
  });
  return times;
}
"""


def measure(base_url: str, n_nodes: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, browser_context(playwright) as context:
        page = context.new_page()
        synthetic_graph(n_nodes)  # built before the clock starts: we time the page, not the generator
        page.goto(f"{base_url}/?limit={n_nodes}")
        page.wait_for_function("window.kgExplorer && window.kgExplorer.ready !== null", timeout=120_000)
        ready = page.evaluate("window.kgExplorer.ready")
        drawn = page.evaluate("[window.kgExplorer.nodes, window.kgExplorer.edges]")
        during = sorted(page.evaluate(FRAME_PROBE))
        page.evaluate("window.kgExplorer.view.stopLayout()")
        page.evaluate("window.kgExplorer.view.sigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1})")
        settled = sorted(page.evaluate(FRAME_PROBE))
    return {
        "nodes": drawn[0],
        "edges": drawn[1],
        "first_render_ms": ready,
        "layout_p50_ms": statistics.median(during),
        "settled_p50_ms": statistics.median(settled),
        "settled_p95_ms": settled[int(0.95 * (len(settled) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=1, help="runs per size; the median is printed")
    args = parser.parse_args()
    if not chromium_available():
        sys.exit("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    print(f"{'nodes':>7} {'edges':>7} {'first render':>13} {'layout p50':>11} {'settled p50':>12} "
          f"{'settled p95':>12}")
    with serve(bench_app()) as base_url:
        for size in [2, *args.sizes]:
            runs = [measure(base_url, size) for _ in range(args.runs)]
            pick = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            print(f"{int(pick['nodes']):>7} {int(pick['edges']):>7} {pick['first_render_ms']:>10.0f} ms "
                  f"{pick['layout_p50_ms']:>8.1f} ms {pick['settled_p50_ms']:>9.1f} ms "
                  f"{pick['settled_p95_ms']:>9.1f} ms", flush=True)


if __name__ == "__main__":
    main()
