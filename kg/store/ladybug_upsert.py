"""The LadybugDB upsert: read what is stored, diff it against the document, write only the difference.

New nodes and relationships are bulk-loaded with ``COPY ... FROM $frame`` (a pandas DataFrame);
changed ones are updated and stale ones deleted with ``LOAD FROM $frame`` statements. Re-running
an unchanged build therefore writes nothing at all.

Everything a COPY could trip over is checked *before* the first write — duplicate keys, missing
endpoints, property types (:mod:`kg.store.document`) — because a COPY that fails inside a
transaction after another COPY succeeded leaves Ladybug 0.22's primary-key index pointing at
rolled-back rows (the store then fails every key lookup, even after reopening).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kg.errors import SchemaError
from kg.schema import Schema
from kg.store import cypher
from kg.store.document import ALIASES, CheckedDocument, Props, RelEnds, RelGroup, union_aliases

#: runs one statement with parameters and returns every row
Execute = Callable[[str, Mapping[str, Any]], list[list[Any]]]
#: past this many keys, reading a whole table and filtering here beats one index lookup per key
SCAN_ABOVE = 2000


def frame(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """A DataFrame of object columns, so Ladybug binds None, ints, floats and lists as they are."""
    return pd.DataFrame({name: pd.Series(list(values), dtype=object) for name, values in columns.items()})


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), max(size, 1)):
        yield items[start : start + size]


@dataclass
class WritePlan:
    """The difference between a document and the store, per label and relationship group."""

    new_nodes: dict[str, list[Props]] = field(default_factory=dict)
    changed_nodes: dict[str, list[Props]] = field(default_factory=dict)
    new_rels: dict[RelGroup, list[tuple[RelEnds, Props]]] = field(default_factory=dict)
    changed_rels: dict[RelGroup, list[tuple[RelEnds, Props]]] = field(default_factory=dict)
    stale_rels: dict[RelGroup, list[RelEnds]] = field(default_factory=dict)
    orphan_candidates: dict[str, set[str]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        parts: Iterable[Mapping[Any, Any]] = (self.new_nodes, self.changed_nodes, self.new_rels,
                                              self.changed_rels, self.stale_rels)
        return not any(rows for part in parts for rows in part.values())


class LadybugUpsert:
    """Plans and writes one document; the caller wraps :meth:`write` in a transaction."""

    def __init__(self, execute: Execute, schema: Schema, batch_size: int = 1000) -> None:
        self._run = execute
        self._schema = schema
        self._batch = batch_size

    # -- reading ---------------------------------------------------------------------------------

    def _stored_nodes(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        spec = self._schema.node(label)
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        names = list(spec.properties)
        scan = len(wanted) > SCAN_ABOVE
        statement = cypher.lb_nodes(label, spec.key, names, by_key=not scan)
        rows = self._run(statement, {} if scan else {"frame": frame({"_key": wanted})})
        at = names.index(spec.key)
        found = {row[at]: dict(zip(names, row, strict=True)) for row in rows}
        return {key: found[key] for key in wanted if key in found} if scan else found

    def _stored_rels(
        self, group: RelGroup, starts: Sequence[str], ends: Sequence[str] | None
    ) -> dict[RelEnds, Props]:
        """Stored relationships of ``group`` from ``starts`` (to ``ends`` pairwise, if given)."""
        if not starts:
            return {}
        rel_type, source, target = group
        src = (source, self._schema.node(source).key)
        dst = (target, self._schema.node(target).key)
        names = list(self._schema.relationship_properties(rel_type))
        columns: dict[str, Sequence[str]] = {"_src": sorted(set(starts))} if ends is None else {
            "_src": starts, "_dst": ends}
        scan = len(columns["_src"]) > SCAN_ABOVE
        match = "all" if scan else ("from" if ends is None else "between")
        statement = cypher.lb_relationships(rel_type, src, dst, names, match=match)
        rows = self._run(statement, {} if scan else {"frame": frame(columns)})
        found = {(row[0], row[1]): dict(zip(names, row[2:], strict=True)) for row in rows}
        if not scan:
            return found
        if ends is None:
            keep = set(starts)
            return {pair: props for pair, props in found.items() if pair[0] in keep}
        pairs = set(zip(starts, ends, strict=True))
        return {pair: props for pair, props in found.items() if pair in pairs}

    def _paper_groups(self) -> list[RelGroup]:
        """Every (type, Paper, target) group: the relationships a re-extracted paper replaces."""
        return [(rel.type, rel.source, target) for rel in self._schema.relationships.values()
                if rel.source == "Paper" for target in rel.targets]

    # -- planning --------------------------------------------------------------------------------

    def plan(self, doc: CheckedDocument) -> WritePlan:
        """Compare ``doc`` with the store; raises :class:`SchemaError` for dangling endpoints."""
        plan = WritePlan()
        stored = self._plan_nodes(doc, plan)
        self._check_endpoints(doc, stored)
        papers = doc.paper_keys()
        replaced = sorted(papers & set(stored.get("Paper", {})))
        groups = set(doc.relationships) | set(self._paper_groups())
        for group in sorted(groups):
            wanted = doc.relationships.get(group, {})
            current: dict[RelEnds, Props] = {}
            if group[1] == "Paper" and replaced:
                current.update(self._stored_rels(group, replaced, None))
            merged_only = [ends for ends in wanted if group[1] != "Paper" or ends[0] not in papers]
            if merged_only:
                starts, ends_ = zip(*merged_only, strict=True)
                current.update(self._stored_rels(group, starts, ends_))
            self._plan_group(group, wanted, current, papers, plan)
        for label, keys in plan.orphan_candidates.items():
            keys.difference_update(doc.nodes.get(label, {}))
        return plan

    def _plan_nodes(self, doc: CheckedDocument, plan: WritePlan) -> dict[str, dict[str, Props]]:
        endpoint_keys: dict[str, set[str]] = {}
        for (_, source, target), pairs in doc.relationships.items():
            for start, end in pairs:
                endpoint_keys.setdefault(source, set()).add(start)
                endpoint_keys.setdefault(target, set()).add(end)
        stored: dict[str, dict[str, Props]] = {}
        for label in self._schema.nodes:
            rows = doc.nodes.get(label, {})
            stored[label] = self._stored_nodes(label, set(rows) | endpoint_keys.get(label, set()))
            for key, row in rows.items():
                old = stored[label].get(key)
                if old is None:
                    plan.new_nodes.setdefault(label, []).append(row)
                    continue
                merged = dict(row)
                if ALIASES in merged:
                    merged[ALIASES] = union_aliases(old.get(ALIASES), row[ALIASES])
                if merged != old:
                    plan.changed_nodes.setdefault(label, []).append(merged)
        return stored

    def _check_endpoints(self, doc: CheckedDocument, stored: Mapping[str, Mapping[str, Props]]) -> None:
        for (rel_type, source, target), pairs in doc.relationships.items():
            for start, end in pairs:
                for label, key in ((source, start), (target, end)):
                    if key not in doc.nodes.get(label, {}) and key not in stored.get(label, {}):
                        raise SchemaError(
                            f"{rel_type} ({source} {start!r} -> {target} {end!r}): {label} {key!r} is "
                            "neither in the document nor in the store"
                        )

    def _plan_group(self, group: RelGroup, wanted: Mapping[RelEnds, Props], current: Mapping[RelEnds, Props],
                    papers: set[str], plan: WritePlan) -> None:
        for ends, props in wanted.items():
            old = current.get(ends)
            if old is None:
                plan.new_rels.setdefault(group, []).append((ends, props))
            elif old != props:
                plan.changed_rels.setdefault(group, []).append((ends, props))
        if group[1] != "Paper":
            return
        for ends in current:
            if ends[0] in papers and ends not in wanted:
                plan.stale_rels.setdefault(group, []).append(ends)
                plan.orphan_candidates.setdefault(group[2], set()).add(ends[1])

    # -- writing ---------------------------------------------------------------------------------

    def write(self, plan: WritePlan) -> None:
        """Apply ``plan``: deletes first, then updates, then bulk inserts, then orphan removal."""
        for group, ends_list in plan.stale_rels.items():
            statement = cypher.lb_delete_relationships(group[0], *self._ends(group))
            for chunk in _chunks(ends_list, self._batch):
                self._run(statement, {"frame": self._ends_frame(chunk)})
        for label, rows in plan.changed_nodes.items():
            self._update_nodes(label, rows)
        for group, items in plan.changed_rels.items():
            self._update_rels(group, items)
        for label, rows in plan.new_nodes.items():
            props = list(self._schema.node(label).properties)
            self._run(cypher.lb_copy_nodes(label), {"frame": frame({p: [r[p] for r in rows] for p in props})})
        for group, items in plan.new_rels.items():
            columns = self._rel_columns(group, items)
            self._run(cypher.lb_copy_relationships(*group), {"frame": frame(columns)})
        for label, keys in plan.orphan_candidates.items():
            if keys:
                spec = self._schema.node(label)
                self._run(cypher.lb_delete_orphans(label, spec.key), {"frame": frame({"_key": sorted(keys)})})

    def _ends(self, group: RelGroup) -> tuple[tuple[str, str], tuple[str, str]]:
        _, source, target = group
        return (source, self._schema.node(source).key), (target, self._schema.node(target).key)

    @staticmethod
    def _ends_frame(ends: Sequence[RelEnds]) -> pd.DataFrame:
        return frame({"_src": [s for s, _ in ends], "_dst": [e for _, e in ends]})

    def _rel_columns(self, group: RelGroup, items: Sequence[tuple[RelEnds, Props]]) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {
            "_src": [start for (start, _), _ in items],
            "_dst": [end for (_, end), _ in items],
        }
        for prop in self._schema.relationship_properties(group[0]):
            columns[f"p_{prop}"] = [props[prop] for _, props in items]
        return columns

    def _update_nodes(self, label: str, rows: Sequence[Props]) -> None:
        spec = self._schema.node(label)
        props = {p: t for p, t in spec.properties.items() if p != spec.key}
        if not props:
            return
        statement = cypher.lb_update_nodes(label, spec.key, props)
        for chunk in _chunks(rows, self._batch):
            columns = {"_key": [r[spec.key] for r in chunk]}
            columns.update({f"p_{p}": [r[p] for r in chunk] for p in props})
            self._run(statement, {"frame": frame(columns)})

    def _update_rels(self, group: RelGroup, items: Sequence[tuple[RelEnds, Props]]) -> None:
        props = self._schema.relationship_properties(group[0])
        if not props:
            return
        statement = cypher.lb_update_relationships(group[0], *self._ends(group), props)
        for chunk in _chunks(items, self._batch):
            self._run(statement, {"frame": frame(self._rel_columns(group, chunk))})
