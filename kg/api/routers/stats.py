"""``/stats``: counts per label and relationship type."""

from __future__ import annotations

from fastapi import APIRouter

from kg.api.deps import StoreDep
from kg.api.errors import ERROR_RESPONSES
from kg.api.models import Stats

router = APIRouter(tags=["stats"], responses=ERROR_RESPONSES)


@router.get("/stats", response_model=Stats, summary="Counts per node label and relationship type")
def stats(store: StoreDep) -> Stats:
    counts = store.stats()
    return Stats(nodes=counts.nodes, relationships=counts.relationships)
