"""``kg serve``: the HTTP API (and the explorer at "/") over either store, with uvicorn."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kg.cli._app import app
from kg.cli._common import StoreOption, err_console
from kg.errors import MissingExtraError


class LogLevel(StrEnum):
    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    store: StoreOption = None,
    log_level: Annotated[LogLevel, typer.Option("--log-level", help="Server log level.")] = LogLevel.info,
) -> None:
    """Serve the query API (OpenAPI at /docs). Settings come from KG_* variables: KG_API_TOKEN turns
    on POST /ingest, KG_CORS_ORIGINS allows browser origins, KG_CYPHER_TIMEOUT / KG_CYPHER_MAX_ROWS /
    KG_CYPHER_MEMORY_MB bound /cypher, which runs in KG_CYPHER_WORKERS worker processes.
    Without a token the store is opened read-only (a `kg build` may write it meanwhile;
    the server sees the graph as it was when it started); with one it is opened for writing, so other
    processes can only open it read-only while the server runs."""
    try:
        import uvicorn

        from kg.api.app import create_app, open_api_store
        from kg.api.settings import load_settings
    except ModuleNotFoundError as exc:
        raise MissingExtraError(exc.name or "fastapi", "api") from None
    settings = load_settings(**({"store": store} if store else {}))
    # opened before listening, so a missing or locked store is one clear error, not a failed startup
    graph_store = open_api_store(settings)
    mode = "read-write (POST /ingest on)" if settings.writes_enabled else "read-only"
    err_console.print(
        f"serving {settings.store} ({graph_store.backend}, {mode}) on http://{host}:{port}",
        highlight=False,
        soft_wrap=True,
    )
    try:
        uvicorn.run(create_app(settings, store=graph_store), host=host, port=port, log_level=log_level.value)
    finally:
        graph_store.close()
