"""One test per pitfall of the issue "Extraction that generalises", each on small sentences.

Every case failed with the first gazetteer-style prototype; they pin the behaviour down.
"""

from __future__ import annotations

import pytest

from tests.kg.extract.conftest import Extract, names

# --- tokenisation: hyphenated names stay whole, patterns go through the same tokenizer ---------


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("We train a U-Net on the images.", "U-Net"),
        ("The nnU-Net baseline is strong.", "nnU-Net"),
        ("We fine-tune SAM-Med2D on the data.", "SAM-Med2D"),
        ("A ResNet-50 encoder extracts features.", "ResNet-50"),
        ("A ResNet50 encoder extracts features.", "ResNet-50"),
        ("We compare with Swin-UNETR and SwinUNETR.", "Swin UNETR"),
        ("A SAM-based pipeline segments the liver.", "SAM"),
        ("The U-Net's decoder is replaced.", "U-Net"),
    ],
)
def test_hyphenated_and_glued_names_are_found(extract: Extract, text: str, model: str) -> None:
    assert model in names(extract(text), "Model")


# --- case: exact for short or word-like names, any case for long ones ---------------------------


@pytest.mark.parametrize(
    ("text", "label", "name", "found"),
    [
        ("We adapt SAM to ultrasound.", "Model", "SAM", True),
        ("We keep the same sam pling rate.", "Model", "SAM", False),
        ("CLIP features guide the decoder.", "Model", "CLIP", True),
        ("Each video clip is annotated.", "Model", "CLIP", False),
        ("We evaluate on CHAOS and report Dice of 0.9.", "Dataset", "CHAOS", True),
        ("The chaos of clinical data is a challenge.", "Dataset", "CHAOS", False),
        ("Vessels are segmented on DRIVE with a Dice of 0.8.", "Dataset", "DRIVE", True),
        ("These results drive adoption.", "Dataset", "DRIVE", False),
        ("Thyroid nodules are imaged with US.", "Modality", "ultrasound", True),
        ("This helps us to segment nodules.", "Modality", "ultrasound", False),
        ("The segment anything model is adapted.", "Model", "SAM", True),
        ("We use NNU-NET as the baseline.", "Model", "nnU-Net", True),
    ],
)
def test_case_policy(extract: Extract, text: str, label: str, name: str, found: bool) -> None:
    assert (name in names(extract(text), label)) is found


# --- plurals map to the singular; never substring matches ---------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "name"),
    [
        ("SAMs struggle with small lesions.", "Model", "SAM"),
        ("Classic U-Nets remain competitive.", "Model", "U-Net"),
        ("Both lungs are segmented.", "Anatomy", "lung"),
        ("We collected CTs from two hospitals.", "Modality", "CT"),
    ],
)
def test_plurals_map_to_singular(extract: Extract, text: str, label: str, name: str) -> None:
    assert name in names(extract(text), label)


@pytest.mark.parametrize(
    ("text", "label", "absent"),
    [
        ("We propose CTLformer for lesion segmentation.", "Modality", "CT"),
        ("MedSAM is fine-tuned on the data.", "Model", "SAM"),
        ("We evaluate MRIQC ratings.", "Modality", "MRI"),
        ("The Petri dish images were used.", "Modality", "PET"),
    ],
)
def test_no_substring_matches(extract: Extract, text: str, label: str, absent: str) -> None:
    assert absent not in names(extract(text), label)


# --- LaTeX in names arrives normalised from the loader (DS$^2$Net -> DS2Net) ----------------------


def test_normalised_latex_name_is_a_name(extract: Extract) -> None:
    result = extract(
        "In this paper we propose DS2Net, a dual-stream network for polyp segmentation.",
        title="DS2Net: dual streams for polyps",
    )
    assert "DS2Net" in names(result, "Model", "proposed")


# --- versions ----------------------------------------------------------------------------------


def test_sam_versions_are_distinct_models_linked_to_sam(extract: Extract) -> None:
    result = extract("We compare SAM, SAM 2 and SAM3 for video segmentation.")
    assert {"SAM", "SAM 2", "SAM 3"} <= names(result, "Model")
    links = {(link.type, link.child, link.parent) for link in result.links}
    assert ("VARIANT_OF", "SAM 2", "SAM") in links
    assert ("VARIANT_OF", "SAM 3", "SAM") in links


def test_brats_editions_are_distinct_datasets_linked_to_brats(extract: Extract) -> None:
    result = extract("Models are trained on BraTS 2020 and tested on BraTs2021.")
    assert {"BraTS 2020", "BraTS 2021"} <= names(result, "Dataset")
    assert "BraTS" not in names(result, "Dataset")
    links = {(link.type, link.child, link.parent) for link in result.links}
    assert ("VERSION_OF", "BraTS 2020", "BraTS") in links
    assert ("VERSION_OF", "BraTS 2021", "BraTS") in links


@pytest.mark.parametrize(
    ("text", "model", "parent"),
    [
        ("We use YOLOv8 for detection.", "YOLOv8", "YOLO"),
        ("A ResNet-152 backbone is used.", "ResNet-152", "ResNet"),
        ("An EfficientNet-B5 encoder is used.", "EfficientNet-B5", "EfficientNet"),
    ],
)
def test_family_variants_link_to_their_family(extract: Extract, text: str, model: str, parent: str) -> None:
    result = extract(text)
    assert model in names(result, "Model")
    assert any(link.child == model and link.parent == parent for link in result.links)


