"""``POST /ingest``: add papers from a listing; needs the API token."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from kg.api.deps import AccessDep, SettingsDep, TokenDep
from kg.api.errors import ERROR_RESPONSES, BadParameter
from kg.api.models import ErrorBody, IngestReport
from kg.api.services.ingest import prepare_ingest, write_ingest
from kg.api.settings import ApiSettings

router = APIRouter(
    tags=["ingest"],
    responses={
        **ERROR_RESPONSES,
        401: {"model": ErrorBody, "description": "No API token sent"},
        403: {"model": ErrorBody, "description": "Wrong token, or writes turned off on this server"},
        413: {"model": ErrorBody, "description": "Body too large"},
    },
)

_BODY = {
    "requestBody": {
        "required": True,
        "description": "A listing: arXiv daily Markdown table, Hugging Face daily page, or JSONL papers.",
        # any content type is read as text; JSONL (application/x-ndjson) too
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
}


@router.post(
    "/ingest",
    response_model=IngestReport,
    openapi_extra=_BODY,
    summary="Add the papers of a listing to the graph",
)
async def ingest(
    request: Request,
    _token: TokenDep,
    access: AccessDep,
    settings: SettingsDep,
    fmt: Annotated[
        str | None,
        Query(
            alias="format",
            pattern=r"^[a-z0-9-]{1,32}$",
            description="arxiv-md, hf-daily or jsonl; detected when left out.",
        ),
    ] = None,
    reference_date: Annotated[
        date | None, Query(description="Resolves year-less dates (YYYY-MM-DD).")
    ] = None,
) -> IngestReport:
    """Bad records are reported with their line and skipped; the good ones are written."""
    body = await _read_body(request, settings)
    # loading and extraction need no lock: reads go on until the write itself
    prepared = await run_in_threadpool(prepare_ingest, body, fmt=fmt, reference_date=reference_date)

    def write() -> IngestReport:
        # waiting for running reads blocks, so it happens in a worker thread, not the event loop
        with access.lock.writing():
            return write_ingest(access.store, prepared)

    return await run_in_threadpool(write)


async def _read_body(request: Request, settings: ApiSettings) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > settings.ingest_max_bytes:
            raise HTTPException(413, f"the body is larger than {settings.ingest_max_bytes} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise BadParameter("the body is empty: send a listing or JSONL papers")
    return body
