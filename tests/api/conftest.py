"""Real HTTP against the real app: uvicorn on a free 127.0.0.1 port, over a real store built from
the sample corpus.

Two servers share the session: ``api`` has no token, so its store is opened read-only (the way
``kg serve`` runs by default); ``writer`` has a token, so its store is writable for ``/ingest``
while ``/cypher`` must still be read-only per query. Each serves its own copy of the sample store.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from kg import pipeline
from kg.api import create_app, load_settings
from kg.store import open_store

TOKEN = "test-token-0123456789abcdef"


@dataclass
class LiveServer:
    """One uvicorn server running the app in a background thread."""

    base_url: str
    store_path: Path
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=60, **kwargs)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def start_server(store_path: Path, **settings: Any) -> LiveServer:
    """Serve ``create_app`` over ``store_path`` with ``settings`` (see :class:`kg.api.ApiSettings`)."""
    return serve(create_app(load_settings(store=str(store_path), **settings)), store_path)


def serve(app: FastAPI, store_path: Path) -> LiveServer:
    """Run ``app`` under uvicorn on a socket bound to a free port (no race for the port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the API server did not start over {store_path}")
        time.sleep(0.02)
    return LiveServer(
        base_url=f"http://127.0.0.1:{port}", store_path=store_path, server=server, thread=thread
    )


def copy_store(source: Path, target: Path) -> Path:
    """Copy a LadybugDB store (its file and any write-ahead log beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for sibling in source.parent.glob(source.name + "*"):
        shutil.copy2(sibling, target.parent / (target.name + sibling.name[len(source.name) :]))
    return target


@pytest.fixture(scope="session")
def api_sample_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample graph: the shared session store when there is one, else built here."""
    try:
        shared = Path(request.getfixturevalue("sample_store_path"))
    except pytest.FixtureLookupError:
        built = tmp_path_factory.mktemp("api-sample") / "graph.lbug"
        with open_store(str(built)) as store:
            pipeline.build(pipeline.sample_listings(), store)
        return built
    return copy_store(shared, tmp_path_factory.mktemp("api-sample") / "graph.lbug")


@pytest.fixture(scope="session")
def api(api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A read-only server (no token) over a copy of the sample store."""
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("api-ro") / "graph.lbug")
    server = start_server(path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def writer(api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with an API token (writable store) over its own copy of the sample store."""
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("api-rw") / "graph.lbug")
    server = start_server(path, api_token=TOKEN)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def client(api: LiveServer) -> Iterator[httpx.Client]:
    with api.client() as http:
        yield http


@pytest.fixture(scope="session")
def writer_client(writer: LiveServer) -> Iterator[httpx.Client]:
    with writer.client() as http:
        yield http


def cypher_rows(http: httpx.Client, query: str, **params: Any) -> list[list[Any]]:
    """Rows of a read query through ``POST /cypher`` (failing the test on any error)."""
    response = http.post("/cypher", json={"query": query, "params": params})
    assert response.status_code == 200, response.text
    rows: list[list[Any]] = response.json()["rows"]
    return rows


@pytest.fixture(scope="session")
def rows(client: httpx.Client) -> Callable[..., list[list[Any]]]:
    """``rows(query, **params)``: read the sample graph through the read-only server's /cypher."""
    return lambda query, **params: cypher_rows(client, query, **params)
