"""The Neo4j Browser style (GraSS) of the graph, generated from ``schema/style.yaml``.

The views (``kg viz``, the explorer) and Neo4j Browser then show every label in the same colour
with the same caption. Load ``schema/neo4j-browser.grass`` in Neo4j Browser with ``:style`` and a
drag-and-drop of the file; ``python -m kg.export.grass --write`` regenerates it (a test keeps the
committed file equal to this module's output). The file carries no comments: Neo4j Browser's
style parser does not take them.

>>> darker("#4C78A8")
'#3D6086'
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import yaml

from kg.resources import schema_dir
from kg.schema import Schema, load_schema


def darker(colour: str, factor: float = 0.8) -> str:
    """The border colour: the fill colour darkened."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02X}" for c in channels)


def _text_colour(colour: str) -> str:
    """White captions on dark fills, black on light ones."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 160 else "#FFFFFF"


def _rule(selector: str, declarations: dict[str, str]) -> str:
    body = "".join(f"  {name}: {value};\n" for name, value in declarations.items())
    return f"{selector} {{\n{body}}}\n"


def load_style() -> dict[str, Any]:
    style: dict[str, Any] = yaml.safe_load((schema_dir() / "style.yaml").read_text(encoding="utf-8"))
    return style


def grass(style: dict[str, Any] | None = None, schema: Schema | None = None) -> str:
    """The GraSS text: defaults, then one rule per schema label and relationship type."""
    style = style or load_style()
    schema = schema or load_schema()
    default = style["default"]
    fill = default["colour"]
    rules = [
        _rule("node", {"diameter": "50px", "color": fill, "border-color": darker(fill), "border-width": "2px",
                       "text-color-internal": _text_colour(fill), "font-size": "10px"}),
        _rule("relationship", {"color": style.get("edge_default", "#A5ABB6"), "shaft-width": "1px",
                               "font-size": "8px", "padding": "3px", "text-color-external": "#000000",
                               "text-color-internal": "#FFFFFF", "caption": "'<type>'"}),
    ]
    for label in schema.nodes:
        look = {**default, **style["labels"].get(label, {})}
        rules.append(_rule(f"node.{label}", {
            "color": look["colour"],
            "border-color": darker(look["colour"]),
            "text-color-internal": _text_colour(look["colour"]),
            "diameter": f"{int(look['size']) * 6}px",
            "caption": f"'{{{look['caption']}}}'",
        }))
    for rel_type in schema.relationships:
        colour = style.get("relationships", {}).get(rel_type, style.get("edge_default", "#A5ABB6"))
        rules.append(_rule(f"relationship.{rel_type}", {"color": colour, "caption": "'<type>'"}))
    return "\n".join(rules)


def main(argv: list[str] | None = None) -> None:
    """``python -m kg.export.grass [--write]``: print the style, or rewrite schema/neo4j-browser.grass."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite schema/neo4j-browser.grass")
    text = grass()
    if parser.parse_args(argv).write:
        (schema_dir() / "neo4j-browser.grass").write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
