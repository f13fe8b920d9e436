"""``/trends``: papers per month for entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kg.api.deps import StoreDep
from kg.api.errors import ERROR_RESPONSES
from kg.api.models import Trends
from kg.api.services import trends as service
from kg.api.services.common import EntityLabel

router = APIRouter(tags=["trends"], responses=ERROR_RESPONSES)


@router.get("/trends", response_model=Trends, summary="Papers per month for some entities")
def trends(
    store: StoreDep,
    entity: Annotated[
        list[str] | None, Query(max_length=20, description="Label:name, repeatable (aliases work).")
    ] = None,
    label: Annotated[
        EntityLabel, Query(description="Without entity: the top entities of this label.")
    ] = EntityLabel.Model,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
) -> Trends:
    return service.trends(store, entity or [], label=label, top=top)
