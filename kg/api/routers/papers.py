"""``/papers``: filtered pages, one paper with its evidence, papers sharing its datasets."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from kg.api.deps import SettingsDep, StoreDep
from kg.api.errors import ERROR_RESPONSES, BadParameter
from kg.api.models import PaperDetail, PaperPage, SharedDatasets
from kg.api.services import papers
from kg.api.settings import PAGE_LIMIT_MAX

router = APIRouter(prefix="/papers", tags=["papers"], responses=ERROR_RESPONSES)

Limit = Annotated[
    int, Query(ge=1, le=PAGE_LIMIT_MAX, description="Page size (clamped to the server's maximum).")
]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
EntityName = Annotated[str | None, Query(min_length=1, max_length=200)]
PaperId = Annotated[
    str, Path(min_length=1, max_length=200, description="Node id or arXiv id (vN tolerated).")
]


@router.get("", response_model=PaperPage, summary="Papers, filtered and paginated")
def list_papers(
    store: StoreDep,
    settings: SettingsDep,
    model: EntityName = None,
    dataset: EntityName = None,
    modality: EntityName = None,
    task: EntityName = None,
    setting: EntityName = None,
    anatomy: EntityName = None,
    since: Annotated[
        date | None, Query(alias="from", description="Published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        date | None, Query(alias="to", description="Published on or before (YYYY-MM-DD).")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the title or abstract.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> PaperPage:
    """Newest first. Entity filters take canonical names or aliases (``model=Segment Anything Model``)."""
    if since and until and since > until:
        raise BadParameter(f"from ({since}) is after to ({until})")
    filters = papers.PaperFilters(
        model=model,
        dataset=dataset,
        modality=modality,
        task=task,
        setting=setting,
        anatomy=anatomy,
        since=since,
        until=until,
        text=q,
    )
    return papers.paper_page(store, filters, limit=min(limit, settings.page_max), offset=offset)


@router.get("/{paper_id}", response_model=PaperDetail, summary="One paper with its entities and evidence")
def get_paper(store: StoreDep, paper_id: PaperId) -> PaperDetail:
    return papers.paper_detail(store, paper_id)


@router.get(
    "/{paper_id}/shared-datasets",
    response_model=SharedDatasets,
    summary="Papers sharing datasets with this one, most shared first",
)
def get_shared_datasets(
    store: StoreDep,
    settings: SettingsDep,
    paper_id: PaperId,
    limit: Limit = 20,
    offset: Annotated[int, Query(ge=0, le=10_000, description="Results to skip.")] = 0,
) -> SharedDatasets:
    """Each result lists the shared datasets: the paths that explain it."""
    return papers.shared_datasets(store, paper_id, limit=min(limit, settings.page_max), offset=offset)
