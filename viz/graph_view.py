"""Small graphs for the views: an ego graph around a paper or entity, or an overview, read from a store.

Node ids are ``"Label:key"`` and the shape matches the API's ``/graph/neighborhood`` answer, so the
pyvis page and the explorer draw the same thing.

>>> view = ViewCollector(max_nodes=2)
>>> paper = {"kind": "node", "label": "Paper", "key": "p1", "properties": {"title": "T"}}
>>> sam = {"kind": "node", "label": "Model", "key": "SAM", "properties": {"name": "SAM"}}
>>> uses = {"kind": "relationship", "type": "USES", "start": {"label": "Paper", "key": "p1"},
...         "end": {"label": "Model", "key": "SAM"}, "properties": {"sentence": "We use SAM."}}
>>> view.add_row(paper, uses, sam)
>>> [n.id for n in view.graph().nodes], [e.id for e in view.graph().edges]
(['Paper:p1', 'Model:SAM'], ['Paper:p1-USES->Model:SAM'])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kg import queries
from kg.errors import NotFoundError
from kg.schema import load_schema, node_id, parse_node_id
from kg.store import cypher
from kg.store.base import GraphStore
from viz.style import load_style

DEFAULT_MAX_NODES = 400


class ViewNode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    key: str
    caption: str
    properties: dict[str, Any] = Field(default_factory=dict)


class ViewEdge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    target: str
    type: str
    properties: dict[str, Any] = Field(default_factory=dict)


class ViewGraph(BaseModel):
    """Nodes and edges to draw; ``truncated`` says the node cap cut the view."""

    model_config = ConfigDict(extra="forbid")

    nodes: list[ViewNode] = Field(default_factory=list)
    edges: list[ViewEdge] = Field(default_factory=list)
    truncated: bool = False
    focus: str | None = None


class ViewCollector:
    """Gathers store rows ``(node, relationship, node)`` into a view, up to ``max_nodes`` nodes."""

    def __init__(self, max_nodes: int = DEFAULT_MAX_NODES) -> None:
        self.max_nodes = max_nodes
        self.nodes: dict[str, ViewNode] = {}
        self.edges: dict[str, ViewEdge] = {}
        self.truncated = False

    def add_node(self, node: Mapping[str, Any]) -> bool:
        """Add a serialised store node; False when the cap keeps it out."""
        nid = node_id(node["label"], str(node["key"]))
        if nid in self.nodes:
            return True
        if len(self.nodes) >= self.max_nodes:
            self.truncated = True
            return False
        props = {k: v for k, v in (node.get("properties") or {}).items() if v is not None}
        caption = load_style().caption(node["label"], str(node["key"]), props)
        self.nodes[nid] = ViewNode(id=nid, label=node["label"], key=str(node["key"]), caption=caption,
                                   properties=props)
        return True

    def add_row(self, start: Mapping[str, Any], rel: Mapping[str, Any], end: Mapping[str, Any]) -> None:
        if not (self.add_node(start) and self.add_node(end)):
            return
        source = node_id(rel["start"]["label"], str(rel["start"]["key"]))
        target = node_id(rel["end"]["label"], str(rel["end"]["key"]))
        eid = f"{source}-{rel['type']}->{target}"
        props = {k: v for k, v in (rel.get("properties") or {}).items() if v is not None}
        self.edges.setdefault(eid, ViewEdge(id=eid, source=source, target=target, type=rel["type"],
                                            properties=props))

    def graph(self, focus: str | None = None) -> ViewGraph:
        return ViewGraph(nodes=list(self.nodes.values()), edges=list(self.edges.values()),
                         truncated=self.truncated, focus=focus)


def _entity_labels() -> list[str]:
    """Labels looked up by name or alias (those with both properties)."""
    return [s.label for s in load_schema().nodes.values() if {"name", "aliases"} <= s.properties.keys()]


def find_entity(store: GraphStore, name: str, labels: Sequence[str] | None = None) -> str | None:
    """The node id of the entity called ``name`` (or with that alias, any case); exact names win."""
    found: list[str] = []
    for label in labels or _entity_labels():
        rows = store.query(cypher.viz_find_entity(label), {"name": name.strip()}, read_only=True).rows
        found.extend(node_id(label, row[0]) for row in rows)
    exact = [nid for nid in found if nid.split(":", 1)[1] == name.strip()]
    candidates = exact or found
    return candidates[0] if candidates else None


def resolve_focus(store: GraphStore, ref: str) -> str:
    """The node id a user means: ``Label:key``, an arXiv or paper id, or an entity name or alias."""
    ref = ref.strip()
    parts = parse_node_id(ref)
    if parts:
        label, key = parts.label, parts.key
        spec = load_schema().node(label)
        if store.query(cypher.viz_node_exists(label, spec.key), {"key": key}, read_only=True).rows:
            return ref
        entity = find_entity(store, key, [label]) if label in _entity_labels() else None
        if entity:
            return entity
        raise NotFoundError(f"no {label} {key!r} in the graph")
    try:
        return node_id("Paper", queries.find_paper(store, ref).id)
    except NotFoundError:
        pass
    entity = find_entity(store, ref)
    if entity is None:
        raise NotFoundError(f"no paper or entity {ref!r} in the graph (try an arXiv id or a name like SAM)")
    return entity


def _allowed(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels to show: the ones asked for plus Paper, which connects everything else."""
    schema = load_schema()
    wanted = list(dict.fromkeys(labels))
    for label in wanted:
        schema.node(label)  # raises SchemaError naming the known labels
    return tuple(dict.fromkeys(["Paper", *wanted])) if wanted else ()


