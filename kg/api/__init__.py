"""The HTTP query API (``kg serve``): REST resources, read-only Cypher, ingest behind a token.

Needs the ``api`` extra (FastAPI, uvicorn); ``create_app`` is imported lazily so that importing
this package without it names the extra to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import MissingExtraError

if TYPE_CHECKING:
    from kg.api.app import create_app as create_app
    from kg.api.settings import ApiSettings as ApiSettings
    from kg.api.settings import load_settings as load_settings

__all__ = ["ApiSettings", "create_app", "load_settings"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(name)
    try:
        from kg.api import app, settings
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in {"fastapi", "starlette", "uvicorn"}:
            raise MissingExtraError(exc.name.split(".")[0], "api") from None
        raise
    return {
        "create_app": app.create_app,
        "ApiSettings": settings.ApiSettings,
        "load_settings": settings.load_settings,
    }[name]
