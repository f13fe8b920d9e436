"""``POST /cypher``: read-only Cypher with parameters."""

from __future__ import annotations

from fastapi import APIRouter

from kg.api.deps import SettingsDep, StoreDep
from kg.api.errors import ERROR_RESPONSES
from kg.api.models import CypherRequest, CypherResult
from kg.api.services.cypher import run_cypher

router = APIRouter(tags=["cypher"], responses=ERROR_RESPONSES)


@router.post("/cypher", response_model=CypherResult, summary="Run one read-only Cypher query")
def cypher(request: CypherRequest, store: StoreDep, settings: SettingsDep) -> CypherResult:
    """Read-only, enforced by the store; writes, file/network access, procedure calls that change
    anything and several statements are refused with 400. Nodes and relationships come back as
    ``{"kind": "node", "label", "key", "properties"}`` and ``{"kind": "relationship", "type",
    "start", "end", "properties"}`` on every store. Rows are capped (``truncated`` says so) and
    the query has a timeout."""
    return run_cypher(store, request.query, request.params, settings)
