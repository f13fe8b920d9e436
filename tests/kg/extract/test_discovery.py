"""Held-out style sentences: names no vocabulary lists, found from their shape and context."""

from __future__ import annotations

import pytest

from tests.kg.extract.conftest import Extract, names


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        (
            "Experiments on the KneeScan-7 and OsteoSet datasets show gains.",
            "Dataset",
            {"KneeScan-7", "OsteoSet"},
        ),
        (
            "We evaluate across four datasets, PX12, DermaQ, SkinLite, and NailSet.",
            "Dataset",
            {"PX12", "DermaQ", "SkinLite", "NailSet"},
        ),
        ("All models are trained on HepaCT-2K and tested on RenoMR.", "Dataset", {"HepaCT-2K"}),
        ("We report results on the OrbitX benchmark.", "Dataset", {"OrbitX"}),
        ("Spurious features appear in the Varuna dataset.", "Dataset", {"Varuna"}),
        (
            "Our method outperforms CardioNet, LesionFormer and VesselMamba.",
            "Model",
            {"CardioNet", "LesionFormer", "VesselMamba"},
        ),
        ("Compared with TriUNet, the error drops by half.", "Model", {"TriUNet"}),
        (
            "It surpasses lightweight networks, such as MiniSeg, TinyUNeXt, and EdgeSeg.",
            "Model",
            {"MiniSeg", "TinyUNeXt", "EdgeSeg"},
        ),
        ("A GlandNet backbone extracts features.", "Model", {"GlandNet"}),
    ],
)
def test_unseen_names_typed_by_context(extract: Extract, text: str, label: str, expected: set[str]) -> None:
    assert expected <= names(extract(text), label)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Multi-Modal fusion improves Self-Supervised features.", {"Multi-Modal", "Self-Supervised"}),
        ("We register MR-CT pairs.", {"MR-CT"}),
        ("Training takes 3 hours on an A100 GPU with 40GB of memory.", {"A100", "40GB"}),
        ("Federated learning struggles in non-IID challenges.", {"non-IID"}),
    ],
)
def test_name_like_words_that_are_not_names(extract: Extract, text: str, absent: set[str]) -> None:
    result = extract(text)
    found = {e.name for e in result.entities}
    assert not (absent & found)


def test_schwartz_hearst_definitions_carry_the_long_form(extract: Extract) -> None:
    result = extract("The Segment Anything Model (SAM) is adapted. SAM then refines the masks.")
    sam = next(e for e in result.entities if e.name == "SAM")
    assert "Segment Anything Model" in sam.mentions


def test_short_form_after_a_task_phrase_is_not_a_model(extract: Extract) -> None:
    result = extract("Few-shot medical image segmentation (FSMIS) is hard. FSMIS methods need support.")
    assert "FSMIS" not in names(result, "Model")
    assert "few-shot" in names(result, "Setting")


def test_variants_of_a_proposed_model_are_proposed(extract: Extract) -> None:
    result = extract(
        "We build XSeg, termed XSeg. We train XSeg-Nano and XSeg-Pro on 72 datasets.",
        title="XSeg: universal segmentation",
    )
    assert {"XSeg", "XSeg-Nano", "XSeg-Pro"} <= names(result, "Model", "proposed")


def test_a_new_name_before_a_known_model_is_its_variant(extract: Extract) -> None:
    result = extract("In this paper, we present the VRX U-Net, a lightweight network for polyps.")
    assert "VRX U-Net" in names(result, "Model", "proposed")
    assert any(link.child == "VRX U-Net" and link.parent == "U-Net" for link in result.links)


def test_a_name_defined_in_the_title_is_the_papers_own(extract: Extract) -> None:
    title = "Uncertainty for Multi-Organ Segmentation (UMOS) challenge results"
    result = extract("The challenge attracted 20 teams.", title=title)
    assert "UMOS" in names(result, "Dataset", "proposed")


def test_naming_verbs_do_not_grab_a_known_name_inside_a_new_one(extract: Extract) -> None:
    result = extract("We propose a method called Self-Correcting SAM (SCSAM) for polyp segmentation.")
    assert "SCSAM" in names(result, "Model", "proposed")
    assert "SAM" not in names(result, "Model", "proposed")


# --- generalisation rules (invented names) -------------------------------------------------------


def test_initialised_from_a_new_name_is_a_model(extract: Extract) -> None:
    result = extract("Our reader is trained on 600 samples and initialised from Quill3-VL-7B weights.")
    assert "Quill3-VL-7B" not in names(result, "Dataset")
    assert "Quill3-VL-7B" in names(result, "Model")


def test_a_known_dataset_in_the_list_types_its_neighbour(extract: Extract) -> None:
    result = extract("The segmenter then adapts to ZORB-TWO-r4 and Drishti-GS without source data.")
    assert "ZORB-TWO-r4" in names(result, "Dataset")


def test_two_new_names_side_by_side_are_one_name(extract: Extract) -> None:
    result = extract("We test on the FooBar CXR-9 dataset and report accuracy of 0.91.")
    assert "FooBar CXR-9" in names(result, "Dataset")
    assert "FooBar" not in names(result, "Dataset")


def test_a_capitalised_word_before_a_known_model_in_a_list_is_a_variant(extract: Extract) -> None:
    result = extract("It outperforms nnDetection, Cortex U-Net, SANet and DN-DETR on the scans.")
    assert "Cortex U-Net" in names(result, "Model")
    assert "cortex" not in names(result, "Anatomy")


def test_a_capitalised_word_before_a_known_model_outside_a_list_is_left_alone(extract: Extract) -> None:
    result = extract("We segment the brain with a U-Net. Brain U-Net features are pooled.")
    assert "U-Net" in names(result, "Model")


@pytest.mark.parametrize(
    ("text", "edition", "family"),
    [
        ("Evaluated on the QuoxRecon 2031 cardiac challenge, our model wins.", "QuoxRecon 2031", "QuoxRecon"),
        ("Results on the Brindle 2016 and Brindle 2020 datasets are reported.", "Brindle 2020", "Brindle"),
    ],
)
def test_a_new_dataset_with_a_year_is_an_edition(
    extract: Extract, text: str, edition: str, family: str
) -> None:
    result = extract(text)
    assert edition in names(result, "Dataset")
    assert any(link.child == edition and link.parent == family for link in result.links)


def test_a_month_and_year_is_no_dataset(extract: Extract) -> None:
    assert names(extract("Since March 2020 we have collected scans of the lung."), "Dataset") == set()
