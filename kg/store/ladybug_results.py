"""Turn LadybugDB result values into the plain, uniform values :mod:`kg.store.base` documents.

Ladybug returns nodes as dicts with ``_ID``/``_LABEL`` and, where a variable spans several labels,
the union of their columns; relationships name their endpoints by internal ids (``_SRC``/``_DST``).
The decoder keeps only the schema's properties of each label or type and maps internal ids to
(label, key), looking up the endpoints the result itself does not contain.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from typing import Any

import pandas as pd

from kg.schema import Schema

#: (table id, offset): Ladybug's internal node id
InternalId = tuple[int, int]
#: given a label and offsets, their keys (one query per label)
KeyLookup = Callable[[str, list[int]], dict[int, str]]


#: value types returned as they are
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _column_kind(column: list[Any]) -> str:
    """``scalar``, ``node`` or ``relationship`` when every value of the column is one (or null),
    else ``other``."""
    kinds = set(map(type, column))
    if kinds <= _SCALARS:
        return "scalar"
    if kinds - {dict, type(None)}:
        return "other"
    present = [value for value in column if value is not None]
    if any(map(_is_path, present)):
        return "other"
    if all(map(_is_node, present)):
        return "node"
    if all(map(_is_relationship, present)):
        return "relationship"
    return "other"


def _internal_id(value: Mapping[str, Any]) -> InternalId:
    return int(value["table"]), int(value["offset"])


def _is_node(value: Mapping[str, Any]) -> bool:
    return "_LABEL" in value and "_ID" in value and "_SRC" not in value


def _is_relationship(value: Mapping[str, Any]) -> bool:
    return "_LABEL" in value and "_SRC" in value and "_DST" in value


def _is_path(value: Mapping[str, Any]) -> bool:
    return "_NODES" in value and "_RELS" in value


class ResultDecoder:
    """Decodes the rows of one result; create one per query.

    ``tables`` maps Ladybug table ids to labels; ``lookup`` finds the keys of nodes by offset.
    """

    def __init__(self, schema: Schema, tables: Mapping[int, str], lookup: KeyLookup) -> None:
        self._schema = schema
        self._tables = tables
        self._lookup = lookup
        self._keys: dict[InternalId, tuple[str, str]] = {}

    def decode_rows(self, rows: Iterable[list[Any]]) -> list[list[Any]]:
        materialised = [list(row) for row in rows]
        if not materialised:
            return []
        # Column by column: a column of scalars, of nodes or of relationships (most results) is
        # decoded in one tight loop; anything else (paths, maps, lists, mixed) value by value.
        columns = [list(column) for column in zip(*materialised, strict=True)]
        kinds = [_column_kind(column) for column in columns]
        needed: set[InternalId] = set()
        for column, kind in zip(columns, kinds, strict=True):
            if kind == "node":
                self._remember_nodes(column)
            elif kind == "relationship":
                for value in column:
                    if value is not None:
                        needed.add(_internal_id(value["_SRC"]))
                        needed.add(_internal_id(value["_DST"]))
            elif kind == "other":
                for value in column:
                    self._scan(value, needed)
        self._resolve(needed - set(self._keys))
        decoded = [self._decode_column(column, kind) for column, kind in zip(columns, kinds, strict=True)]
        return [list(row) for row in zip(*decoded, strict=True)]

    def _decode_column(self, column: list[Any], kind: str) -> list[Any]:
        if kind == "scalar":
            return column
        if kind == "node":
            return self._node_column(column)
        if kind == "relationship":
            return self._relationship_column(column)
        return [self.decode(value) for value in column]

    def _remember_nodes(self, column: list[Any]) -> None:
        for value in column:
            if value is not None:
                label = value["_LABEL"]
                key = self._node_key(label, value)
                if key is not None:
                    self._keys[_internal_id(value["_ID"])] = (label, key)

    def _node_column(self, column: list[Any]) -> list[Any]:
        out: list[Any] = []
        names_of = self._property_names(self._schema.nodes)
        for value in column:
            if value is None:
                out.append(None)
                continue
            label = value["_LABEL"]
            names = names_of(label)
            if names is None:
                out.append(self._node(value))
                continue
            key = self._node_key(label, value)
            out.append({"kind": "node", "label": label, "key": key or self._ref(value["_ID"])["key"],
                        "properties": dict(zip(names, map(value.get, names), strict=True))})
        return self._plain_properties(column, out)

    def _relationship_column(self, column: list[Any]) -> list[Any]:
        out: list[Any] = []
        names_of = self._property_names(self._schema.relationships)
        keys = self._keys
        for value in column:
            if value is None:
                out.append(None)
                continue
            rel_type = value["_LABEL"]
            names = names_of(rel_type)
            if names is None:
                out.append(self._relationship(value))
                continue
            src, dst = value["_SRC"], value["_DST"]
            start = keys.get((src["table"], src["offset"]))
            end = keys.get((dst["table"], dst["offset"]))
            out.append({"kind": "relationship", "type": rel_type,
                        "start": {"label": start[0], "key": start[1]} if start else self._ref(src),
                        "end": {"label": end[0], "key": end[1]} if end else self._ref(dst),
                        "properties": dict(zip(names, map(value.get, names), strict=True))})
        return self._plain_properties(column, out)

    def _property_names(self, known: Mapping[str, Any]) -> Callable[[str], tuple[str, ...] | None]:
        """The schema's property names of a label or type, cached; None for one not in the schema."""
        cache: dict[str, tuple[str, ...] | None] = {}

        def names(name: str) -> tuple[str, ...] | None:
            if name not in cache:
                if name not in known:
                    cache[name] = None
                elif known is self._schema.nodes:
                    cache[name] = tuple(self._schema.nodes[name].properties)
                else:
                    cache[name] = tuple(self._schema.relationship_properties(name))
            return cache[name]

        return names

    def _plain_properties(self, column: list[Any], out: list[Any]) -> list[Any]:
        """``out`` if every property value in it is already plain, else the column decoded value by
        value (schema properties are strings, numbers, booleans and string lists, so the check
        nearly always passes)."""
        values = [item["properties"].values() for item in out if item is not None]
        kinds = set(map(type, chain.from_iterable(values)))
        if list in kinds:
            lists = (v for v in chain.from_iterable(values) if type(v) is list)
            kinds.discard(list)
            kinds.update(map(type, chain.from_iterable(lists)))
        if kinds <= _SCALARS:
            return out
        return [self.decode(value) for value in column]

    def _scan(self, value: Any, needed: set[InternalId]) -> None:
        """Remember the keys of nodes present; collect relationship endpoints to look up."""
        if isinstance(value, list | tuple):
            for item in value:
                self._scan(item, needed)
        elif isinstance(value, dict):
            if _is_node(value):
                label = value["_LABEL"]
                key = self._node_key(label, value)
                if key is not None:
                    self._keys[_internal_id(value["_ID"])] = (label, key)
            elif _is_relationship(value):
                needed.update((_internal_id(value["_SRC"]), _internal_id(value["_DST"])))
            else:
                for item in value.values():
                    self._scan(item, needed)

    def _resolve(self, missing: set[InternalId]) -> None:
        by_table: dict[int, list[int]] = {}
        for table, offset in missing:
            by_table.setdefault(table, []).append(offset)
        for table, offsets in by_table.items():
            label = self._tables.get(table)
            if label is None:
                continue
            for offset, key in self._lookup(label, sorted(offsets)).items():
                self._keys[(table, offset)] = (label, key)

    def _node_key(self, label: str, value: Mapping[str, Any]) -> str | None:
        spec = self._schema.nodes.get(label)
        key = value.get(spec.key) if spec else None
        return None if key is None else str(key)

    def _ref(self, internal: Mapping[str, Any]) -> dict[str, str]:
        table, offset = _internal_id(internal)
        label, key = self._keys.get((table, offset), (self._tables.get(table, "?"), f"#{offset}"))
        return {"label": label, "key": key}

    def decode(self, value: Any) -> Any:
        """One value as plain JSON-ready Python (see :mod:`kg.store.base`)."""
        if isinstance(value, dict):
            if _is_path(value):
                return {
                    "kind": "path",
                    "nodes": [self.decode(n) for n in value["_NODES"]],
                    "relationships": [self.decode(r) for r in value["_RELS"]],
                }
            if _is_relationship(value):
                return self._relationship(value)
            if _is_node(value):
                return self._node(value)
            return {str(k): self.decode(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.decode(item) for item in value]
        return plain(value)

    def _node(self, value: Mapping[str, Any]) -> dict[str, Any]:
        label = value["_LABEL"]
        spec = self._schema.nodes.get(label)
        names = list(spec.properties) if spec else [k for k in value if not k.startswith("_")]
        return {
            "kind": "node",
            "label": label,
            "key": self._node_key(label, value) or self._ref(value["_ID"])["key"],
            "properties": {name: self.decode(value.get(name)) for name in names},
        }

    def _relationship(self, value: Mapping[str, Any]) -> dict[str, Any]:
        rel_type = value["_LABEL"]
        if rel_type in self._schema.relationships:
            names = list(self._schema.relationship_properties(rel_type))
        else:
            names = [k for k in value if not k.startswith("_")]
        return {
            "kind": "relationship",
            "type": rel_type,
            "start": self._ref(value["_SRC"]),
            "end": self._ref(value["_DST"]),
            "properties": {name: self.decode(value.get(name)) for name in names},
        }


#: the largest integer every float64 holds exactly
_EXACT_FLOAT_INT = 2**53


def plain_column(series: pd.Series, type_name: str) -> list[Any] | None:
    """A result column read through pandas as plain values: nulls (NaN) as None, and INT64
    columns that pandas made float64 (because they hold nulls) as ints again -- or None when a
    value is too large for the float to have kept it exactly.

    >>> plain_column(pd.Series([1.0, float("nan")]), "INT64")
    [1, None]
    """
    values: list[Any] = series.tolist()
    missing = series.isna().to_numpy()
    if missing.any():
        values = [None if gone else value for value, gone in zip(values, missing, strict=True)]
    if type_name == "INT64" and series.dtype.kind == "f":
        if any(abs(value) >= _EXACT_FLOAT_INT for value in values if value is not None):
            return None
        values = [None if value is None else int(value) for value in values]
    return values


def plain(value: Any) -> Any:
    """A scalar as a JSON-ready value: dates as ISO strings, decimals as floats, bytes as base64.

    >>> plain(dt.date(2025, 3, 1)), plain(decimal.Decimal("1.5")), plain(7)
    ('2025-03-01', 1.5, 7)
    """
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value
