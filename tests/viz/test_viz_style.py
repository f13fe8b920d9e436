"""schema/style.yaml: every label the schema knows has a look, and bad style files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kg.resources import schema_dir
from kg.schema import load_schema
from viz.style import LabelStyle, Style, load_style


@pytest.mark.parametrize("label", sorted(load_schema().nodes))
def test_every_schema_label_has_its_own_style(label: str) -> None:
    style = load_style()
    assert label in style.labels, f"schema/style.yaml has no entry for {label}"
    look = style.labels[label]
    assert look.caption in load_schema().node(label).properties, f"{label}: caption is not a property"


def test_labels_are_told_apart_by_colour_or_shape() -> None:
    looks = [(s.colour.lower(), s.shape) for s in load_style().labels.values()]
    assert len(set(looks)) == len(looks)


@pytest.mark.parametrize("rel_type", sorted(load_style().relationships))
def test_relationship_colours_name_real_types(rel_type: str) -> None:
    assert rel_type in load_schema().relationships


@pytest.mark.parametrize(
    ("label", "key", "props", "expected"),
    [
        ("Paper", "2509.06617", {"title": "Short title"}, "Short title"),
        ("Paper", "2509.06617", {"title": ""}, "2509.06617"),
        ("Model", "SAM", {"name": "SAM"}, "SAM"),
        ("Unknown", "k", {}, "k"),
        ("Paper", "p", {"title": "x" * 100}, "x" * 47 + "…"),
    ],
)
def test_caption_uses_the_caption_property_then_the_key(
    label: str, key: str, props: dict[str, str], expected: str
) -> None:
    assert load_style().caption(label, key, props) == expected


def test_unknown_labels_get_the_default_look() -> None:
    style = load_style()
    assert style.for_label("NotALabel") == style.default


@pytest.mark.parametrize(
    "bad",
    [
        {"colour": "red"},
        {"colour": "#12345"},
        {"colour": "#123456", "shape": "circle"},
        {"colour": "#123456", "size": 0},
    ],
)
def test_bad_label_styles_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        LabelStyle.model_validate(bad)


def test_the_shipped_file_round_trips(tmp_path: Path) -> None:
    raw = yaml.safe_load((schema_dir() / "style.yaml").read_text(encoding="utf-8"))
    assert Style.model_validate(raw) == load_style()
