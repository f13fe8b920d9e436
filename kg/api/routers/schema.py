"""``/schema``: the graph's labels and relationship types, with their properties."""

from __future__ import annotations

from fastapi import APIRouter

from kg.api.errors import ERROR_RESPONSES
from kg.schema import SchemaSummary, load_schema

router = APIRouter(tags=["stats"], responses=ERROR_RESPONSES)


@router.get("/schema", response_model=SchemaSummary, summary="Labels and relationship types")
def schema() -> SchemaSummary:
    """The same on every store (``kg schema`` prints it too): what ``MATCH`` patterns can name,
    without ``CALL db.labels()``, which only Neo4j has."""
    return load_schema().summary()
