"""50 clients of mixed reads for 60 s against `kg serve` on the sample graph: requests/s, p50/p95, errors.

The server runs as its own process (`kg serve`, as a user starts it), so the load generator does
not share its interpreter. Each client is one keep-alive HTTP/1.1 connection (asyncio streams,
no client library in the way) sending the next request as soon as the last one answered, drawn
from a mix of the API's reads: paper lists and details, shared datasets, entities, search,
stats, trends and a small ``POST /cypher``. The run is repeated while a second connection keeps
one ``/cypher`` query running for 10 s at a time (the server's timeout stops it), which must not
slow the other endpoints. The server keeps GET answers until the graph changes
(:mod:`kg.api.response_cache`): the first phase starts with an empty cache, and a last run with
the cache off shows what each answer costs the store. Targets (printed, not asserted): 0 errors,
>= 300 requests/s, p95 <= 150 ms.

    .venv/bin/python bench/api_load_bench.py                  # 50 clients, 60 s, both phases
    .venv/bin/python bench/api_load_bench.py --clients 20 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import pipeline
from kg.store import open_store

#: a read the engine cannot shortcut: 10^10 rows, computed until the server's timeout stops it
SLOW_CYPHER = ("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
               "WITH a + b AS s WHERE s % 7 = 3 RETURN count(*) AS n")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def build_sample(folder: Path) -> tuple[Path, list[str], list[str]]:
    """The sample graph in a fresh store, with paper ids and model names to ask for."""
    path = folder / "graph.lbug"
    with open_store(str(path)) as store:
        pipeline.build(pipeline.sample_listings(), store)
        papers = [r[0] for r in store.query("MATCH (p:Paper) RETURN p.id ORDER BY p.id").rows]
        models = [r[0] for r in store.query("MATCH (m:Model)<-[:USES]-() RETURN DISTINCT m.name").rows]
    return path, papers, models


def request_mix(papers: list[str], models: list[str], seed: int = 7) -> list[bytes]:
    """Raw HTTP/1.1 requests, in the proportions a browsing session makes them."""
    rng = random.Random(seed)
    gets = []
    for _ in range(400):
        paper, model = rng.choice(papers), rng.choice(models)
        gets += [f"/papers/{paper}", f"/papers/{paper}/shared-datasets", "/papers?limit=20",
                 f"/papers?model={model}&limit=10", f"/entities/Model/{model}", "/search?q=segmentation",
                 "/stats", "/trends?entity=Model:SAM"]
    out = [f"GET {path.replace(' ', '%20')} HTTP/1.1\r\nHost: bench\r\n\r\n".encode() for path in gets]
    body = json.dumps({"query": "MATCH (p:Paper)-[:USES]->(m:Model) RETURN m.name AS m, count(p) AS n "
                                "ORDER BY n DESC LIMIT 5"}).encode()
    cypher = (b"POST /cypher HTTP/1.1\r\nHost: bench\r\ncontent-type: application/json\r\n"
              b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    out += [cypher] * (len(out) // 20)  # one in twenty: /cypher is for power users
    rng.shuffle(out)
    return out


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request, read its whole answer, return the status."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return status


async def client(port: int, requests: list[bytes], start: int, until: float, tally: Tally) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = start
    while time.monotonic() < until:
        request = requests[i % len(requests)]
        i += 1
        began = time.perf_counter()
        try:
            status = await exchange(reader, writer, request)
        except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as exc:
            tally.error(type(exc).__name__)
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            continue
        tally.latencies.append(time.perf_counter() - began)
        if status != 200:
            tally.error(f"HTTP {status}")
    writer.close()


async def slow_cypher(port: int, until: float, answers: list[int]) -> None:
    body = json.dumps({"query": SLOW_CYPHER}).encode()
    request = (b"POST /cypher HTTP/1.1\r\nHost: bench\r\ncontent-type: application/json\r\n"
               b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < until:
        answers.append(await exchange(reader, writer, request))
    writer.close()


async def load(
    port: int, requests: list[bytes], clients: int, seconds: float, with_slow: bool
) -> dict[str, object]:
    tally, slow_answers = Tally(), []
    until = time.monotonic() + seconds
    tasks = [client(port, requests, i * 37, until, tally) for i in range(clients)]
    if with_slow:
        tasks.append(slow_cypher(port, until, slow_answers))
    began = time.monotonic()
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    ms = sorted(x * 1000 for x in tally.latencies)
    result: dict[str, object] = {
        "requests": len(ms),
        "requests_per_s": round(len(ms) / elapsed, 1),
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1) if ms else None,
        "errors": sum(tally.errors.values()),
        "error_kinds": tally.errors,
    }
    if with_slow:
        result["slow_cypher_answers"] = slow_answers  # 400: stopped by the 10 s timeout, as meant
    return result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def kg_serve(store: Path, *, cache: bool = True) -> Iterator[int]:
    port = _free_port()
    env = {**os.environ, "KG_CYPHER_TIMEOUT": "10", "KG_RESPONSE_CACHE_ENTRIES": "4096" if cache else "0"}
    kg = Path(sys.executable).with_name("kg")
    server = subprocess.Popen([str(kg), "serve", "--store", str(store), "--port", str(port),
                               "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("kg serve did not start") from None
                time.sleep(0.2)
        time.sleep(3)  # the /cypher workers start beside the server
        yield port
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store, papers, models = build_sample(Path(folder))
        requests = request_mix(papers, models)
        for cache in (True, False):
            with kg_serve(store, cache=cache) as port:
                # the first pass of the mix fills the answer cache; it is measured and printed too
                phases = [("cold start", False), ("mixed reads", False),
                          ("with a 10 s /cypher alongside", True)]
                for name, with_slow in phases if cache else phases[1:2]:
                    result = asyncio.run(load(port, requests, args.clients, args.seconds, with_slow))
                    print(json.dumps({"phase": name, "response_cache": cache, "clients": args.clients,
                                      "seconds": args.seconds, **result}), flush=True)


if __name__ == "__main__":
    main()
