"""A paper may name its own model with a name other papers already use (a foundation model
released under a name the vocabulary knows); and a name it only builds on is not its own.
Names are invented or generic (held-out style)."""

from __future__ import annotations

from tests.kg.extract.conftest import Extract, names


def test_a_technical_report_title_names_the_model(extract: Extract) -> None:
    result = extract("We describe the training of the models.", title="GlobNet Technical Report")
    assert "GlobNet" in names(result, "Model", "proposed")


def test_introduce_known_name_with_apposition_is_proposed(extract: Extract) -> None:
    result = extract("We introduce CLIP, a general-purpose model for pathology slides.")
    assert "CLIP" in names(result, "Model", "proposed")


def test_introduce_known_name_without_apposition_is_used(extract: Extract) -> None:
    result = extract("We introduce CLIP features into the decoder of our segmenter.")
    assert "CLIP" in names(result, "Model", "used")


def test_a_defined_known_name_with_apposition_is_proposed_and_long_form_words_are_not(
    extract: Extract,
) -> None:
    text = "We introduce Contrastive Language-Image Pre-training (CLIP), a visual-language model for slides."
    result = extract(text)
    assert "CLIP" in names(result, "Model", "proposed")
    assert names(result, "Model", "proposed") == {"CLIP"}


def test_a_model_the_paper_builds_on_is_not_proposed(extract: Extract) -> None:
    text = (
        "We propose GrapeMix, a tuning scheme that inserts experts into every block of RetiBase, "
        "a foundation model trained on retinal images."
    )
    result = extract(text)
    assert "GrapeMix" in names(result, "Model", "proposed")
    assert "RetiBase" not in names(result, "Model", "proposed")
