"""The graph schema read from ``schema/graph.yaml``: labels, keys, properties, relationship types.

>>> s = load_schema()
>>> s.node("Paper").key
'id'
>>> s.edge_type("Dataset", "used")
'USES_DATASET'
>>> sorted(s.relationship("USES").targets)
['Model']
>>> parse_node_id(node_id("Model", "SAM 2"))
NodeRef(label='Model', key='SAM 2')
>>> parse_node_id("2509.06617") is None
True
>>> [r.type for r in s.summary().relationships if r.source == "Dataset"]
['VERSION_OF']
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from kg.errors import SchemaError
from kg.model import NodeRef
from kg.resources import schema_dir

PROPERTY_TYPES = {"STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"}


class NodeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    key: str
    description: str = ""
    properties: dict[str, str]


class RelationshipSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    source: str
    targets: tuple[str, ...]
    evidence: bool
    description: str = ""
    properties: dict[str, str] = Field(default_factory=dict)


class LabelSummary(BaseModel):
    """A node label as ``kg schema`` and ``GET /schema`` show it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    key: str
    properties: dict[str, str]
    description: str = ""


class RelationshipSummary(BaseModel):
    """A relationship type as ``kg schema`` and ``GET /schema`` show it (evidence properties included)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    source: str
    targets: list[str]
    properties: dict[str, str]
    description: str = ""


class SchemaSummary(BaseModel):
    """The labels and relationship types of the graph, the same on every store."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    labels: list[LabelSummary]
    relationships: list[RelationshipSummary]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    nodes: dict[str, NodeSpec]
    relationships: dict[str, RelationshipSpec]
    evidence_properties: dict[str, str]
    edge_for: dict[str, dict[str, str]]

    def node(self, label: str) -> NodeSpec:
        try:
            return self.nodes[label]
        except KeyError:
            raise SchemaError(f"unknown node label {label!r}; known: {', '.join(self.nodes)}") from None

    def relationship(self, rel_type: str) -> RelationshipSpec:
        try:
            return self.relationships[rel_type]
        except KeyError:
            known = ", ".join(self.relationships)
            raise SchemaError(f"unknown relationship type {rel_type!r}; known: {known}") from None

    def edge_type(self, label: str, role: str) -> str:
        """The relationship type of a Paper->entity link for an entity label and role."""
        try:
            return self.edge_for[role][label]
        except KeyError:
            raise SchemaError(f"no relationship for a {role} {label}") from None

    def summary(self) -> SchemaSummary:
        """Labels and relationship types with their properties, in ``graph.yaml``'s order."""
        return SchemaSummary(
            version=self.version,
            labels=[LabelSummary(label=n.label, key=n.key, properties=dict(n.properties),
                                 description=n.description) for n in self.nodes.values()],
            relationships=[
                RelationshipSummary(type=r.type, source=r.source, targets=list(r.targets),
                                    properties=self.relationship_properties(r.type),
                                    description=r.description)
                for r in self.relationships.values()
            ],
        )

    def relationship_properties(self, rel_type: str) -> dict[str, str]:
        """Every property a relationship type carries, evidence included."""
        spec = self.relationship(rel_type)
        props = dict(self.evidence_properties) if spec.evidence else {}
        props.update(spec.properties)
        return props


def _parse(raw: dict[str, Any]) -> Schema:
    nodes = {
        label: NodeSpec(label=label, **spec) for label, spec in (raw.get("nodes") or {}).items()
    }
    rels = {}
    for rel_type, spec in (raw.get("relationships") or {}).items():
        spec = dict(spec)
        targets = spec.pop("to")
        rels[rel_type] = RelationshipSpec(
            type=rel_type,
            source=spec.pop("from"),
            targets=tuple(targets if isinstance(targets, list) else [targets]),
            **spec,
        )
    schema = Schema(
        version=raw["version"],
        nodes=nodes,
        relationships=rels,
        evidence_properties=raw.get("evidence_properties") or {},
        edge_for=raw.get("edge_for") or {},
    )
    _check(schema)
    return schema


def _check(schema: Schema) -> None:
    for node in schema.nodes.values():
        if node.key not in node.properties:
            raise SchemaError(f"{node.label}: key {node.key!r} is not among its properties")
        bad = {t for t in node.properties.values() if t not in PROPERTY_TYPES}
        if bad:
            raise SchemaError(f"{node.label}: unknown property types {sorted(bad)}")
    for rel in schema.relationships.values():
        for label in (rel.source, *rel.targets):
            if label not in schema.nodes:
                raise SchemaError(f"{rel.type}: unknown label {label!r}")
    for role, mapping in schema.edge_for.items():
        for label, rel_type in mapping.items():
            if label not in schema.relationships[rel_type].targets:
                raise SchemaError(f"edge_for.{role}.{label}: {rel_type} does not point to {label}")


@cache
def load_schema() -> Schema:
    """Read and check ``schema/graph.yaml`` (cached: it never changes at run time)."""
    path = schema_dir() / "graph.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: {exc}") from exc
    try:
        return _parse(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{path}: {exc}") from exc


def node_id(label: str, key: str) -> str:
    """The id views and the API give a node: ``"Label:key"``."""
    return f"{label}:{key}"


def parse_node_id(text: str) -> NodeRef | None:
    """The node a ``"Label:key"`` id names when ``Label`` is a schema label, else ``None``."""
    label, sep, key = text.partition(":")
    if sep and key and label in load_schema().nodes:
        return NodeRef(label=label, key=key)
    return None
