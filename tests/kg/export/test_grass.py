"""The Neo4j Browser style: generated from schema/style.yaml, committed as schema/neo4j-browser.grass."""

from __future__ import annotations

import re

from kg.export.grass import grass, load_style
from kg.resources import schema_dir
from kg.schema import load_schema


def test_the_committed_style_is_the_generated_one() -> None:
    committed = (schema_dir() / "neo4j-browser.grass").read_text(encoding="utf-8")
    assert committed == grass(), "schema/neo4j-browser.grass is stale: run python -m kg.export.grass --write"


def test_every_label_has_the_views_colour_and_caption() -> None:
    text, style = grass(), load_style()
    rules = dict(re.findall(r"^(\S+) \{\n(.*?)^\}", text, flags=re.MULTILINE | re.DOTALL))
    for label in load_schema().nodes:
        look = style["labels"][label]
        body = rules[f"node.{label}"]
        assert f"color: {look['colour']};" in body
        assert f"caption: '{{{look['caption']}}}';" in body
    for rel_type in load_schema().relationships:
        assert "caption: '<type>';" in rules[f"relationship.{rel_type}"]
    assert "/*" not in text  # Neo4j Browser's style parser takes no comments
