"""``POST /cypher``: read-only Cypher with parameters."""

from __future__ import annotations

from fastapi import APIRouter

from kg.api.deps import CypherDep, SettingsDep
from kg.api.errors import ERROR_RESPONSES
from kg.api.models import CypherRequest, CypherResult, ErrorBody

router = APIRouter(
    tags=["cypher"],
    responses={**ERROR_RESPONSES, 429: {"model": ErrorBody, "description": "Every /cypher worker is busy"}},
)


@router.post("/cypher", response_model=CypherResult, summary="Run one read-only Cypher query")
async def cypher(request: CypherRequest, runner: CypherDep, settings: SettingsDep) -> CypherResult:
    """The read subset of Cypher only (MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY,
    SKIP, LIMIT, UNION, CASE, lists, maps and the functions listed in ``schema/cypher-read.yaml``);
    anything else — writes, file, network, settings or transaction clauses, several statements — is
    refused with 400 before it reaches the store. The query runs in a worker process with a
    timeout and a memory limit; one that exceeds them, or crashes the engine, is stopped and
    answered with 400. Nodes and relationships come back as ``{"kind": "node", "label", "key",
    "properties"}`` and ``{"kind": "relationship", "type", "start", "end", "properties"}`` on
    every store. Rows are capped (``truncated`` says so)."""
    return await runner.run(request.query, request.params, settings)
