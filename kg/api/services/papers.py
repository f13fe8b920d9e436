"""Papers: filtered pages, one paper with its evidence, and papers sharing its datasets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kg import queries
from kg.api.models import (
    DatedPaperRef,
    PaperDetail,
    PaperEntity,
    PaperPage,
    PaperRef,
    PaperSummary,
    SharedDatasets,
    SharedDatasetsResult,
)
from kg.api.services.common import is_node, is_relationship
from kg.api.services.entities import resolve_entity
from kg.model import ENTITY_LABELS
from kg.store import cypher
from kg.store.base import GraphStore


@dataclass(frozen=True)
class PaperFilters:
    """GET /papers filters; entity names may be aliases, text matches title or abstract."""

    model: str | None = None
    dataset: str | None = None
    modality: str | None = None
    task: str | None = None
    setting: str | None = None
    anatomy: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None

    def entities(self) -> list[tuple[str, str]]:
        """``(label, name)`` for each entity filter that is set."""
        pairs = [
            ("Model", self.model),
            ("Dataset", self.dataset),
            ("Modality", self.modality),
            ("Task", self.task),
            ("Setting", self.setting),
            ("Anatomy", self.anatomy),
        ]
        return [(label, value.strip()) for label, value in pairs if value and value.strip()]


def paper_page(store: GraphStore, filters: PaperFilters, *, limit: int, offset: int) -> PaperPage:
    """One page of the papers matching every filter, newest first, with their total."""
    query = _filtered(store, filters)
    if query is None:
        return PaperPage(total=0, limit=limit, offset=offset, items=[])
    where, params = query
    counted = store.query(cypher.api_papers_count(where), params, read_only=True).rows
    total = int(counted[0][0]) if counted else 0
    # never SKIP past the end: LadybugDB 0.22 crashes on ORDER BY … SKIP beyond the rows
    items = first_papers(store, where, params, limit=limit, offset=offset) if offset < total else []
    return PaperPage(total=total, limit=limit, offset=offset, items=items)


def matching_papers(store: GraphStore, filters: PaperFilters, *, limit: int) -> list[PaperSummary]:
    """The first ``limit`` papers matching every filter, newest first, without counting them all."""
    query = _filtered(store, filters)
    return first_papers(store, *query, limit=limit, offset=0) if query else []


def first_papers(
    store: GraphStore, where: str, params: dict[str, Any], *, limit: int, offset: int
) -> list[PaperSummary]:
    rows = store.query(
        cypher.api_papers_page(where), {**params, "limit": limit, "offset": offset}, read_only=True
    )
    return [PaperSummary(**row) for row in rows.records()]


def _filtered(store: GraphStore, filters: PaperFilters) -> tuple[str, dict[str, Any]] | None:
    """``MATCH … WHERE …`` and its parameters for ``filters``; None when an entity filter names
    nothing in the graph (then no paper can match)."""
    params: dict[str, Any] = {}
    labels: list[str] = []
    for label, wanted in filters.entities():
        found = resolve_entity(store, label, wanted)
        if found is None:
            return None
        params[f"f{len(labels)}"] = found[0]
        labels.append(label)
    if filters.since:
        params["since"] = filters.since.isoformat()
    if filters.until:
        params["until"] = filters.until.isoformat()
    text = (filters.text or "").strip().lower()
    if text:
        params["text"] = text
    where = cypher.api_paper_filter(
        tuple(labels), since=filters.since is not None, until=filters.until is not None, text=bool(text)
    )
    return where, params


def paper_detail(store: GraphStore, ref: str) -> PaperDetail:
    """The paper (node id, arXiv id, or arXiv id with ``vN``) with its entities and evidence."""
    paper = queries.find_paper(store, ref)
    node = store.query(cypher.API_PAPER, {"id": paper.id}, read_only=True).rows[0][0]
    props: dict[str, Any] = (
        dict(node["properties"]) if is_node(node) else {"id": paper.id, "title": paper.title}
    )
    links = store.query(cypher.API_PAPER_LINKS, {"id": paper.id}, read_only=True).rows
    entities: list[PaperEntity] = []
    venue: str | None = None
    for rel, end in links:
        if not (is_relationship(rel) and is_node(end)):
            continue
        if end["label"] == "Venue":
            venue = str(end["key"])
        elif end["label"] in ENTITY_LABELS:
            entities.append(_paper_entity(rel, end))
    order: dict[str, int] = {label: i for i, label in enumerate(ENTITY_LABELS)}
    entities.sort(key=lambda e: (order.get(e.label, len(order)), e.name.lower(), e.relationship))
    return PaperDetail(
        id=paper.id,
        arxiv_id=props.get("arxiv_id"),
        title=props.get("title") or paper.title,
        other_titles=list(props.get("other_titles") or []),
        abstract=props.get("abstract"),
        published=props.get("published"),
        url=props.get("url"),
        code_url=props.get("code_url"),
        comment=props.get("comment"),
        sources=list(props.get("sources") or []),
        venue=venue,
        entities=entities,
    )


def _paper_entity(rel: dict[str, Any], end: dict[str, Any]) -> PaperEntity:
    props = rel.get("properties") or {}
    return PaperEntity(
        label=end["label"],
        name=str(end["key"]),
        relationship=rel["type"],
        sentence=props.get("sentence"),
        start=props.get("char_start"),
        end=props.get("char_end"),
        field=props.get("field"),
        confidence=props.get("confidence"),
        mentions=list(props.get("mentions") or []),
    )


def shared_datasets(store: GraphStore, ref: str, *, limit: int, offset: int = 0) -> SharedDatasets:
    """Papers sharing at least one dataset with ``ref``, most shared first, with those datasets."""
    paper = queries.find_paper(store, ref)
    # the first offset + limit, sliced here: SKIP past the end crashes LadybugDB 0.22
    rows = store.query(
        cypher.API_SHARED_DATASETS, {"id": paper.id, "limit": offset + limit}, read_only=True
    ).rows
    rows = rows[offset:]
    results = [
        SharedDatasetsResult(
            paper=DatedPaperRef(id=pid, title=title, published=published),
            datasets=sorted(datasets),
            shared=shared,
        )
        for pid, title, published, datasets, shared in rows
    ]
    return SharedDatasets(paper=PaperRef(id=paper.id, title=paper.title), results=results)
