"""Driver values -> the plain, JSON-ready values every store returns (see :mod:`kg.store.base`).

Nodes become ``{"kind": "node", "label", "key", "properties"}`` and relationships
``{"kind": "relationship", "type", "start": {"label", "key"}, "end": {...}, "properties"}``.
A schema label's or type's properties are exactly the schema's, in schema order (``None`` where
unset, as on a store with declared columns); other labels keep what they have, sorted by name.
A relationship's end nodes often arrive without labels or properties (the driver only knows
their ids), so :class:`ValueConverter` is given their labels and keys, looked up in one batch.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any

from kg.model import NodeRef
from kg.schema import Schema


def falkordb_node_id(element_id: str) -> int | None:
    """FalkorDB's driver element ids are ``node_<id>``; its Cypher knows only ``id(n)``.

    >>> falkordb_node_id("node_12"), falkordb_node_id("4:abc:12")
    (12, None)
    """
    prefix, _, number = element_id.partition("_")
    return int(number) if prefix == "node" and number.isdigit() else None


def falkordb_escape(value: Any) -> Any:
    r"""A parameter as FalkorDB's Bolt endpoint needs it: it splices string parameters into a
    single-quoted Cypher literal without escaping, so ``'`` ends the string and ``\`` starts an
    escape; escaped here, the values arrive unchanged. Lists and maps are escaped element-wise.

    >>> falkordb_escape({"t": "it's a\\b", "n": [1, "x'"]})
    {'t': "it\\'s a\\\\b", 'n': [1, "x\\'"]}
    """
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list | tuple):
        return [falkordb_escape(item) for item in value]
    if isinstance(value, dict):
        return {key: falkordb_escape(item) for key, item in value.items()}
    return value


def node_ref(labels: Iterable[str], props: Mapping[str, Any], schema: Schema, fallback: str) -> NodeRef:
    """The (label, key) of a node: its first schema label and that label's key property."""
    names = set(labels)
    label = next((name for name in schema.nodes if name in names), min(names, default=""))
    spec = schema.nodes.get(label)
    key = props.get(spec.key) if spec else None
    return NodeRef(label=label, key=str(key) if key is not None else fallback)


def ordered(props: Mapping[str, Any], declared: Iterable[str] | None) -> dict[str, Any]:
    """The declared properties in order (``None`` when unset); without a declaration, all by name.

    >>> ordered({"b": 1, "x": 2}, ["a", "b"]), ordered({"b": 1, "a": 2}, None)
    ({'a': None, 'b': 1}, {'a': 2, 'b': 1})
    """
    names = list(declared) if declared is not None else sorted(props)
    return {name: plain_scalar(props.get(name)) for name in names}


def plain_scalar(value: Any) -> Any:
    """Temporal and spatial driver values as strings; lists and maps element-wise."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [plain_scalar(item) for item in value]
    if isinstance(value, dict):
        return {str(k): plain_scalar(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else str(value)


class ValueConverter:
    """Converts one result's values, with the end nodes of its relationships looked up once."""

    def __init__(self, schema: Schema, endpoints: Mapping[str, NodeRef] | None = None) -> None:
        self.schema = schema
        self.endpoints = dict(endpoints or {})

    def convert(self, value: Any) -> Any:
        from neo4j.graph import Node, Path, Relationship

        if isinstance(value, Node):
            return self.node(value)
        if isinstance(value, Relationship):
            return self.relationship(value)
        if isinstance(value, Path):
            return {"kind": "path", "nodes": [self.node(n) for n in value.nodes],
                    "relationships": [self.relationship(r) for r in value.relationships]}
        if isinstance(value, list | tuple):
            return [self.convert(item) for item in value]
        if isinstance(value, dict):
            return {str(k): self.convert(v) for k, v in value.items()}
        return plain_scalar(value)

    def ref(self, node: Any) -> NodeRef:
        if not node.labels and node.element_id in self.endpoints:
            return self.endpoints[node.element_id]
        return node_ref(node.labels, dict(node.items()), self.schema, node.element_id)

    def node(self, node: Any) -> dict[str, Any]:
        ref = self.ref(node)
        spec = self.schema.nodes.get(ref.label)
        props = ordered(dict(node.items()), spec.properties if spec else None)
        return {"kind": "node", "label": ref.label, "key": ref.key, "properties": props}

    def relationship(self, rel: Any) -> dict[str, Any]:
        declared = (self.schema.relationship_properties(rel.type) if rel.type in self.schema.relationships
                    else None)
        start, end = self.ref(rel.start_node), self.ref(rel.end_node)
        return {
            "kind": "relationship",
            "type": rel.type,
            "start": {"label": start.label, "key": start.key},
            "end": {"label": end.label, "key": end.key},
            "properties": ordered(dict(rel.items()), declared),
        }


def hollow_endpoints(values: Iterable[Any]) -> set[str]:
    """Element ids of relationship end nodes that arrived without labels (to look up)."""
    from neo4j.graph import Path, Relationship

    found: set[str] = set()
    for value in values:
        if isinstance(value, Relationship):
            rels: Iterable[Any] = (value,)
        elif isinstance(value, Path):
            rels = value.relationships
        elif isinstance(value, list | tuple):
            found |= hollow_endpoints(value)
            continue
        elif isinstance(value, dict):
            found |= hollow_endpoints(value.values())
            continue
        else:
            continue
        for rel in rels:
            for node in (rel.start_node, rel.end_node):
                if node is not None and not node.labels:
                    found.add(node.element_id)
    return found
