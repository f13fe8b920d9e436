"""Exports of a built graph: neo4j-admin import CSVs and RDF (Turtle) with the graph's ontology."""

from __future__ import annotations

from kg.export.graph_source import read_graph
from kg.export.neo4j_admin import export_neo4j_admin
from kg.export.rdf import export_turtle, ontology_turtle

__all__ = ["export_neo4j_admin", "export_turtle", "ontology_turtle", "read_graph"]
