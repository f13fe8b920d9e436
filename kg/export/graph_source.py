"""Read a whole graph back out of any store, page by page, as a :class:`GraphDocument`.

Exports go through the stores' uniform result values (see :mod:`kg.store.base`), so they work the
same on the embedded store and on Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.model import GraphDocument, Node, NodeRef, Relationship
from kg.schema import Schema, load_schema
from kg.store import cypher
from kg.store.base import GraphStore

PAGE = 5000


def _pages(store: GraphStore, statement: str, page: int) -> Iterator[Any]:
    skip = 0
    while True:
        rows = store.query(statement, {"skip": skip, "limit": page}, read_only=True).rows
        yield from (row[0] for row in rows)
        if len(rows) < page:
            return
        skip += page


def read_nodes(store: GraphStore, schema: Schema, page: int = PAGE) -> Iterator[Node]:
    """Every node, label by label in schema order, by key."""
    for label, spec in schema.nodes.items():
        for value in _pages(store, cypher.export_nodes(label, spec.key), page):
            yield Node(label=value["label"], key=value["key"], properties=value["properties"])


def read_relationships(store: GraphStore, schema: Schema, page: int = PAGE) -> Iterator[Relationship]:
    """Every relationship, type by type (and target label by target label) in schema order."""
    for rel in schema.relationships.values():
        for target in rel.targets:
            start = (rel.source, schema.node(rel.source).key)
            end = (target, schema.node(target).key)
            for value in _pages(store, cypher.export_relationships(rel.type, start, end), page):
                yield Relationship(type=value["type"], start=NodeRef(**value["start"]),
                                   end=NodeRef(**value["end"]), properties=value["properties"])


def read_graph(store: GraphStore, schema: Schema | None = None, page: int = PAGE) -> GraphDocument:
    """The store's whole graph (schema labels and types only)."""
    schema = schema or load_schema()
    return GraphDocument(nodes=list(read_nodes(store, schema, page)),
                         relationships=list(read_relationships(store, schema, page)))
