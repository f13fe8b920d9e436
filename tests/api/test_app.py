"""The app around the resources: settings that fail fast, CORS, OpenAPI, JSON errors, the explorer,
and a store that went away (503, not a traceback)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.api import create_app, load_settings
from kg.errors import ConfigError
from kg.store import open_store
from tests.api.conftest import LiveServer, copy_store, serve, start_server


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KG_CYPHER_TIMEOUT", "-1"),
        ("KG_CYPHER_TIMEOUT", "soon"),
        ("KG_CYPHER_MAX_ROWS", "0"),
        ("KG_PAGE_MAX", "100000"),
        ("KG_API_TOKEN", "short"),
        ("KG_CORS_ORIGINS", "ftp://files.example"),
        ("KG_INGEST_MAX_BYTES", "12"),
    ],
)
def test_bad_settings_fail_fast_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=variable):
        load_settings(store="graph.lbug")


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_API_TOKEN", "  ")
    monkeypatch.setenv("KG_CORS_ORIGINS", "https://a.example, http://localhost:5173")
    monkeypatch.setenv("KG_CYPHER_MAX_ROWS", "50")
    settings = load_settings(store="graph.lbug")
    assert not settings.writes_enabled, "a blank token leaves writes off"
    assert settings.cors_origins == ["https://a.example", "http://localhost:5173"]
    assert settings.cypher_max_rows == 50
    assert "graph.lbug" in repr(settings) and "secret" not in repr(
        load_settings(api_token="x" * 16 + "secret")
    )


def test_openapi_and_docs(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/papers",
        "/papers/{paper_id}",
        "/papers/{paper_id}/shared-datasets",
        "/entities/{label}",
        "/entities/{label}/{name}",
        "/stats",
        "/search",
        "/graph/neighborhood",
        "/graph/overview",
        "/trends",
        "/cypher",
        "/ingest",
    } <= set(spec["paths"])
    assert spec["paths"]["/papers"]["get"]["responses"]["422"]["content"]["application/json"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/nope", 404), ("DELETE", "/papers", 405)])
def test_unknown_routes_answer_json(client: httpx.Client, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_explorer_is_served_at_the_root(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    if importlib.util.find_spec("viz.explorer") is not None:
        assert response.headers["content-type"].startswith("text/html")
    else:
        assert response.json()["docs"] == "/docs"


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    response = client.get("/stats", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


@pytest.fixture(scope="module")
def cors_server(api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("api-cors") / "graph.lbug")
    live = start_server(path, cors_origins="https://explorer.example")
    yield live
    live.stop()


def test_cors_allows_only_configured_origins(cors_server: LiveServer) -> None:
    with cors_server.client() as http:
        allowed = http.options(
            "/cypher", headers={"Origin": "https://explorer.example", "Access-Control-Request-Method": "POST"}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://explorer.example"
        other = http.get("/stats", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_a_store_that_went_away_is_503(api_sample_store: Path, tmp_path: Path) -> None:
    """The app is handed a store that is then closed: every read answers 503 with a message."""
    path = copy_store(api_sample_store, tmp_path / "graph.lbug")
    store = open_store(str(path), read_only=True)
    live = serve(create_app(load_settings(store=str(path)), store=store), path)
    try:
        store.close()
        with live.client() as http:
            for url in ("/stats", "/papers", "/search?q=sam"):
                response = http.get(url)
                assert response.status_code == 503, url
                assert "closed" in response.json()["detail"]
    finally:
        live.stop()
