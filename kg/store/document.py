"""A checked, normalised view of a :class:`GraphDocument`, ready for any store to write.

Every store applies the same merge rules, so the checking lives here once: labels, relationship
types and endpoint labels must be in the schema, property values must have the schema's types,
a node or relationship listed twice is merged (later properties win, ``aliases`` are unioned),
and every row carries *every* schema property (``None`` where the document has none). A store
therefore replaces a node's properties wholesale, except ``aliases``, which it unions with what
is stored.

>>> from kg.model import GraphDocument, Node
>>> doc = GraphDocument(nodes=[Node(label="Model", key="SAM", properties={"aliases": ["sam"]}),
...                            Node(label="Model", key="SAM", properties={"aliases": ["S.A.M."]})])
>>> checked = check_document(doc)
>>> checked.nodes["Model"]["SAM"]
{'name': 'SAM', 'aliases': ['S.A.M.', 'sam']}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NoReturn

from kg.errors import SchemaError
from kg.model import GraphDocument, Node, Relationship
from kg.schema import Schema, load_schema

#: the list property every store unions instead of replacing
ALIASES = "aliases"

#: (relationship type, start label, end label): one table pair / one COPY group
RelGroup = tuple[str, str, str]
#: (start key, end key) inside a group
RelEnds = tuple[str, str]
Props = dict[str, Any]


@dataclass
class CheckedDocument:
    """Nodes by label then key, relationships by group then (start key, end key)."""

    nodes: dict[str, dict[str, Props]] = field(default_factory=dict)
    relationships: dict[RelGroup, dict[RelEnds, Props]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    def paper_keys(self) -> set[str]:
        """The papers whose outgoing relationships this document replaces."""
        return set(self.nodes.get("Paper", {}))


def union_aliases(*lists: Iterable[str] | None) -> list[str]:
    """Sorted distinct aliases of several lists (``None`` counts as empty).

    >>> union_aliases(["b", "a"], None, ["a", "c"])
    ['a', 'b', 'c']
    """
    return sorted({alias for aliases in lists for alias in (aliases or ())})


#: property types whose Python values need no conversion, checked by exact type (so bool is no int)
_EXACT: dict[str, type] = {"STRING": str, "INT64": int, "DOUBLE": float, "BOOLEAN": bool}
_INT64 = range(-(2**63), 2**63)


def coerce(value: Any, type_name: str, where: str) -> Any:
    """``value`` as the schema type ``type_name``, or :class:`SchemaError` naming ``where``.

    >>> coerce(3, "DOUBLE", "x")
    3.0
    >>> coerce(("a", "b"), "STRING[]", "x")
    ['a', 'b']
    """
    converted = _converted(value, type_name)
    if converted is _INVALID:
        if type_name not in _EXACT and type_name != "STRING[]":
            raise SchemaError(f"{where}: unsupported property type {type_name}")
        raise SchemaError(f"{where}: expected {type_name}, got {type(value).__name__} {value!r:.60}")
    return converted


_INVALID = object()


def _converted(value: Any, type_name: str) -> Any:
    """The value as stored, or ``_INVALID``; the common cases return on the first lines (hot path)."""
    if value is None:
        return None
    kind = type(value)
    if kind is _EXACT.get(type_name):
        return value if kind is not int or value in _INT64 else _INVALID
    if type_name == "STRING[]" and kind in (list, tuple):
        return list(value) if all(type(item) is str for item in value) else _INVALID
    if type_name == "DOUBLE" and kind is int:
        return float(value)
    return _INVALID


def _row(props: Mapping[str, Any], spec: Mapping[str, str], where: Callable[[], str]) -> Props:
    """``props`` checked against ``spec``; ``where`` names the record, built only for an error."""
    unknown = [name for name in props if name not in spec]
    if unknown:
        raise SchemaError(f"{where()}: unknown properties {sorted(unknown)}; allowed: {sorted(spec)}")
    row: Props = {}
    for name, type_name in spec.items():
        value = _converted(props.get(name), type_name)
        row[name] = coerce(props.get(name), type_name, f"{where()}.{name}") if value is _INVALID else value
    return row


class _RowChecker:
    """:func:`_row` for one property spec, fast for the usual record: the value types of a record
    (its *signature*) are judged once per distinct signature, so most records cost one tuple of
    types and a set lookup; any other record goes through :func:`_row` itself."""

    def __init__(self, spec: Mapping[str, str]) -> None:
        self.spec = spec
        self.names = tuple(spec)
        self.allowed = set(spec)
        self.ints = [i for i, type_name in enumerate(spec.values()) if type_name == "INT64"]
        self.lists = [i for i, type_name in enumerate(spec.values()) if type_name == "STRING[]"]
        self.plain: dict[tuple[type, ...], bool] = {}

    def _is_plain(self, signature: tuple[type, ...]) -> bool:
        """Whether values of these types are stored as they are (lists still need their items
        checked, ints their range)."""
        ok = self.plain.get(signature)
        if ok is None:
            ok = all(kind in (_NONE, _EXACT.get(type_name)) or (kind is list and type_name == "STRING[]")
                     for kind, type_name in zip(signature, self.spec.values(), strict=True))
            self.plain[signature] = ok
        return ok

    def row(self, props: Mapping[str, Any], where: Callable[[], str]) -> Props:
        row = self.plain_row(props)
        return _row(props, self.spec, where) if row is None else row

    def plain_row(self, props: Mapping[str, Any]) -> Props | None:
        """The row, or None when :func:`_row` must convert a value or name an error."""
        if not self.allowed.issuperset(props):
            return None
        values = list(map(props.get, self.names))
        if not self._is_plain(tuple(map(type, values))):
            return None
        for at in self.ints:
            if values[at] is not None and values[at] not in _INT64:
                return None
        for at in self.lists:
            items = values[at]
            if items is not None:
                if not _STRINGS.issuperset(map(type, items)):
                    return None
                values[at] = list(items)
        return dict(zip(self.names, values, strict=True))


_NONE = type(None)
_STRINGS = frozenset({str})


def _merge(old: Props | None, new: Props) -> Props:
    if old is None:
        return new
    merged = dict(new)
    if ALIASES in merged:
        merged[ALIASES] = union_aliases(old.get(ALIASES), new.get(ALIASES))
    return merged


def _rel_where(rel: Relationship) -> str:
    return f"{rel.type} ({rel.start.label} {rel.start.key!r} -> {rel.end.label} {rel.end.key!r})"


def _refuse(rel: Relationship, schema: Schema) -> NoReturn:
    """Raise the error for a relationship of an unknown type or between the wrong labels."""
    rel_spec = schema.relationship(rel.type)
    targets = "|".join(rel_spec.targets)
    raise SchemaError(f"{_rel_where(rel)}: {rel.type} goes from {rel_spec.source} to {targets}")


def check_document(doc: GraphDocument, schema: Schema | None = None) -> CheckedDocument:
    """Check ``doc`` against the schema and normalise it (see the module docstring)."""
    schema = schema or load_schema()
    checked = CheckedDocument()
    node_rows = {label: _RowChecker(spec.properties) for label, spec in schema.nodes.items()}
    rel_rows = {rel_type: _RowChecker(schema.relationship_properties(rel_type))
                for rel_type in schema.relationships}
    for node in doc.nodes:
        spec = schema.node(node.label)

        def where(node: Node = node) -> str:
            return f"{node.label} {node.key!r}"

        if not node.key:
            raise SchemaError(f"{node.label} node with an empty key")
        stated = node.properties.get(spec.key, node.key)
        if stated != node.key:
            raise SchemaError(f"{where()}: property {spec.key}={stated!r} differs from the node key")
        row = node_rows[node.label].row({**node.properties, spec.key: node.key}, where)
        if ALIASES in row:
            row[ALIASES] = union_aliases(row[ALIASES])
        by_key = checked.nodes.setdefault(node.label, {})
        by_key[node.key] = _merge(by_key.get(node.key), row)
    specs = {rel_type: (rel.source, frozenset(rel.targets)) for rel_type, rel in schema.relationships.items()}
    for rel in doc.relationships:
        # The hot loop of a large build: the error helpers are only made for a failing record.
        spec_ends = specs.get(rel.type)
        start, end = rel.start, rel.end
        if spec_ends is None or start.label != spec_ends[0] or end.label not in spec_ends[1]:
            _refuse(rel, schema)
        checker = rel_rows[rel.type]
        rel_row = checker.plain_row(rel.properties)
        if rel_row is None:
            rel_row = _row(rel.properties, checker.spec, partial(_rel_where, rel))
        group = (rel.type, start.label, end.label)
        checked.relationships.setdefault(group, {})[(start.key, end.key)] = rel_row
    return checked
