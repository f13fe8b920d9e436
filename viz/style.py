"""Colours, shapes and captions per node label, read from ``schema/style.yaml``.

The pyvis page and the explorer share this one file, so a label looks the same everywhere.

>>> style = load_style()
>>> style.for_label("Model").shape
'diamond'
>>> style.caption("Paper", "2509.06617", {"title": "MM-DINOv2: adapting foundation models"})
'MM-DINOv2: adapting foundation models'
>>> style.caption("Model", "SAM", {})
'SAM'
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kg.errors import SchemaError
from kg.resources import schema_dir

Shape = Literal["dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon"]
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _check_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"{value!r} is not a #RRGGBB colour")
    return value


class LabelStyle(BaseModel):
    """How one node label is drawn."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    colour: str
    shape: Shape = "dot"
    caption: str = "name"
    size: float = Field(default=7.0, gt=0, le=50)

    _colour = field_validator("colour")(_check_colour)


class Style(BaseModel):
    """The whole style file; :meth:`for_label` never fails (unknown labels get ``default``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    labels: dict[str, LabelStyle]
    default: LabelStyle
    caption_max_chars: int = Field(default=48, ge=8)
    relationships: dict[str, str] = Field(default_factory=dict)
    edge_default: str = "#B8B8B8"

    @field_validator("relationships")
    @classmethod
    def _relationship_colours(cls, value: dict[str, str]) -> dict[str, str]:
        for colour in value.values():
            _check_colour(colour)
        return value

    _edge_default = field_validator("edge_default")(_check_colour)

    def for_label(self, label: str) -> LabelStyle:
        return self.labels.get(label, self.default)

    def edge_colour(self, rel_type: str) -> str:
        return self.relationships.get(rel_type, self.edge_default)

    def caption(self, label: str, key: str, properties: dict[str, Any]) -> str:
        """The caption property's value (else the key), cut to ``caption_max_chars``."""
        value = properties.get(self.for_label(label).caption)
        text = str(value) if value not in (None, "") else key
        if len(text) > self.caption_max_chars:
            text = text[: self.caption_max_chars - 1].rstrip() + "…"
        return text


@cache
def load_style() -> Style:
    """Read and check ``schema/style.yaml`` (cached: it does not change at run time)."""
    path = schema_dir() / "style.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Style.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise SchemaError(f"{path}: {exc}") from exc
