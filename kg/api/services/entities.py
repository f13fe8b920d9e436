"""Entities: alias-aware lookup, pages per label, and one entity with its papers and neighbours."""

from __future__ import annotations

from functools import cache

from kg.api.models import CooccurringEntity, EntityDetail, EntityPage, EntityPaper, EntitySummary
from kg.api.services.common import EntityLabel, is_node, is_relationship
from kg.errors import NotFoundError
from kg.schema import load_schema
from kg.store import cypher
from kg.store.base import GraphStore

#: papers and co-occurring entities listed on one entity's page, at most
DETAIL_LIMIT = 100


def resolve_entity(store: GraphStore, label: str, name: str) -> tuple[str, list[str]] | None:
    """The canonical name and aliases of the ``label`` entity a user means by ``name``.

    Tries the canonical name, then the aliases, then both ignoring case (see
    :func:`kg.store.cypher.api_entity_lookup`), then the names the extractor's vocabulary knows
    for it; ``None`` when nothing matches.
    """
    wanted = name.strip()
    for candidate in dict.fromkeys([wanted, *vocabulary_names(label, wanted)]):
        result = store.query(cypher.api_entity_lookup(label), {"name": candidate}, read_only=True)
        if result.rows:
            canonical, aliases, _rank = result.rows[0]
            return canonical, sorted(aliases or [])
    return None


def vocabulary_names(label: str, surface: str) -> list[str]:
    """Canonical names the extractor's vocabulary gives ``surface`` (any spelling, any case), so a
    name no paper happened to write (``Segment Anything Model``) still finds its entity (SAM).

    >>> vocabulary_names("Model", "segment anything model")
    ['SAM']
    """
    return sorted(_vocabulary_index().get((label, surface.strip().lower()), ()))


@cache
def _vocabulary_index() -> dict[tuple[str, str], frozenset[str]]:
    from kg.extract.vocab import default_vocabulary, spelling_variants

    index: dict[tuple[str, str], set[str]] = {}
    for term in default_vocabulary().terms:
        for form in (term.name, *term.aliases):
            for variant in spelling_variants(form):
                index.setdefault((term.label, variant.lower()), set()).add(term.name)
    return {key: frozenset(names) for key, names in index.items()}


def require_entity(store: GraphStore, label: str, name: str) -> tuple[str, list[str]]:
    found = resolve_entity(store, label, name)
    if found is None:
        raise NotFoundError(f"no {label} named {name!r} (canonical name or alias)")
    return found


def entity_page(
    store: GraphStore, label: EntityLabel, *, text: str | None, limit: int, offset: int
) -> EntityPage:
    """One page of ``label`` entities, most papers first; ``text`` filters by name or alias."""
    needle = (text or "").strip().lower()
    params: dict[str, object] = {"limit": limit, "offset": offset}
    if needle:
        params["text"] = needle
    counted = store.query(cypher.api_entities_count(label, text=bool(needle)), params, read_only=True).rows
    total = int(counted[0][0]) if counted else 0
    # never SKIP past the end: LadybugDB 0.22 crashes on ORDER BY … SKIP beyond the rows
    statement = cypher.api_entities_page(label, text=bool(needle))
    page = store.query(statement, params, read_only=True).rows if offset < total else []
    items = [
        EntitySummary(name=name, aliases=sorted(aliases or []), papers=papers)
        for name, aliases, papers in page
    ]
    return EntityPage(label=label, total=total, limit=limit, offset=offset, items=items)


def entity_detail(
    store: GraphStore, label: EntityLabel, name: str, *, limit: int = DETAIL_LIMIT
) -> EntityDetail:
    """The entity (found by name or alias) with its papers, co-occurring entities and family."""
    canonical, aliases = require_entity(store, label, name)
    params = {"name": canonical, "limit": limit}
    papers = [
        EntityPaper(
            id=pid,
            title=title,
            published=published,
            relationship=link["type"] if is_relationship(link) else "",
        )
        for pid, title, published, link in store.query(
            cypher.api_entity_papers(label), params, read_only=True
        ).rows
    ]
    total = store.query(cypher.api_entity_papers_count(label), params, read_only=True)
    variants, variant_of = _family(store, label, canonical)
    return EntityDetail(
        label=label,
        name=canonical,
        aliases=aliases,
        papers=papers,
        papers_total=total.rows[0][0] if total.rows else len(papers),
        cooccurring=_cooccurring(store, label, canonical, limit),
        variants=variants,
        variant_of=variant_of,
    )


def _cooccurring(store: GraphStore, label: str, name: str, limit: int) -> list[CooccurringEntity]:
    # extra rows: the entity itself may come back through a second link from the same paper, and
    # code repositories are left out
    rows = store.query(
        cypher.api_cooccurring(label), {"name": name, "limit": 2 * limit + 1}, read_only=True
    ).rows
    out = [
        CooccurringEntity(label=node["label"], name=str(node["key"]), papers=papers)
        for node, papers in rows
        if is_node(node)
        and node["label"] in EntityLabel.__members__
        and not (node["label"] == label and node["key"] == name)
    ]
    return out[:limit]


def _family(store: GraphStore, label: str, name: str) -> tuple[list[str], list[str]]:
    """Variants/versions of the entity, and what it is a variant/version of (VARIANT_OF, VERSION_OF)."""
    children: list[str] = []
    parents: list[str] = []
    for rel in load_schema().relationships.values():
        if rel.source != label or rel.targets != (label,):
            continue
        params = {"name": name}
        children += [
            row[0]
            for row in store.query(
                cypher.api_family(label, rel.type, children=True), params, read_only=True
            ).rows
        ]
        parents += [
            row[0]
            for row in store.query(
                cypher.api_family(label, rel.type, children=False), params, read_only=True
            ).rows
        ]
    return sorted(set(children)), sorted(set(parents))
