"""schema/graph.yaml: the vocabulary the issue asks for, and the checks that keep it consistent."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from kg.errors import SchemaError
from kg.model import ENTITY_LABELS
from kg.resources import schema_dir
from kg.schema import PROPERTY_TYPES, _parse, load_schema

SCHEMA = load_schema()

EXPECTED_RELATIONSHIPS = {
    "PROPOSES": ("Paper", {"Model", "Dataset", "Metric"}),
    "USES": ("Paper", {"Model"}),
    "USES_DATASET": ("Paper", {"Dataset"}),
    "HAS_MODALITY": ("Paper", {"Modality"}),
    "ADDRESSES": ("Paper", {"Task"}),
    "IN_SETTING": ("Paper", {"Setting"}),
    "STUDIES": ("Paper", {"Anatomy"}),
    "REPORTS": ("Paper", {"Metric"}),
    "HAS_CODE": ("Paper", {"CodeRepository"}),
    "PUBLISHED_IN": ("Paper", {"Venue"}),
    "VARIANT_OF": ("Model", {"Model"}),
    "VERSION_OF": ("Dataset", {"Dataset"}),
}


def raw_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((schema_dir() / "graph.yaml").read_text(encoding="utf-8"))
    return loaded


def test_labels_and_keys() -> None:
    assert list(SCHEMA.nodes) == ["Paper", "Model", "Dataset", "Modality", "Task", "Setting", "Anatomy",
                                  "Metric", "CodeRepository", "Venue"]
    assert SCHEMA.node("Paper").key == "id" and SCHEMA.node("CodeRepository").key == "url"
    for label in ENTITY_LABELS:
        assert SCHEMA.node(label).key == "name"
        assert SCHEMA.node(label).properties == {"name": "STRING", "aliases": "STRING[]"}


def test_paper_has_the_required_properties() -> None:
    required = {"id", "arxiv_id", "title", "abstract", "published", "url", "code_url", "comment", "sources"}
    assert required <= set(SCHEMA.node("Paper").properties)
    assert SCHEMA.node("Paper").properties["published"] == "STRING"  # ISO dates on every store


@pytest.mark.parametrize(("rel_type", "ends"), EXPECTED_RELATIONSHIPS.items())
def test_relationship_types(rel_type: str, ends: tuple[str, set[str]]) -> None:
    spec = SCHEMA.relationship(rel_type)
    assert (spec.source, set(spec.targets)) == ends
    assert spec.evidence == (spec.source == "Paper" and rel_type not in ("HAS_CODE", "PUBLISHED_IN"))


def test_evidence_properties_on_every_paper_entity_edge() -> None:
    evidence = {"sentence", "char_start", "char_end", "field", "extractor", "confidence"}
    for rel_type, spec in SCHEMA.relationships.items():
        props = SCHEMA.relationship_properties(rel_type)
        assert (evidence <= set(props)) == spec.evidence, rel_type
    assert set(SCHEMA.relationships) == set(EXPECTED_RELATIONSHIPS)


def test_every_entity_role_has_an_edge() -> None:
    assert {label: SCHEMA.edge_type(label, "used") for label in ENTITY_LABELS} == {
        "Model": "USES", "Dataset": "USES_DATASET", "Modality": "HAS_MODALITY", "Task": "ADDRESSES",
        "Setting": "IN_SETTING", "Anatomy": "STUDIES", "Metric": "REPORTS",
    }
    assert {SCHEMA.edge_type(label, "proposed") for label in ("Model", "Dataset", "Metric")} == {"PROPOSES"}
    with pytest.raises(SchemaError, match="proposed Modality"):
        SCHEMA.edge_type("Modality", "proposed")


def test_every_property_type_is_known() -> None:
    used = {t for spec in SCHEMA.nodes.values() for t in spec.properties.values()}
    used |= {t for rel in SCHEMA.relationships for t in SCHEMA.relationship_properties(rel).values()}
    assert used <= PROPERTY_TYPES


def _break(path: list[str], value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(raw_schema())
    target = raw
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return raw


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["nodes", "Model", "key"], "title", "key 'title'"),
        (["nodes", "Task", "properties"], {"name": "TEXT"}, "unknown property types"),
        (["relationships", "USES", "to"], ["Gene"], "unknown label 'Gene'"),
        (["edge_for", "used", "Model"], "USES_DATASET", "does not point to Model"),
    ],
)
def test_an_inconsistent_schema_is_refused(path: list[str], value: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        _parse(_break(path, value))


def test_unknown_names_are_schema_errors() -> None:
    with pytest.raises(SchemaError, match="unknown node label 'Gene'"):
        SCHEMA.node("Gene")
    with pytest.raises(SchemaError, match="unknown relationship type 'CITES'"):
        SCHEMA.relationship("CITES")
