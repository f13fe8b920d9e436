"""Alias hygiene: every mention becomes an alias of its node in the graph, so a mention must name
the entity it is attached to and nothing else. Names here are invented (held-out style)."""

from __future__ import annotations

import pytest

from kg import pipeline
from kg.extract import default_extractor
from kg.extract.abbrev import initials_agree
from kg.extract.resolve import norm
from kg.model import Extraction
from tests.kg.extract.conftest import Extract


def _mentions(extraction: Extraction, label: str, name: str) -> set[str]:
    return {m for e in extraction.entities if e.type == label and e.name == name for m in e.mentions}


@pytest.mark.parametrize(
    ("text", "base", "variant"),
    [
        (
            "We propose the Radiomics-Aware Vision Transformer (RA-ViT). Unlike ViT, it is fast.",
            "ViT",
            "RA-ViT",
        ),
        ("We present Glare-Correcting SAM (GlSAM), which refines SAM masks.", "SAM", "GlSAM"),
        ("Our Weakly-Prompted SAM-2 (WPS) tracks organs better than SAM 2.", "SAM 2", "WPS"),
    ],
)
def test_a_variant_defined_on_a_known_model_is_its_own_model(
    extract: Extract, text: str, base: str, variant: str
) -> None:
    result = extract(text)
    assert variant not in _mentions(result, "Model", base)
    assert variant in {e.name for e in result.entities if e.type == "Model"}
    assert any(link.child == variant and link.parent == base for link in result.links)


@pytest.mark.parametrize(
    ("text", "label", "name", "stray"),
    [
        (
            "Semi-supervised learning has achieved significant progress in medical image segmentation "
            "(SSMIS) with few labels.",
            "Setting",
            "semi-supervised",
            "significant progress in medical image segmentation",
        ),
        (
            "The corpus spans 4 imaging modalities (CT, MRI, PET and ultrasound) from 12 sites.",
            "Modality",
            "CT",
            "4 imaging modalities",
        ),
        (
            "Among query strategies, Active Learning by Quantised Novelty (ALQN) selects the most "
            "informative cases for active learning.",
            "Setting",
            "active learning",
            "ALQN",
        ),
    ],
)
def test_a_long_form_that_is_not_the_name_is_no_alias(
    extract: Extract, text: str, label: str, name: str, stray: str
) -> None:
    assert not any(stray in m for m in _mentions(extract(text), label, name))


def test_a_true_long_form_is_still_an_alias(extract: Extract) -> None:
    result = extract("The Automatic Cardiac Diagnosis Challenge (ACDC) dataset is used with CT.")
    assert "Automatic Cardiac Diagnosis Challenge" in _mentions(result, "Dataset", "ACDC")


@pytest.mark.parametrize(
    ("short", "long", "agree"),
    [
        ("SSMIS", "semi-supervised medical image segmentation", True),
        ("SSMIS", "significant progress in medical image segmentation", False),
        ("CT", "covering 10 imaging modalities", False),
        ("FAMNet", "Frequency-aware Matching Network", True),
        ("CONCH", "CONtrastive learning from Captions for Histopathology", True),
    ],
)
def test_initials_agree(short: str, long: str, agree: bool) -> None:
    assert initials_agree(short, long) is agree


def test_no_mention_in_the_sample_is_another_entitys_name() -> None:
    """Over the whole sample: a mention never equals the canonical name of another entity of the
    same type (anywhere in the corpus), so graph nodes never absorb each other's names."""
    papers = pipeline.load_listings(pipeline.sample_listings()).papers
    extractions = default_extractor().extract(papers)
    names = {(e.type, norm(e.name)) for x in extractions for e in x.entities}
    clashes = [
        (e.type, e.name, m)
        for x in extractions
        for e in x.entities
        for m in e.mentions
        if norm(m) != norm(e.name) and (e.type, norm(m)) in names
    ]
    assert clashes == []


def test_a_plus_variant_is_not_an_alias_of_its_base(extract: Extract) -> None:
    result = extract(
        "We present the Fast CBAM+ model. A CBAM block is placed after each stage.", title="Fast CBAM+"
    )
    plus = [e for e in result.entities if e.name.endswith("CBAM+")]
    assert plus
    assert all("CBAM" not in e.mentions for e in plus)


def test_concordance_index_is_not_auc(extract: Extract) -> None:
    result = extract("Survival prediction reaches a C-index of 0.71 and an AUC of 0.80.")
    assert "C-index" not in _mentions(result, "Metric", "AUC")
    assert "C-index" in {e.name for e in result.entities if e.type == "Metric"}


def test_a_defined_model_part_is_not_retyped_by_nearby_data_words(extract: Extract) -> None:
    text = (
        "We propose two components: a Cross-scale Token Mixing Adapter (CTMA) integrating 3D MRI data "
        "with clinical text."
    )
    result = extract(text)
    assert "CTMA" in {e.name for e in result.entities if e.type == "Model"}
    assert "CTMA" not in {e.name for e in result.entities if e.type == "Dataset"}


def test_a_later_edition_is_its_own_dataset(extract: Extract) -> None:
    result = extract("We train on M&Ms and evaluate on M&Ms-2 cardiac MRI.")
    assert "M&Ms-2" not in _mentions(result, "Dataset", "M&Ms")
    assert any(link.child == "M&Ms-2" and link.parent == "M&Ms" for link in result.links)
