"""The explorer's router and its committed, prebuilt bundle (no Node.js or network at run time)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from viz.explorer import ASSETS, STATIC_DIR, router
from viz.style import load_style

FRONTEND = STATIC_DIR.parent / "frontend"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)
    with TestClient(app) as http:
        yield http


def test_page_links_only_its_own_assets(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    refs = re.findall(r"""(?:src|href)=["']([^"']+)""", response.text)
    assert set(refs) == {"data:,", "explorer/explorer.css", "explorer/explorer.js"}


@pytest.mark.parametrize("asset", sorted(ASSETS))
def test_assets_are_served_with_their_type(client: TestClient, asset: str) -> None:
    response = client.get(f"/explorer/{asset}")
    assert response.status_code == 200
    assert response.headers["content-type"] == ASSETS[asset]
    assert response.content == (STATIC_DIR / asset).read_bytes()


@pytest.mark.parametrize("path", ["/explorer/index.html", "/explorer/..%2F__init__.py", "/explorer/nope.js"])
def test_nothing_else_is_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_style_endpoint_is_the_style_file(client: TestClient) -> None:
    assert client.get("/explorer/style.json").json() == json.loads(load_style().model_dump_json())


def test_bundle_fetches_nothing_from_the_internet() -> None:
    bundle = (STATIC_DIR / "explorer.js").read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'`)]+", bundle))
    # Only the SVG namespace (an identifier, never fetched) and the arXiv links the panel shows.
    allowed = ("http://www.w3.org/2000/svg", "https://arxiv.org/abs/")
    assert all(u.startswith(allowed) for u in urls), urls


def test_licences_of_every_bundled_package_are_committed() -> None:
    licences = (STATIC_DIR / "THIRD_PARTY_LICENSES.txt").read_text(encoding="utf-8")
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    manifest = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    for name in manifest["devDependencies"]:
        if name == "esbuild":
            continue  # the build tool, not bundled
        version = lock["packages"][f"node_modules/{name}"]["version"]
        assert f"{name} {version} — MIT" in licences, f"{name} {version} missing from the licences"
    assert licences.count("Permission is hereby granted") >= 5


def test_built_page_matches_its_source() -> None:
    assert (STATIC_DIR / "index.html").read_text() == (FRONTEND / "index.html").read_text()


def test_bundle_was_rebuilt_from_the_current_sources() -> None:
    # After editing src/, run `npm ci && npm run build` in viz/explorer/frontend and commit static/.
    bundle = (STATIC_DIR / "explorer.js").read_text(encoding="utf-8")
    markers = ("kg-first-render", "explorer/style.json", "graph/neighborhood", "shared-datasets", "trends")
    for marker in markers:
        assert marker in bundle, f"{marker!r} is in src/ but not in the built bundle"
