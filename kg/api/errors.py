"""Project errors as HTTP answers: every error is ``{"detail": message}``, never a traceback.

=========================================  ======
error                                      status
=========================================  ======
NotFoundError                              404
ReadOnlyViolation, QueryError              400
WorkerBusy (every /cypher worker busy)     429
BadParameter, LoaderError, ConfigError,    422
request validation (FastAPI)
SchemaError                                400
MissingExtraError, StoreError (others)     503
=========================================  ======
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.api.cypher_pool import WorkerBusy
from kg.api.models import ErrorBody
from kg.errors import (
    ConfigError,
    KGError,
    LoaderError,
    MissingExtraError,
    NotFoundError,
    QueryError,
    SchemaError,
    StoreError,
)

log = logging.getLogger(__name__)


class BadParameter(KGError):
    """A request parameter is well-formed for HTTP but means nothing here (answered with 422)."""


#: most specific first: QueryError is a StoreError but the client's fault
STATUS_FOR: tuple[tuple[type[KGError], int], ...] = (
    (NotFoundError, 404),
    (QueryError, 400),
    (WorkerBusy, 429),
    (BadParameter, 422),
    (LoaderError, 422),
    (ConfigError, 422),
    (SchemaError, 400),
    (MissingExtraError, 503),
    (StoreError, 503),
)

#: OpenAPI description of the error answers every route may give
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Refused query or bad input"),
        (404, "No such paper or entity"),
        (422, "Invalid parameters"),
        (503, "The graph store is unavailable"),
    )
}


def status_for(exc: KGError) -> int:
    for error_type, status in STATUS_FOR:
        if isinstance(exc, error_type):
            return status
    return 400


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = " ".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Answer project errors, validation errors and HTTP errors as ``{"detail": message}``."""

    @app.exception_handler(KGError)
    async def _kg_error(_request: Request, exc: KGError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.warning("store unavailable: %s", exc)
        return JSONResponse({"detail": str(exc) or type(exc).__name__}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _describe_validation(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)
