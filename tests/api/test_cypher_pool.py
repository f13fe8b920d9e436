"""The /cypher worker pool: crashes, memory, time and busy workers end one query, never the server.

The pool is driven directly with statements the guard would refuse (the known LadybugDB SKIP
crash, a huge lpad), since the point is what happens when something gets past every check; and
through real HTTP, where a worker is killed mid-query and other endpoints must not wait for
/cypher.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.api.cypher_pool import CypherPool, WorkerBusy
from kg.errors import QueryError
from kg.store import open_store
from tests.api.conftest import LiveServer, copy_store, start_server

#: 10^10 rows, each computed (a bare count(*) of them is answered at once): about two minutes here
LONG_QUERY = (
    "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
    "WITH a + b AS s WHERE s % 7 = 3 RETURN count(*) AS n"
)
#: LadybugDB 0.22 segfaults on ORDER BY … SKIP far past the end (the guard refuses SKIP > 1000)
CRASH_QUERY = "UNWIND range(1, 10) AS x RETURN x ORDER BY x SKIP 20000 LIMIT 5"


@pytest.fixture(scope="module")
def store_path(api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_store(api_sample_store, tmp_path_factory.mktemp("pool") / "graph.lbug")


@pytest.fixture(scope="module")
def pool(store_path: Path) -> Iterator[CypherPool]:
    with CypherPool(str(store_path), size=1, memory_mb=400) as running:
        yield running


def _count(pool: CypherPool) -> int:
    rows = pool.run("MATCH (p:Paper) RETURN count(p) AS n", {}, max_rows=10, timeout=10).rows
    return int(rows[0][0])


def test_a_crash_ends_the_query_and_the_next_one_runs(pool: CypherPool) -> None:
    papers = _count(pool)
    with pytest.raises(QueryError, match=r"crashed the query engine.*SIGSEGV"):
        pool.run(CRASH_QUERY, {}, max_rows=10, timeout=10)
    assert _count(pool) == papers > 0


def test_memory_past_the_limit_stops_the_query(pool: CypherPool) -> None:
    with pytest.raises(QueryError, match="more than 400 MB"):
        pool.run("RETURN size(lpad('a', 1000000000, 'b')) AS n", {}, max_rows=10, timeout=60)
    assert _count(pool) > 0


def test_a_query_that_ignores_its_timeout_is_killed(store_path: Path) -> None:
    with CypherPool(str(store_path), size=1, memory_mb=8000) as roomy:
        started = time.monotonic()
        with pytest.raises(QueryError, match=r"longer than its 0\.2s timeout and was stopped"):
            roomy.run("RETURN size(lpad('a', 1000000000, 'b')) AS n", {}, max_rows=10, timeout=0.2)
        assert time.monotonic() - started < 10, "killed at the deadline, not when lpad finished"
        assert _count(roomy) > 0


def test_the_engine_timeout_answers_without_a_kill(pool: CypherPool) -> None:
    with pytest.raises(QueryError, match="timeout"):
        pool.run(LONG_QUERY, {}, max_rows=10, timeout=0.5)
    assert _count(pool) > 0


def test_a_busy_pool_says_so(store_path: Path) -> None:
    with CypherPool(str(store_path), size=1, memory_mb=1000) as single:
        errors: list[Exception] = []

        def long_query() -> None:
            try:
                single.run(LONG_QUERY, {}, max_rows=10, timeout=3)
            except QueryError as exc:
                errors.append(exc)

        runner = threading.Thread(target=long_query)
        runner.start()
        time.sleep(0.5)
        with pytest.raises(WorkerBusy, match="busy"):
            single.run("RETURN 1 AS one", {}, max_rows=10, timeout=5, wait=0.3)
        runner.join()
        assert errors and "timeout" in str(errors[0])


def test_refresh_shows_a_later_write(tmp_path: Path, api_sample_store: Path) -> None:
    path = copy_store(api_sample_store, tmp_path / "graph.lbug")
    with CypherPool(str(path), size=1, memory_mb=1000) as fresh:
        before = _count(fresh)
        with open_store(str(path)) as store:
            store.query("MATCH (p:Paper) WITH p ORDER BY p.id LIMIT 1 DETACH DELETE p")
        assert _count(fresh) == before, "a worker keeps the graph it opened"
        fresh.refresh()
        deadline = time.monotonic() + 30
        while _count(fresh) != before - 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _count(fresh) == before - 1


# -- through HTTP ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = copy_store(store_path, tmp_path_factory.mktemp("pool-api") / "graph.lbug")
    live = start_server(path, cypher_timeout=3, cypher_workers=2)
    yield live
    live.stop()


def _worker_pids(store: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kg.api.cypher_worker" in argv and str(store).encode() in argv:
            pids.append(int(entry.name))
    return pids


def _post(http: httpx.Client, query: str) -> httpx.Response:
    return http.post("/cypher", json={"query": query})


def test_a_killed_worker_answers_400_and_the_api_goes_on(server: LiveServer) -> None:
    with server.client() as http:
        assert _post(http, "RETURN 1 AS one").json()["rows"] == [[1]]
        answers: list[httpx.Response] = []
        runner = threading.Thread(target=lambda: answers.append(_post(http, LONG_QUERY)))
        runner.start()
        time.sleep(1.0)
        pids = _worker_pids(server.store_path)
        assert len(pids) == 2
        for pid in pids:
            os.kill(pid, signal.SIGSEGV)
        runner.join(30)
        assert answers[0].status_code == 400
        assert "crashed the query engine" in answers[0].json()["detail"]
        assert http.get("/stats").status_code == 200
        assert _post(http, "RETURN 2 AS two").json()["rows"] == [[2]]


def test_other_endpoints_do_not_wait_for_cypher(server: LiveServer) -> None:
    with server.client() as http, server.client() as other:
        finished: dict[str, float] = {}

        def slow() -> None:
            response = _post(http, LONG_QUERY)
            finished["cypher"] = time.monotonic()
            finished["status"] = response.status_code

        runner = threading.Thread(target=slow)
        runner.start()
        time.sleep(0.5)
        for path in ("/stats", "/papers?limit=5", "/search?q=SAM", "/health"):
            assert other.get(path).status_code == 200
        finished["others"] = time.monotonic()
        runner.join(30)
        assert finished["others"] < finished["cypher"], "the other endpoints answered while /cypher ran"
        assert finished["status"] == 400  # the 3 s timeout


def test_a_body_over_the_limit_is_413(server: LiveServer) -> None:
    with server.client() as http:
        response = http.post("/cypher", json={"query": "RETURN $x AS x", "params": {"x": "a" * 2_000_000}})
        assert response.status_code == 413
        assert "larger than" in response.json()["detail"]
