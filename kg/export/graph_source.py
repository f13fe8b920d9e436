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


def _pages(store: GraphStore, statement: str, total: int, page: int) -> Iterator[Any]:
    """The first value of every row, ``page`` rows a query; never skipping past ``total`` (a SKIP
    past the end of an ordered result can crash LadybugDB 0.22)."""
    for skip in range(0, total, page):
        rows = store.query(statement, {"skip": skip, "limit": page}, read_only=True).rows
        yield from (row[0] for row in rows)
        if len(rows) < page:
            return


def read_nodes(store: GraphStore, schema: Schema, page: int = PAGE) -> Iterator[Node]:
    """Every node, label by label in schema order, by key."""
    counts = store.stats().nodes
    for label, spec in schema.nodes.items():
        for value in _pages(store, cypher.export_nodes(label, spec.key), counts.get(label, 0), page):
            yield Node(label=value["label"], key=value["key"], properties=value["properties"])


def read_relationships(store: GraphStore, schema: Schema, page: int = PAGE) -> Iterator[Relationship]:
    """Every relationship, type by type (and target label by target label) in schema order."""
    counts = store.stats().relationships
    for rel in schema.relationships.values():
        for target in rel.targets:
            start = (rel.source, schema.node(rel.source).key)
            end = (target, schema.node(target).key)
            statement = cypher.export_relationships(rel.type, start, end)
            # the count is per type; a type with several targets stops early on its short pages
            for value in _pages(store, statement, counts.get(rel.type, 0), page):
                yield Relationship(type=value["type"], start=NodeRef(**value["start"]),
                                   end=NodeRef(**value["end"]), properties=value["properties"])


def read_graph(store: GraphStore, schema: Schema | None = None, page: int = PAGE) -> GraphDocument:
    """The store's whole graph (schema labels and types only)."""
    schema = schema or load_schema()
    return GraphDocument(nodes=list(read_nodes(store, schema, page)),
                         relationships=list(read_relationships(store, schema, page)))
