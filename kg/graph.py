"""Turn extractions into a store-ready :class:`GraphDocument`, and back and forth with networkx.

>>> from kg.model import Paper, ExtractedEntity, Evidence, Extraction
>>> ev = Evidence(sentence="We use SAM.", start=7, end=10, extractor="t", confidence=0.9)
>>> paper = Paper(id="p1", title="T", abstract="We use SAM.")
>>> doc = build_graph([Extraction(paper=paper, entities=[
...     ExtractedEntity(type="Model", name="SAM", mentions=["SAM"], evidence=[ev])])])
>>> sorted((n.label, n.key) for n in doc.nodes)
[('Model', 'SAM'), ('Paper', 'p1')]
>>> [(r.type, r.end.key, r.properties["sentence"]) for r in doc.relationships]
[('USES', 'SAM', 'We use SAM.')]
>>> g = to_networkx(doc)
>>> sorted(from_networkx(g).model_dump()["nodes"], key=lambda n: n["key"])[0]["key"]
'SAM'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

import networkx as nx

from kg.model import (
    ExtractedEntity,
    Extraction,
    GraphDocument,
    Node,
    NodeRef,
    Paper,
    Relationship,
)
from kg.schema import Schema, load_schema


def paper_node(paper: Paper) -> Node:
    """The Paper node: flat properties, ISO date, sources as ``path:line`` strings."""
    props: dict[str, Any] = {
        "id": paper.id,
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "other_titles": list(paper.other_titles),
        "abstract": paper.abstract,
        "published": paper.published.isoformat() if paper.published else None,
        "url": paper.url,
        "code_url": paper.code_url,
        "comment": paper.comment,
        "authors_count": paper.authors_count,
        "upvotes": paper.upvotes,
        "topics": sorted(set(paper.topics)),
        "sources": sorted({s.ref() for s in paper.sources}),
    }
    return Node(label="Paper", key=paper.id, properties=props)


def evidence_properties(entity: ExtractedEntity) -> dict[str, Any]:
    """The edge properties of a Paper->entity link: its strongest evidence and every mention."""
    best = max(entity.evidence, key=lambda e: e.confidence, default=None)
    return {
        "sentence": best.sentence if best else "",
        # not start/end: ``end`` is a reserved word in LadybugDB's Cypher, so r.end would not parse
        "char_start": best.start if best else 0,
        "char_end": best.end if best else 0,
        "field": best.field if best else "abstract",
        "extractor": best.extractor if best else "",
        "confidence": entity.confidence,
        "mentions": sorted(set(entity.mentions)),
    }


class _Builder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.nodes: dict[NodeRef, Node] = {}
        self.rels: dict[tuple[NodeRef, str, NodeRef], Relationship] = {}

    def add_node(self, node: Node) -> NodeRef:
        existing = self.nodes.get(node.ref)
        if existing is None:
            self.nodes[node.ref] = node
        elif "aliases" in node.properties:
            merged = set(existing.properties.get("aliases") or []) | set(node.properties["aliases"])
            existing.properties["aliases"] = sorted(merged)
        return node.ref

    def add_entity(self, label: str, name: str, aliases: Iterable[str] = ()) -> NodeRef:
        alias_list = sorted({a for a in aliases if a and a != name})
        return self.add_node(Node(label=label, key=name, properties={"name": name, "aliases": alias_list}))

    def add_rel(self, rel_type: str, start: NodeRef, end: NodeRef, props: dict[str, Any]) -> None:
        self.rels.setdefault((start, rel_type, end), Relationship(type=rel_type, start=start, end=end,
                                                                  properties=props))

    def add_extraction(self, extraction: Extraction) -> None:
        paper = extraction.paper
        paper_ref = self.add_node(paper_node(paper))
        for entity in extraction.entities:
            end = self.add_entity(entity.type, entity.name, entity.mentions)
            rel_type = self.schema.edge_type(entity.type, entity.role)
            self.add_rel(rel_type, paper_ref, end, evidence_properties(entity))
        for link in extraction.links:
            child = self.add_entity(link.label, link.child)
            parent = self.add_entity(link.label, link.parent)
            self.add_rel(link.type, child, parent, {})
        if paper.code_url:
            host = urlparse(paper.code_url).netloc.lower()
            code = self.add_node(Node(label="CodeRepository", key=paper.code_url,
                                      properties={"url": paper.code_url, "host": host}))
            self.add_rel("HAS_CODE", paper_ref, code, {})
        if paper.venue:
            venue = self.add_entity("Venue", paper.venue)
            self.add_rel("PUBLISHED_IN", paper_ref, venue, {"comment": paper.comment or ""})

    def document(self) -> GraphDocument:
        return GraphDocument(nodes=list(self.nodes.values()), relationships=list(self.rels.values()))


def build_graph(extractions: Iterable[Extraction], schema: Schema | None = None) -> GraphDocument:
    """One node per (label, key), one relationship per (start, type, end); aliases are unioned."""
    builder = _Builder(schema or load_schema())
    for extraction in extractions:
        builder.add_extraction(extraction)
    return builder.document()


def to_networkx(doc: GraphDocument) -> nx.MultiDiGraph:
    """A networkx multigraph; node ids are ``"Label:key"``, node/edge attributes the properties."""
    graph = nx.MultiDiGraph()
    for node in doc.nodes:
        graph.add_node(f"{node.label}:{node.key}", label=node.label, key=node.key, **node.properties)
    for rel in doc.relationships:
        graph.add_edge(f"{rel.start.label}:{rel.start.key}", f"{rel.end.label}:{rel.end.key}",
                       key=rel.type, type=rel.type, **rel.properties)
    return graph


def from_networkx(graph: nx.MultiDiGraph) -> GraphDocument:
    """The inverse of :func:`to_networkx`."""
    nodes = []
    for _, data in graph.nodes(data=True):
        props = {k: v for k, v in data.items() if k not in ("label", "key")}
        nodes.append(Node(label=data["label"], key=data["key"], properties=props))
    rels = []
    for u, v, data in graph.edges(data=True):
        start, end = graph.nodes[u], graph.nodes[v]
        props = {k: val for k, val in data.items() if k != "type"}
        rels.append(Relationship(type=data["type"], start=NodeRef(label=start["label"], key=start["key"]),
                                 end=NodeRef(label=end["label"], key=end["key"]), properties=props))
    return GraphDocument(nodes=nodes, relationships=rels)
