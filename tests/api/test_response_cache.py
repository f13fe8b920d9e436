"""GET answers are kept until the graph changes: an ingest shows at once, in GETs and in /cypher."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.api.response_cache import ResponseCache
from tests.api.conftest import TOKEN, LiveServer, copy_store, start_server

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAPER = {
    "id": "2602.99911",
    "arxiv_id": "2602.99911",
    "title": "A cached answer must not outlive the graph it came from",
    "abstract": "We segment the liver in CT with a U-Net trained on LiTS.",
    "published": "2026-02-02",
}


@pytest.fixture(scope="module")
def writer(api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("cache") / "graph.lbug")
    live = start_server(path, api_token=TOKEN)
    yield live
    live.stop()


def _cypher_papers(http: httpx.Client) -> int:
    answer = http.post("/cypher", json={"query": "MATCH (p:Paper) RETURN count(p) AS n"})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["rows"][0][0])


def test_an_ingest_clears_the_answers_and_refreshes_cypher(writer: LiveServer) -> None:
    with writer.client() as http:
        first = http.get("/stats")
        assert http.get("/stats").content == first.content
        papers = first.json()["nodes"]["Paper"]
        assert _cypher_papers(http) == papers
        assert http.get(f"/papers/{PAPER['id']}").status_code == 404
        response = http.post("/ingest", content=json.dumps(PAPER) + "\n", headers=AUTH)
        assert response.status_code == 200, response.text
        assert http.get("/stats").json()["nodes"]["Paper"] == papers + 1
        assert http.get(f"/papers/{PAPER['id']}").json()["title"] == PAPER["title"]
        deadline = time.monotonic() + 30  # /cypher workers reopen the store in the background
        while _cypher_papers(http) != papers + 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _cypher_papers(http) == papers + 1


def test_answers_are_the_same_with_the_cache_off(api: LiveServer, api_sample_store: Path,
                                                 tmp_path: Path) -> None:
    uncached = start_server(copy_store(api_sample_store, tmp_path / "graph.lbug"), response_cache_entries=0)
    try:
        with api.client() as cached_http, uncached.client() as plain_http:
            for path in ("/stats", "/papers?limit=5", "/entities/Model/SAM", "/search?q=ACDC"):
                fresh, plain = cached_http.get(path).json(), plain_http.get(path).json()
                assert fresh == plain == cached_http.get(path).json()
    finally:
        uncached.stop()


def test_a_clear_during_a_request_keeps_its_stale_answer_out() -> None:
    cache = ResponseCache(max_entries=2)
    before = cache.generation_marker()
    cache.clear()
    cache.put_if_current(before, b"/stats?", ([], b"old"))
    assert cache.get(b"/stats?") is None
    now = cache.generation_marker()
    for key in (b"/a?", b"/b?", b"/c?"):
        cache.put_if_current(now, key, ([], key))
    assert cache.get(b"/a?") is None and cache.get(b"/c?") == ([], b"/c?"), "least recently used goes first"
