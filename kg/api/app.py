"""The FastAPI application: ``create_app(settings)`` wires settings, the store, routers and errors.

>>> from kg.api.settings import load_settings
>>> app = create_app(load_settings(store="/nonexistent/graph.lbug"))
>>> sorted(p for p in app.openapi()["paths"] if p.startswith("/papers"))
['/papers', '/papers/{paper_id}', '/papers/{paper_id}/shared-datasets']
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from kg import __version__
from kg.api.access import GraphAccess
from kg.api.body_limit import BodyLimit
from kg.api.cypher_pool import CypherPool
from kg.api.errors import install_error_handlers
from kg.api.response_cache import CachedGets, ResponseCache
from kg.api.routers import ROUTERS
from kg.api.services.cypher import CypherRunner
from kg.api.settings import ApiSettings, load_settings
from kg.store import open_store
from kg.store.base import GraphStore

log = logging.getLogger(__name__)

EXPLORER_MODULE = "viz.explorer"

DESCRIPTION = """
The knowledge graph of medical-imaging research over HTTP: papers, models, datasets, modalities,
tasks, settings, anatomy and metrics, with the sentence behind every link.

Every error answers `{"detail": message}`. `POST /cypher` runs one statement of the read subset of
Cypher, re-serialised from its parse, in a worker process with a timeout and a memory limit.
`POST /ingest` needs `Authorization: Bearer <KG_API_TOKEN>` and is off when no token is set.
"""


def open_api_store(settings: ApiSettings) -> GraphStore:
    """The store the API serves: writable only when writes are on (``KG_API_TOKEN`` set), otherwise
    opened read-only, so nothing the API does can change the graph."""
    return open_store(settings.store, read_only=not settings.writes_enabled)


def create_app(settings: ApiSettings | None = None, *, store: GraphStore | None = None) -> FastAPI:
    """The API app. ``store`` is used as is (and left open) when given; otherwise the app opens
    ``settings.store`` when it starts and closes it when it stops."""
    settings = settings or load_settings()
    cache = ResponseCache(max_entries=settings.response_cache_entries)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        access = (
            GraphAccess(store, owned=False) if store else GraphAccess(open_api_store(settings), owned=True)
        )
        app.state.graph = access
        # /cypher workers open the store themselves, read-only, from its address
        pool = CypherPool(settings.store, size=settings.cypher_workers, memory_mb=settings.cypher_memory_mb)
        access.lock.after_write.extend((pool.refresh, cache.clear))
        app.state.cypher = CypherRunner(pool)
        try:
            yield
        finally:
            pool.close()
            access.close()

    # /docs and /redoc from files the package ships: the default pages fetch Swagger UI from a CDN
    app = FastAPIOffline(title="medimg-kg", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, exempt=("/ingest",))
    app.state.response_cache = cache
    if settings.response_cache_entries:
        app.add_middleware(CachedGets, cache=cache)
    for router in ROUTERS:
        app.include_router(router)
    app.add_api_route("/health", _health, methods=["GET"], tags=["stats"], summary="Liveness")
    if not _include_explorer(app):
        app.add_api_route("/", _index, methods=["GET"], include_in_schema=False)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def _health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


def _index() -> dict[str, str]:
    return {"name": "medimg-kg", "docs": "/docs", "openapi": "/openapi.json"}


def _include_explorer(app: FastAPI) -> bool:
    """Serve the explorer page at "/" when the ``viz.explorer`` module is there."""
    try:
        if importlib.util.find_spec(EXPLORER_MODULE) is None:
            return False
    except ModuleNotFoundError:
        return False
    router = getattr(importlib.import_module(EXPLORER_MODULE), "router", None)
    if not isinstance(router, APIRouter):
        log.warning("%s has no APIRouter named router; the explorer is not served", EXPLORER_MODULE)
        return False
    app.include_router(router)
    return True
