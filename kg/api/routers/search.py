"""``/search``: one box over entity names, aliases and paper text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kg.api.deps import SettingsDep, StoreDep
from kg.api.errors import ERROR_RESPONSES
from kg.api.models import SearchResults
from kg.api.services.search import search as run_search
from kg.api.settings import PAGE_LIMIT_MAX

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


@router.get(
    "/search",
    response_model=SearchResults,
    response_model_exclude_none=True,
    summary="Search entities and papers",
)
def search(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to look for.")],
    limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 20,
) -> SearchResults:
    """Entities first (exact name or alias before partial matches), then papers."""
    return SearchResults(query=q, results=run_search(store, q, limit=min(limit, settings.page_max)))
