"""The graph in RDF: its ontology (generated from ``schema/graph.yaml``) and a Turtle export.

Every label is an ``owl:Class``, every relationship type an ``owl:ObjectProperty`` and every
property an ``owl:DatatypeProperty`` in the ``kg:`` namespace. A node is the IRI
``<urn:medimg-kg:Label/key>``; a relationship is a triple, and one carrying properties (the evidence
of a Paper->entity link) is also described by an ``rdf:Statement`` with those properties.
``schema/ontology.ttl`` is this module's output, committed (``python -m kg.export.rdf --write``
regenerates it; a test keeps the two equal).

>>> node_iri("Model", "U-Net 2")
rdflib.term.URIRef('urn:medimg-kg:Model/U-Net%202')
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.model import GraphDocument, Node, Relationship
from kg.resources import schema_dir
from kg.schema import Schema, load_schema

BASE = "urn:medimg-kg:"
KG = Namespace(f"{BASE}ontology#")
ONTOLOGY = URIRef(f"{BASE}ontology")
XSD_TYPES = {"STRING": XSD.string, "INT64": XSD.long, "DOUBLE": XSD.double, "BOOLEAN": XSD.boolean,
             "STRING[]": XSD.string}


def node_iri(label: str, key: str) -> URIRef:
    return URIRef(f"{BASE}{label}/{quote(key, safe='')}")


def link_iri(rel: Relationship) -> URIRef:
    parts = (rel.type, rel.start.label, rel.start.key, rel.end.label, rel.end.key)
    return URIRef(f"{BASE}link/" + "/".join(quote(part, safe="") for part in parts))


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in (("kg", KG), ("owl", OWL), ("rdfs", RDFS), ("xsd", XSD)):
        graph.bind(prefix, namespace)
    return graph


def _classes(graph: Graph, classes: Iterable[URIRef]) -> URIRef | BNode:
    """One class, or the union of several (as an anonymous owl:unionOf class)."""
    members = sorted(set(classes))
    if len(members) == 1:
        return members[0]
    # named blank nodes, so the same union is one node and the Turtle text is reproducible
    names = [str(m).rsplit("#", 1)[-1].rsplit(":", 1)[-1] for m in members]
    union = BNode("union_" + "_".join(names))
    if (union, RDF.type, OWL.Class) in graph:
        return union
    graph.add((union, RDF.type, OWL.Class))
    cells = [BNode(f"{union}_{i}") for i in range(len(members))]
    graph.add((union, OWL.unionOf, cells[0]))
    for i, (cell, member) in enumerate(zip(cells, members, strict=True)):
        graph.add((cell, RDF.first, member))
        graph.add((cell, RDF.rest, cells[i + 1] if i + 1 < len(cells) else RDF.nil))
    return union


def _property_domains(schema: Schema) -> dict[str, tuple[str, set[URIRef]]]:
    """Every property name with its schema type and the classes (or rdf:Statement) carrying it."""
    found: dict[str, tuple[str, set[URIRef]]] = {}
    for label, spec in schema.nodes.items():
        for name, type_name in spec.properties.items():
            found.setdefault(name, (type_name, set()))[1].add(KG[label])
    for rel_type in schema.relationships:
        for name, type_name in schema.relationship_properties(rel_type).items():
            found.setdefault(name, (type_name, set()))[1].add(RDF.Statement)
    return found


def ontology_graph(schema: Schema | None = None) -> Graph:
    """The ontology of the graph's vocabulary (classes, object and datatype properties)."""
    schema = schema or load_schema()
    graph = _bind(Graph())
    graph.add((ONTOLOGY, RDF.type, OWL.Ontology))
    graph.add((ONTOLOGY, RDFS.label, Literal("The knowledge graph of medical-imaging research")))
    graph.add((ONTOLOGY, OWL.versionInfo, Literal(f"schema version {schema.version}")))
    note = "Generated from schema/graph.yaml by kg.export.rdf; do not edit."
    graph.add((ONTOLOGY, RDFS.comment, Literal(note)))
    for label, spec in schema.nodes.items():
        graph.add((KG[label], RDF.type, OWL.Class))
        graph.add((KG[label], RDFS.label, Literal(label)))
        if spec.description:
            graph.add((KG[label], RDFS.comment, Literal(spec.description)))
    for rel_type, rel in schema.relationships.items():
        prop = KG[rel_type]
        graph.add((prop, RDF.type, OWL.ObjectProperty))
        graph.add((prop, RDFS.label, Literal(rel_type)))
        graph.add((prop, RDFS.domain, KG[rel.source]))
        graph.add((prop, RDFS.range, _classes(graph, (KG[t] for t in rel.targets))))
        if rel.description:
            graph.add((prop, RDFS.comment, Literal(rel.description)))
    for name, (type_name, domains) in sorted(_property_domains(schema).items()):
        prop = KG[name]
        graph.add((prop, RDF.type, OWL.DatatypeProperty))
        graph.add((prop, RDFS.label, Literal(name)))
        graph.add((prop, RDFS.domain, _classes(graph, domains)))
        graph.add((prop, RDFS.range, XSD_TYPES[type_name]))
        if type_name.endswith("[]"):
            graph.add((prop, RDFS.comment, Literal("Multi-valued: one triple per value.")))
    return graph