# --- generic families are never models -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A CNN and a transformer are combined.",
        "Convolutional neural networks (CNNs) dominate the field.",
        "We train a diffusion model and a GAN.",
        "Large language models (LLMs) write the reports.",
        "Foundation models are adapted to medicine.",
        "Vision Transformers (ViTs) capture long-range context.",
    ],
)
def test_generic_families_are_not_models(extract: Extract, text: str) -> None:
    assert names(extract(text), "Model") == set()


# --- metrics only when used as a measure ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metric", "found"),
    [
        ("This enhances both the accuracy and reliability of predictions.", "accuracy", False),
        ("The method improves segmentation accuracy.", "accuracy", False),
        ("The classifier reaches an accuracy of 92.1% on the test set.", "accuracy", True),
        ("It achieves a Dice score of 0.91.", "Dice", True),
        ("Performance is measured in terms of IoU and HD95.", "HD95", True),
        ("We report accuracy, precision and recall.", "recall", True),
    ],
)
def test_metrics_only_as_measures(extract: Extract, text: str, metric: str, found: bool) -> None:
    assert (metric in names(extract(text), "Metric")) is found


# --- proposed names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "abstract", "name"),
    [
        ("FooNet: Adapting Vision Models to Pathology", "Our method works well on slides.", "FooNet"),
        ("A study of polyps", "In this work, we propose PolypMixer, a lightweight network.", "PolypMixer"),
        ("A study of polyps", "We design a hybrid decoder, termed GateSeg, for polyps.", "GateSeg"),
        ("Focus on Lesions: a prompt study", "We present FoL (Focus on Lesions), a prompt generator.", "FoL"),
        ("A study", "We propose a Dual Gated Attention Network (DGANet) for lesion segmentation.", "DGANet"),
    ],
)
def test_proposed_names(extract: Extract, title: str, abstract: str, name: str) -> None:
    result = extract(abstract, title=title)
    assert name in names(result, "Model", "proposed")


def test_proposed_is_never_also_used(extract: Extract) -> None:
    result = extract(
        "We propose KneeFormer. KneeFormer outperforms U-Net on knee MRI.",
        title="KneeFormer: transformers for knees",
    )
    roles = [(e.name, e.role) for e in result.entities if e.name == "KneeFormer"]
    assert roles == [("KneeFormer", "proposed")]
    assert ("U-Net", "used") in {(e.name, e.role) for e in result.entities}


def test_a_known_model_adapted_is_used_not_proposed(extract: Extract) -> None:
    result = extract("We adapt SAM to ultrasound images and propose a prompt module.")
    assert "SAM" in names(result, "Model", "used")
    assert "SAM" not in names(result, "Model", "proposed")


def test_a_papers_own_dataset_is_a_proposed_dataset(extract: Extract) -> None:
    result = extract(
        "We introduce the RetinaScan-10K benchmark dataset with 10,000 annotated fundus images.",
        title="RetinaScan-10K: A Benchmark Dataset for Retinal Lesions",
    )
    assert "RetinaScan-10K" in names(result, "Dataset", "proposed")


def test_a_papers_own_metric_is_a_proposed_metric(extract: Extract) -> None:
    result = extract(
        "We propose the Boundary Agreement Score (BAS) to compare masks.",
        title="Boundary Agreement Score (BAS): A Metric for Comparing Masks",
    )
    assert "BAS" in names(result, "Metric", "proposed")


# --- settings, modalities (sub-types), tasks (sub-kinds), anatomy ---------------------------------


@pytest.mark.parametrize(
    ("text", "label", "name"),
    [
        ("We study few-shot segmentation.", "Setting", "few-shot"),
        ("A semi supervised scheme uses unlabeled scans.", "Setting", "semi-supervised"),
        ("Weakly-supervised learning from image labels.", "Setting", "weakly supervised"),
        ("We apply federated learning across hospitals.", "Setting", "federated"),
        ("We analyse chest X-rays from two hospitals.", "Modality", "X-ray"),
        ("Whole-slide images are tiled into patches.", "Modality", "histopathology"),
        ("Polyps are found in colonoscopy videos.", "Modality", "endoscopy"),
        ("We register CBCT to planning scans.", "Modality", "CT"),
        ("Echocardiography videos show the heart.", "Modality", "ultrasound"),
        ("Multiparametric MRI is acquired.", "Modality", "MRI"),
        ("We address lesion segmentation in our work.", "Task", "segmentation"),
        ("Our method performs image-to-image translation.", "Task", "image synthesis"),
        ("We propose a denoising network for low-dose scans.", "Task", "image enhancement"),
        ("We detect and segment brain tumor regions.", "Anatomy", "brain"),
        ("Cardiac structures are delineated.", "Anatomy", "heart"),
    ],
)
def test_closed_lists_and_sub_type_mapping(extract: Extract, text: str, label: str, name: str) -> None:
    assert name in names(extract(text), label)


@pytest.mark.parametrize(
    ("text", "label", "absent"),
    [
        ("Glioma grading from images.", "Anatomy", "glioma"),
        ("Segmentation is crucial for diagnosis and treatment planning.", "Task", "classification"),
        ("Radiology workloads keep growing.", "Modality", "X-ray"),
    ],
)
def test_what_is_not_an_entity(extract: Extract, text: str, label: str, absent: str) -> None:
    assert absent not in names(extract(text), label)
