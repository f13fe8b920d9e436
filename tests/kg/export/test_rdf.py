"""The RDF side: the committed ontology matches its generator, and the Turtle export of the sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib import namespace as ns
from rdflib.namespace import OWL, RDF, RDFS
from typer.testing import CliRunner

from kg.cli import app
from kg.export.rdf import KG, export_turtle, node_iri, ontology_turtle
from kg.model import GraphDocument, GraphStats
from kg.resources import schema_dir
from kg.schema import load_schema

SCHEMA = load_schema()


def test_the_committed_ontology_is_the_generated_one() -> None:
    committed = (schema_dir() / "ontology.ttl").read_text(encoding="utf-8")
    assert committed == ontology_turtle(), "schema/ontology.ttl is stale: run python -m kg.export.rdf --write"


def test_the_ontology_declares_the_whole_vocabulary() -> None:
    graph = Graph().parse(data=ontology_turtle(), format="turtle")
    assert set(graph.subjects(RDF.type, OWL.Class)) >= {KG[label] for label in SCHEMA.nodes}
    assert set(graph.subjects(RDF.type, OWL.ObjectProperty)) == {KG[t] for t in SCHEMA.relationships}
    assert (KG.USES_DATASET, RDFS.domain, KG.Paper) in graph
    assert (KG.USES_DATASET, RDFS.range, KG.Dataset) in graph
    assert (KG.version, RDFS.range, ns.XSD.long) in graph
    assert (KG.confidence, RDFS.range, ns.XSD.double) in graph
    assert (KG.confidence, RDFS.domain, RDF.Statement) in graph  # evidence describes the link
    union = graph.value(graph.value(KG.PROPOSES, RDFS.range), OWL.unionOf)
    assert union is not None
    members = set(graph.items(union))
    assert members == {KG.Model, KG.Dataset, KG.Metric}


@pytest.fixture(scope="module")
def turtle(sample_graph: GraphDocument, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    folder = tmp_path_factory.mktemp("turtle")
    data, ontology = export_turtle(sample_graph, folder)
    assert ontology.read_text(encoding="utf-8") == ontology_turtle()
    return Graph().parse(data, format="turtle")


@pytest.mark.parametrize("label", list(SCHEMA.nodes))
def test_every_node_is_a_typed_resource(turtle: Graph, sample_stats: GraphStats, label: str) -> None:
    assert len(set(turtle.subjects(RDF.type, KG[label]))) == sample_stats.nodes[label]


@pytest.mark.parametrize("rel_type", list(SCHEMA.relationships))
def test_every_relationship_is_a_triple(turtle: Graph, sample_stats: GraphStats, rel_type: str) -> None:
    assert len(list(turtle.triples((None, KG[rel_type], None)))) == sample_stats.relationships[rel_type]


def test_evidence_is_attached_to_each_link(turtle: Graph, sample_graph: GraphDocument) -> None:
    rel = next(r for r in sample_graph.relationships if r.type == "USES_DATASET")
    statements = set(turtle.subjects(RDF.subject, node_iri("Paper", rel.start.key)))
    [link] = [s for s in statements if turtle.value(s, RDF.object) == node_iri("Dataset", rel.end.key)]
    assert str(turtle.value(link, KG.sentence)) == rel.properties["sentence"]
    assert float(str(turtle.value(link, KG.confidence))) == rel.properties["confidence"]


def test_the_cli_writes_turtle(sample_store_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--format", "turtle", "--output", str(tmp_path),
                                      "--store", str(sample_store_path)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"graph.ttl", "ontology.ttl"}
