"""One search box over entities (names and aliases) and papers (titles and abstracts)."""

from __future__ import annotations

from kg.api.models import SearchHit
from kg.api.services.common import EntityLabel
from kg.api.services.papers import PaperFilters, matching_papers
from kg.schema import node_id
from kg.store import cypher
from kg.store.base import GraphStore


def search(store: GraphStore, text: str, *, limit: int) -> list[SearchHit]:
    """Entities first — exact name or alias, then prefix, then substring; most papers first within
    each — then papers whose title or abstract contains ``text``, newest first."""
    needle = text.strip().lower()
    if not needle:
        return []
    ranked: list[tuple[int, int, SearchHit]] = []
    for label in EntityLabel:
        rows = store.query(
            cypher.api_entities_page(label, text=True),
            {"text": needle, "limit": limit, "offset": 0},
            read_only=True,
        ).rows
        for name, aliases, papers in rows:
            hit = SearchHit(
                kind="entity",
                id=node_id(label, name),
                label=label,
                name=name,
                aliases=sorted(aliases or []),
                papers=papers,
            )
            ranked.append((_match_rank(needle, name, aliases or []), -papers, hit))
    ranked.sort(key=lambda item: (item[0], item[1], item[2].id))
    hits = [hit for _, _, hit in ranked][:limit]
    if len(hits) < limit:
        papers = matching_papers(store, PaperFilters(text=needle), limit=limit - len(hits))
        hits += [
            SearchHit(
                kind="paper",
                id=node_id("Paper", p.id),
                label="Paper",
                key=p.id,
                title=p.title,
                published=p.published,
            )
            for p in papers
        ]
    return hits


def _match_rank(needle: str, name: str, aliases: list[str]) -> int:
    """0 exact name, 1 exact alias, 2 name prefix, 3 alias prefix, 4 anything else."""
    lowered = [a.lower() for a in aliases]
    if name.lower() == needle:
        return 0
    if needle in lowered:
        return 1
    if name.lower().startswith(needle):
        return 2
    if any(a.startswith(needle) for a in lowered):
        return 3
    return 4