def ego_graph(
    store: GraphStore,
    focus: str,
    *,
    depth: int = 1,
    labels: Iterable[str] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
) -> ViewGraph:
    """Nodes within ``depth`` hops of ``focus`` (a node id), nearest first, up to ``max_nodes``."""
    schema = load_schema()
    towards = _allowed(labels)
    label, key = focus.split(":", 1)
    collector = ViewCollector(max_nodes)
    statement = cypher.viz_node_exists(label, schema.node(label).key)
    rows = store.query(statement, {"key": key}, read_only=True).rows
    if not rows:
        raise NotFoundError(f"no node {focus!r} in the graph")
    collector.add_node(rows[0][0])
    frontier = {focus}
    for _ in range(depth):
        seen = set(collector.nodes)
        by_label: dict[str, list[str]] = defaultdict(list)
        for nid in sorted(frontier):
            nlabel, nkey = nid.split(":", 1)
            by_label[nlabel].append(nkey)
        for nlabel, keys in by_label.items():
            statement = cypher.viz_neighbours(nlabel, schema.node(nlabel).key, towards)
            # Ask for one row past the cap so a cut view is reported as truncated.
            result = store.query(statement, {"keys": keys, "limit": max_nodes * 4 + 1}, read_only=True)
            for start, rel, end in result.rows:
                collector.add_row(start, rel, end)
        frontier = set(collector.nodes) - seen
        if not frontier or collector.truncated:
            break
    return collector.graph(focus)


def overview_graph(
    store: GraphStore, *, labels: Iterable[str] = (), max_nodes: int = DEFAULT_MAX_NODES
) -> ViewGraph:
    """The best-connected part of the graph: the ``max_nodes`` nodes of highest degree and their edges."""
    schema = load_schema()
    towards = _allowed(labels)
    top = store.query(cypher.viz_top_nodes(towards), {"limit": max_nodes + 1}, read_only=True).rows
    collector = ViewCollector(max_nodes)
    for (node,) in top:
        collector.add_node(node)
    keep = set(collector.nodes)
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in collector.nodes.values():
        by_label[node.label].append(node.key)
    for label, keys in by_label.items():
        statement = cypher.viz_neighbours(label, schema.node(label).key, towards)
        for start, rel, end in store.query(statement, {"keys": keys, "limit": max_nodes * 50},
                                           read_only=True).rows:
            if {node_id(n["label"], str(n["key"])) for n in (start, end)} <= keep:
                collector.add_row(start, rel, end)
    return collector.graph()
