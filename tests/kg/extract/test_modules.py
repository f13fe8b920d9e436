"""Abbreviated module names a paper defines for its own parts, and network heads that are not
anatomy. Names are invented (held-out style)."""

from __future__ import annotations

import pytest

from tests.kg.extract.conftest import Extract, names


@pytest.mark.parametrize(
    ("text", "module"),
    [
        (
            "We propose GlimNet, a dual-branch network with a spectral edge recalibration (SER) module "
            "that separates boundary cues.",
            "SER",
        ),
        ("The encoder stacks Multi-Scale Twisted Scan (MTS4) blocks at three rates.", "MTS4"),
        ("Our decoder couples a bidirectional frame warping (BFW) module with the backbone.", "BFW"),
    ],
)
def test_a_defined_module_is_a_proposed_model(extract: Extract, text: str, module: str) -> None:
    assert module in names(extract(text), "Model", "proposed")


def test_a_module_of_someone_else_is_not_proposed(extract: Extract) -> None:
    text = "Existing methods such as the spectral edge recalibration (SER) module were compared."
    assert "SER" not in names(extract(text), "Model", "proposed")


@pytest.mark.parametrize(
    "text",
    [
        "A lightweight regression head then estimates the ejection fraction from the masks.",
        "The detector localises centroids with a heatmap head before cropping each tooth.",
        "A survival head pools features inside the predicted tumour.",
    ],
)
def test_network_heads_are_not_anatomy(extract: Extract, text: str) -> None:
    assert "head" not in names(extract(text), "Anatomy")


def test_the_anatomical_head_is_still_anatomy(extract: Extract) -> None:
    assert "head" in names(extract("We segment lesions on head CT scans of 200 patients."), "Anatomy")


@pytest.mark.parametrize(
    "text",
    [
        "The model segments bone and muscle on every MRI sequence.",
        "Masks of bones, muscles and soft tissue are predicted jointly.",
    ],
)
def test_tissue_classes_are_not_anatomy(extract: Extract, text: str) -> None:
    assert not names(extract(text), "Anatomy") & {"bone", "muscle"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Controllable Chest X-ray Generation with Masks", "We condition a generator on masks."),
        ("A study of medical images", "We perform MR-to-CT synthesis for radiotherapy planning."),
    ],
)
def test_modality_generation_is_image_synthesis(extract: Extract, title: str, text: str) -> None:
    assert "image synthesis" in names(extract(text, title=title), "Task")
