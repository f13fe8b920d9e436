"""Papers per month for a few entities, for trend charts.

>>> months_between("2025-09", "2025-12")
['2025-09', '2025-10', '2025-11', '2025-12']
"""

from __future__ import annotations

import re
from collections import Counter

from kg.api.errors import BadParameter
from kg.api.models import MonthCount, Trends, TrendSeries
from kg.api.services.common import EntityLabel
from kg.api.services.entities import require_entity
from kg.schema import node_id, parse_node_id
from kg.store import cypher
from kg.store.base import GraphStore

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])")


def trends(store: GraphStore, entities: list[str], *, label: EntityLabel, top: int) -> Trends:
    """Monthly paper counts for ``entities`` ("Label:name", aliases welcome), or else for the
    ``top`` ``label`` entities with the most papers; months without papers count 0."""
    targets = (
        [_parse_entity(store, ref) for ref in entities]
        if entities
        else [
            (label.value, row[0])
            for row in store.query(cypher.api_top_entities(label), {"limit": top}, read_only=True).rows
        ]
    )
    per_entity: dict[str, Counter[str]] = {}
    for entity_label, name in dict.fromkeys(targets):
        rows = store.query(cypher.api_entity_dates(entity_label), {"name": name}, read_only=True).rows
        per_entity[node_id(entity_label, name)] = Counter(
            str(published)[:7] for _pid, published in rows if _MONTH.match(str(published or ""))
        )
    months = sorted({m for counts in per_entity.values() for m in counts})
    axis = months_between(months[0], months[-1]) if months else []
    return Trends(
        series=[
            TrendSeries(entity=entity, counts=[MonthCount(month=m, papers=counts.get(m, 0)) for m in axis])
            for entity, counts in per_entity.items()
        ]
    )


def _parse_entity(store: GraphStore, ref: str) -> tuple[str, str]:
    parsed = parse_node_id(ref)
    if parsed is None or parsed.label not in EntityLabel.__members__:
        labels = ", ".join(EntityLabel.__members__)
        raise BadParameter(f"entity {ref!r}: expected Label:name with a label among {labels}")
    return parsed.label, require_entity(store, parsed.label, parsed.key)[0]


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(out) < 12 * 200:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
