"""The LadybugDB upsert: read what is stored, diff it against the document, write only the difference.

New nodes and relationships are bulk-loaded with ``COPY ... FROM $frame`` (a pandas DataFrame);
changed ones are updated and stale ones deleted with ``LOAD FROM $frame`` statements. Re-running
an unchanged build therefore writes nothing at all.

Reading for the diff is sized to the document: an empty table is not read at all (a first build
only counts rows), a few thousand keys are looked up by key, and past that whole tables are read
column by column through pandas and compared as dicts of tuples, in C where possible.

Everything a COPY could trip over is checked *before* the first write — duplicate keys, missing
endpoints, property types (:mod:`kg.store.document`) — because a COPY that fails inside a
transaction after another COPY succeeded leaves Ladybug 0.22's primary-key index pointing at
rolled-back rows (the store then fails every key lookup, even after reopening).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import pandas as pd

from kg.errors import SchemaError
from kg.schema import Schema
from kg.store import cypher
from kg.store.document import ALIASES, CheckedDocument, Props, RelEnds, RelGroup, union_aliases

#: runs one statement with parameters and returns every row
Execute = Callable[[str, Mapping[str, Any]], list[list[Any]]]
#: runs one statement and returns its columns, given the schema type of each (a faster path for
#: reading whole tables)
Scan = Callable[[str, Sequence[str]], list[list[Any]]]
#: past this many keys, reading a whole table and filtering here beats one index lookup per key
SCAN_ABOVE = 2000


def frame(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """A DataFrame of object columns, so Ladybug binds None, ints, floats and lists as they are."""
    return pd.DataFrame({name: pd.Series(list(values), dtype=object) for name, values in columns.items()})


def scan_by_rows(execute: Execute) -> Scan:
    """A :data:`Scan` that transposes the rows ``execute`` returns."""

    def scan(statement: str, types: Sequence[str]) -> list[list[Any]]:
        rows = execute(statement, {})
        return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in types]

    return scan


_gc_lock = threading.Lock()
_gc_pauses = 0  # sections inside gc_paused right now, over all threads
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: a large upsert or result allocates millions of small
    dicts and tuples (none of them cyclic), and every full collection would walk them all again.
    Collection resumes, if it was on, when the last paused section of any thread ends."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


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
    """Plans and writes one document; the caller wraps :meth:`write` in a transaction.

    ``scan`` reads whole tables column by column (the store passes one built on pandas); it
    defaults to transposing the rows ``execute`` returns.
    """

    def __init__(self, execute: Execute, schema: Schema, batch_size: int = 1000,
                 scan: Scan | None = None) -> None:
        self._run = execute
        self._scan = scan or scan_by_rows(execute)
        self._schema = schema
        self._batch = batch_size
        self._counts: dict[str, int] = {}

    # -- reading ---------------------------------------------------------------------------------

    def _is_empty(self, table: str) -> bool:
        """Whether ``table`` holds no rows yet: an empty table needs no diff at all."""
        if table not in self._counts:
            statement = (cypher.lb_count_nodes(table) if table in self._schema.nodes
                         else cypher.lb_count_relationships(table))
            self._counts[table] = int(self._run(statement, {})[0][0])
        return self._counts[table] == 0

    def _stored_nodes(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        spec = self._schema.node(label)
        wanted = set(keys)
        if not wanted or self._is_empty(label):
            return {}
        names = list(spec.properties)
        at = names.index(spec.key)
        if len(wanted) <= SCAN_ABOVE:
            statement = cypher.lb_nodes(label, spec.key, names, by_key=True)
            rows = self._run(statement, {"frame": frame({"_key": sorted(wanted)})})
            return {row[at]: dict(zip(names, row, strict=True)) for row in rows}
        statement = cypher.lb_nodes(label, spec.key, names, by_key=False)
        columns = self._scan(statement, list(spec.properties.values()))
        return {values[at]: dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)
                if values[at] in wanted}

    def _stored_rels(
        self, group: RelGroup, starts: Sequence[str], ends: Sequence[str] | None
    ) -> dict[RelEnds, tuple[Any, ...]]:
        """Stored relationships of ``group`` from ``starts`` (to ``ends`` pairwise, if given): their
        property values in schema order, by (start key, end key)."""
        rel_type, source, target = group
        if not starts or self._is_empty(rel_type):
            return {}
        src = (source, self._schema.node(source).key)
        dst = (target, self._schema.node(target).key)
        props = self._schema.relationship_properties(rel_type)
        names = list(props)
        if len(starts) <= SCAN_ABOVE:
            columns: dict[str, Sequence[str]] = {"_src": sorted(set(starts))} if ends is None else {
                "_src": starts, "_dst": ends}
            match = "from" if ends is None else "between"
            statement = cypher.lb_relationships(rel_type, src, dst, names, match=match)
            rows = self._run(statement, {"frame": frame(columns)})
            return {(row[0], row[1]): tuple(row[2:]) for row in rows}
        statement = cypher.lb_relationships(rel_type, src, dst, names, match="all")
        stored_src, stored_dst, *values = self._scan(statement, ["STRING", "STRING", *props.values()])
        pairs = zip(stored_src, stored_dst, strict=True)
        found = dict(zip(pairs, zip(*values, strict=True), strict=True) if values else
                     ((pair, ()) for pair in pairs))
        if ends is None:
            keep = set(starts)
            if keep.issuperset(stored_src):
                return found
            return {pair: row for pair, row in found.items() if pair[0] in keep}
        wanted = set(zip(starts, ends, strict=True))
        return {pair: row for pair, row in found.items() if pair in wanted}

    def _paper_groups(self) -> list[RelGroup]:
        """Every (type, Paper, target) group: the relationships a re-extracted paper replaces."""
        return [(rel.type, rel.source, target) for rel in self._schema.relationships.values()
                if rel.source == "Paper" for target in rel.targets]

    # -- planning --------------------------------------------------------------------------------

    def plan(self, doc: CheckedDocument) -> WritePlan:
        """Compare ``doc`` with the store; raises :class:`SchemaError` for dangling endpoints."""
        plan = WritePlan()
        self._counts = {}
        endpoint_keys: dict[str, set[str]] = {}
        for (_, source, target), pairs in doc.relationships.items():
            endpoint_keys.setdefault(source, set()).update(map(itemgetter(0), pairs))
            endpoint_keys.setdefault(target, set()).update(map(itemgetter(1), pairs))
        stored = self._plan_nodes(doc, plan, endpoint_keys)
        self._check_endpoints(doc, stored, endpoint_keys)
        papers = doc.paper_keys()
        replaced = sorted(papers & set(stored.get("Paper", {})))
        groups = set(doc.relationships) | set(self._paper_groups())
        for group in sorted(groups):
            wanted = doc.relationships.get(group, {})
            current: dict[RelEnds, tuple[Any, ...]] = {}
            if group[1] == "Paper" and replaced:
                current.update(self._stored_rels(group, replaced, None))
            if group[1] == "Paper" and papers.issuperset(map(itemgetter(0), wanted)):
                merged_only = []  # the usual case: every start is a paper of this document
            else:
                merged_only = [ends for ends in wanted if group[1] != "Paper" or ends[0] not in papers]
            if merged_only:
                starts, ends_ = zip(*merged_only, strict=True)
                current.update(self._stored_rels(group, starts, ends_))
            self._plan_group(group, wanted, current, papers, plan)
        for label, keys in plan.orphan_candidates.items():
            keys.difference_update(doc.nodes.get(label, {}))
        return plan

    def _plan_nodes(self, doc: CheckedDocument, plan: WritePlan,
                    endpoint_keys: Mapping[str, set[str]]) -> dict[str, dict[str, Props]]:
        stored: dict[str, dict[str, Props]] = {}
        for label in self._schema.nodes:
            rows = doc.nodes.get(label, {})
            stored[label] = self._stored_nodes(label, set(rows) | endpoint_keys.get(label, set()))
            if not stored[label]:
                if rows:
                    plan.new_nodes[label] = list(rows.values())
                continue
            if ALIASES not in self._schema.node(label).properties and self._unchanged(rows, stored[label]):
                continue
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

    @staticmethod
    def _unchanged(rows: Mapping[str, Props], stored: Mapping[str, Props]) -> bool:
        """Whether every row is stored as it is (one comparison in C for the usual re-run)."""
        same = {key: stored[key] for key in rows if key in stored}
        return len(same) == len(rows) and same == rows

    def _check_endpoints(self, doc: CheckedDocument, stored: Mapping[str, Mapping[str, Props]],
                         endpoint_keys: Mapping[str, set[str]]) -> None:
        # Set differences find whether anything dangles; the loop below only names the first one.
        dangling = False
        for label, keys in endpoint_keys.items():
            missing = keys.difference(doc.nodes.get(label, {}))
            missing.difference_update(stored.get(label, {}))
            dangling = dangling or bool(missing)
        if not dangling:
            return
        for (rel_type, source, target), pairs in doc.relationships.items():
            for start, end in pairs:
                for label, key in ((source, start), (target, end)):
                    if key not in doc.nodes.get(label, {}) and key not in stored.get(label, {}):
                        raise SchemaError(
                            f"{rel_type} ({source} {start!r} -> {target} {end!r}): {label} {key!r} is "
                            "neither in the document nor in the store"
                        )

    def _plan_group(self, group: RelGroup, wanted: Mapping[RelEnds, Props],
                    current: Mapping[RelEnds, tuple[Any, ...]], papers: set[str], plan: WritePlan) -> None:
        if not current:
            if wanted:
                plan.new_rels[group] = list(wanted.items())
            return
        # Property values in schema order, as ``current`` holds them: an unchanged group (the
        # usual re-run) is then one dict comparison, done in C.
        values = dict(zip(wanted, map(tuple, map(dict.values, wanted.values())), strict=True))
        if values == current:
            return
        new = [(ends, props) for ends, props in wanted.items() if ends not in current]
        if new:
            plan.new_rels.setdefault(group, []).extend(new)
        changed = [(ends, props) for ends, props in wanted.items()
                   if ends in current and current[ends] != values[ends]]
        if changed:
            plan.changed_rels.setdefault(group, []).extend(changed)
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
            self._run(cypher.lb_copy_nodes(label), {"frame": frame({p: list(map(itemgetter(p), rows))
                                                                    for p in props})})
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

    def _rel_columns(self, group: RelGroup,
                     items: Sequence[tuple[RelEnds, Props]]) -> dict[str, Sequence[Any]]:
        ends, rows = zip(*items, strict=True) if items else ((), ())
        starts, finishes = zip(*ends, strict=True) if ends else ((), ())
        columns: dict[str, Sequence[Any]] = {"_src": starts, "_dst": finishes}
        props = list(self._schema.relationship_properties(group[0]))
        # Rows hold every property in schema order (kg.store.document): one transposition.
        values = list(zip(*map(dict.values, rows), strict=True)) if rows else [() for _ in props]
        for prop, column in zip(props, values or [() for _ in props], strict=True):
            columns[f"p_{prop}"] = column
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
