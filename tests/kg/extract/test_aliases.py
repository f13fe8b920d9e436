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
