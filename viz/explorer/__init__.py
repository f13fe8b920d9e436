"""The graph explorer served at ``/`` by ``kg serve``: a static page built only on the HTTP API.

The page and its assets are prebuilt (``viz/explorer/frontend`` -> ``viz/explorer/static``), so
serving it needs neither Node.js nor the network. ``router`` is included by the API app; it serves

- ``GET /`` — the page;
- ``GET /explorer/style.json`` — ``schema/style.yaml`` as JSON (colours, shapes, captions per label);
- ``GET /explorer/{asset}`` — the bundle, its stylesheet and the bundled packages' licences.

>>> from fastapi import FastAPI
>>> from fastapi.testclient import TestClient
>>> app = FastAPI()
>>> app.include_router(router)
>>> client = TestClient(app)
>>> client.get("/").headers["content-type"]
'text/html; charset=utf-8'
>>> client.get("/explorer/style.json").json()["labels"]["Model"]["shape"]
'diamond'
>>> client.get("/explorer/../pyproject.toml").status_code
404
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from viz.style import load_style

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: the only files served, with their media types (no directory listing, no path from the URL)
ASSETS: dict[str, str] = {
    "explorer.js": "text/javascript; charset=utf-8",
    "explorer.css": "text/css; charset=utf-8",
    "THIRD_PARTY_LICENSES.txt": "text/plain; charset=utf-8",
}

router = APIRouter(include_in_schema=False, tags=["explorer"])


@cache
def _page() -> str:
    return (STATIC_DIR / "index.html").read_text(encoding="utf-8")


@router.get("/", response_class=HTMLResponse)
def explorer_page() -> HTMLResponse:
    """The explorer page."""
    return HTMLResponse(_page(), headers={"Cache-Control": "no-cache"})


@router.get("/explorer/style.json")
def explorer_style() -> dict[str, Any]:
    """Colours, shapes and captions per label, from ``schema/style.yaml``."""
    return load_style().model_dump()


@router.get("/explorer/{asset}")
def explorer_asset(asset: str) -> FileResponse:
    """One of the prebuilt files in ``static/``."""
    media_type = ASSETS.get(asset)
    if media_type is None:
        raise HTTPException(status_code=404, detail=f"no explorer asset {asset!r}")
    return FileResponse(STATIC_DIR / asset, media_type=media_type, headers={"Cache-Control": "no-cache"})
