"""``/entities``: models, datasets, modalities… per label, and one entity (alias-aware)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kg.api.deps import SettingsDep, StoreDep
from kg.api.errors import ERROR_RESPONSES
from kg.api.models import EntityDetail, EntityPage
from kg.api.services import entities
from kg.api.services.common import EntityLabel
from kg.api.settings import PAGE_LIMIT_MAX

router = APIRouter(prefix="/entities", tags=["entities"], responses=ERROR_RESPONSES)


@router.get("/{label}", response_model=EntityPage, summary="Entities of one label, most papers first")
def list_entities(
    store: StoreDep,
    settings: SettingsDep,
    label: EntityLabel,
    q: Annotated[str | None, Query(max_length=200, description="Text in the name or an alias.")] = None,
    limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> EntityPage:
    return entities.entity_page(store, label, text=q, limit=min(limit, settings.page_max), offset=offset)


@router.get(
    "/{label}/{name:path}",
    response_model=EntityDetail,
    summary="One entity by canonical name or alias, with papers, co-occurring entities and family",
)
def get_entity(
    store: StoreDep,
    label: EntityLabel,
    name: Annotated[str, Path(min_length=1, max_length=300, description="Canonical name or an alias.")],
) -> EntityDetail:
    """``/entities/Model/Segment Anything Model`` answers with SAM."""
    return entities.entity_detail(store, label, name)
