"""Nodes and edges for the viewer: a neighbourhood around one node, or an overview.

Both answer ``{"nodes", "edges", "truncated"}`` with node ids ``"Label:key"``; heavy text
properties (abstracts, source lists) stay out — the viewer asks ``/papers/{id}`` for those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

from kg import queries
from kg.api.models import GraphEdge, GraphNode, GraphView
from kg.api.services.common import is_node, is_relationship, key_property
from kg.api.services.entities import resolve_entity
from kg.errors import NotFoundError
from kg.model import NodeRef
from kg.schema import load_schema, node_id, parse_node_id
from kg.store import cypher
from kg.store.base import GraphStore

#: properties left out of graph payloads (large, and shown on the paper's own page)
HEAVY_PROPERTIES = frozenset({"abstract", "abstract_raw", "other_titles", "sources"})
CAPTION_MAX_CHARS = 48


class GraphCollector:
    """Collects serialised store nodes and relationships, up to ``max_nodes`` nodes."""

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self.nodes: dict[str, GraphNode] = {}
        self.edges: dict[str, GraphEdge] = {}
        self.truncated = False

    def add_node(self, node: Mapping[str, Any]) -> str | None:
        """The node's id, or None when the node cap keeps it out."""
        nid = node_id(node["label"], str(node["key"]))
        if nid in self.nodes:
            return nid
        if len(self.nodes) >= self.max_nodes:
            self.truncated = True
            return None
        props = {
            k: v
            for k, v in (node.get("properties") or {}).items()
            if v is not None and k not in HEAVY_PROPERTIES
        }
        self.nodes[nid] = GraphNode(
            id=nid,
            label=node["label"],
            key=str(node["key"]),
            caption=_caption(node["label"], str(node["key"]), props),
            properties=props,
        )
        return nid

    def add_edge(self, rel: Mapping[str, Any]) -> None:
        """Add a relationship whose two ends are already in the view."""
        source = node_id(rel["start"]["label"], str(rel["start"]["key"]))
        target = node_id(rel["end"]["label"], str(rel["end"]["key"]))
        if source not in self.nodes or target not in self.nodes:
            return
        eid = f"{source}-{rel['type']}->{target}"
        props = {k: v for k, v in (rel.get("properties") or {}).items() if v is not None}
        self.edges.setdefault(
            eid, GraphEdge(id=eid, source=source, target=target, type=rel["type"], properties=props)
        )

    def view(self) -> GraphView:
        return GraphView(
            nodes=list(self.nodes.values()), edges=list(self.edges.values()), truncated=self.truncated
        )


def _caption(label: str, key: str, props: Mapping[str, Any]) -> str:
    text = str(props.get("title") or key) if label == "Paper" else key
    return text if len(text) <= CAPTION_MAX_CHARS else text[: CAPTION_MAX_CHARS - 1] + "…"


def resolve_node(store: GraphStore, ref: str) -> NodeRef:
    """The node a user means: ``Label:key`` (entity names may be aliases) or a paper/arXiv id."""
    ref = ref.strip()
    parsed = parse_node_id(ref)
    if parsed is None or parsed.label == "Paper":
        paper = queries.find_paper(store, parsed.key if parsed else ref)
        return NodeRef(label="Paper", key=paper.id)
    key_prop = key_property(parsed.label)
    if store.query(cypher.api_node(parsed.label, key_prop), {"key": parsed.key}, read_only=True).rows:
        return parsed
    if key_prop == "name" and (found := resolve_entity(store, parsed.label, parsed.key)):
        return NodeRef(label=parsed.label, key=found[0])
    raise NotFoundError(f"no {parsed.label} {parsed.key!r} in the graph")


def neighborhood(
    store: GraphStore, ref: str, *, depth: int, limit: int, labels: Collection[str] = ()
) -> GraphView:
    """Nodes within ``depth`` hops of ``ref``, nearest first, at most ``limit`` nodes.

    ``labels`` keeps only those labels besides papers (which connect everything) and the centre.
    """
    centre = resolve_node(store, ref)
    allowed = set(labels) | {"Paper", centre.label} if labels else None
    collector = GraphCollector(limit)
    centre_rows = store.query(
        cypher.api_node(centre.label, key_property(centre.label)), {"key": centre.key}, read_only=True
    ).rows
    collector.add_node(centre_rows[0][0])
    frontier = [centre]
    for _ in range(depth):
        frontier = _expand(store, collector, frontier, allowed)
        if not frontier or collector.truncated:
            break
    return collector.view()


def _expand(
    store: GraphStore, collector: GraphCollector, frontier: list[NodeRef], allowed: set[str] | None
) -> list[NodeRef]:
    """One hop out of ``frontier``: adds what fits and returns the nodes that are new."""
    found: list[NodeRef] = []
    for label, keys in _by_label(frontier).items():
        room = collector.max_nodes - len(collector.nodes)
        if room <= 0:
            collector.truncated = True
            break
        # rows also bring known nodes (the way back), hence the slack; one past it says "cut"
        cap = 2 * room + 20
        rows = store.query(
            cypher.api_neighbours(label, key_property(label)),
            {"keys": keys, "limit": cap + 1},
            read_only=True,
        ).rows
        collector.truncated |= len(rows) > cap
        for rel, far in rows:
            if not (is_relationship(rel) and is_node(far)):
                continue
            if allowed is not None and far["label"] not in allowed:
                continue
            known = node_id(far["label"], str(far["key"])) in collector.nodes
            if collector.add_node(far) is None:
                continue
            if not known:
                found.append(NodeRef(label=far["label"], key=str(far["key"])))
            collector.add_edge(rel)
    return found


def _by_label(refs: list[NodeRef]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        grouped[ref.label].append(ref.key)
    return grouped


def overview(store: GraphStore, *, limit: int) -> GraphView:
    """The best-connected papers with everything they link to, plus variant/version links between
    the entities shown, until ``limit`` nodes."""
    collector = GraphCollector(limit)
    ranked = [row[0] for row in store.query(cypher.API_TOP_PAPERS, {"limit": limit}, read_only=True).rows]
    rank = {pid: i for i, pid in enumerate(ranked)}
    batch = 500
    for start in range(0, len(ranked), batch):
        rows = store.query(
            cypher.API_PAPERS_LINKS, {"ids": ranked[start : start + batch]}, read_only=True
        ).rows
        for paper, rel, end in sorted(rows, key=lambda row: rank.get(row[0]["key"], len(rank))):
            if collector.add_node(paper) and collector.add_node(end):
                collector.add_edge(rel)
        if collector.truncated:
            break
    _add_family_links(store, collector)
    return collector.view()


def _add_family_links(store: GraphStore, collector: GraphCollector) -> None:
    names: dict[str, list[str]] = defaultdict(list)
    for node in collector.nodes.values():
        names[node.label].append(node.key)
    for rel_spec in load_schema().relationships.values():
        label = rel_spec.source
        if rel_spec.targets != (label,) or not names.get(label):
            continue
        rows = store.query(
            cypher.api_family_links(label, rel_spec.type), {"names": names[label]}, read_only=True
        ).rows
        for start, rel, end in rows:
            if collector.add_node(start) and collector.add_node(end):
                collector.add_edge(rel)