def ontology_turtle(schema: Schema | None = None) -> str:
    """The ontology as Turtle text (what ``schema/ontology.ttl`` holds)."""
    return ontology_graph(schema).serialize(format="turtle")


def _literals(value: Any, type_name: str) -> list[Literal]:
    if value is None:
        return []
    if isinstance(value, list):
        return [Literal(item) for item in value]
    if type_name in ("INT64", "DOUBLE", "BOOLEAN"):
        return [Literal(value, datatype=XSD_TYPES[type_name])]
    return [Literal(value)]


def _add_node(graph: Graph, node: Node, schema: Schema) -> None:
    subject = node_iri(node.label, node.key)
    graph.add((subject, RDF.type, KG[node.label]))
    types = schema.node(node.label).properties
    for name, value in node.properties.items():
        for literal in _literals(value, types.get(name, "STRING")):
            graph.add((subject, KG[name], literal))
    title = node.properties.get("title") or node.properties.get("name") or node.key
    graph.add((subject, RDFS.label, Literal(title)))


def _add_relationship(graph: Graph, rel: Relationship, schema: Schema) -> None:
    start, end = node_iri(rel.start.label, rel.start.key), node_iri(rel.end.label, rel.end.key)
    graph.add((start, KG[rel.type], end))
    props = {k: v for k, v in rel.properties.items() if v not in (None, [], "")}
    if not props:
        return
    link = link_iri(rel)
    graph.add((link, RDF.type, RDF.Statement))
    graph.add((link, RDF.subject, start))
    graph.add((link, RDF.predicate, KG[rel.type]))
    graph.add((link, RDF.object, end))
    types = schema.relationship_properties(rel.type)
    for name, value in props.items():
        for literal in _literals(value, types.get(name, "STRING")):
            graph.add((link, KG[name], literal))


def graph_to_rdf(doc: GraphDocument, schema: Schema | None = None) -> Graph:
    """The instance graph: nodes, relationships and the evidence of each link."""
    schema = schema or load_schema()
    graph = _bind(Graph())
    graph.add((URIRef(f"{BASE}graph"), OWL.imports, ONTOLOGY))
    for node in doc.nodes:
        _add_node(graph, node, schema)
    for rel in doc.relationships:
        _add_relationship(graph, rel, schema)
    return graph


def export_turtle(doc: GraphDocument, folder: Path, schema: Schema | None = None) -> list[Path]:
    """Write ``graph.ttl`` (the instances) and ``ontology.ttl`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    data, ontology = folder / "graph.ttl", folder / "ontology.ttl"
    data.write_text(graph_to_rdf(doc, schema).serialize(format="turtle"), encoding="utf-8")
    ontology.write_text(ontology_turtle(schema), encoding="utf-8")
    return [data, ontology]


def main(argv: list[str] | None = None) -> None:
    """``python -m kg.export.rdf [--write]``: print the ontology, or rewrite schema/ontology.ttl."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite schema/ontology.ttl")
    args = parser.parse_args(argv)
    text = ontology_turtle()
    if args.write:
        (schema_dir() / "ontology.ttl").write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
