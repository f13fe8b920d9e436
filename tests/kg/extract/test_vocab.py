"""The vocabularies are data: each file records its source and licence and loads cleanly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from kg.errors import SchemaError
from kg.extract.vocab import ENTITY_FILE_LABELS, case_policy, load_vocabulary, spelling_variants
from kg.resources import schema_dir

VOCAB = schema_dir() / "vocab"
FILES = [p for p in sorted(VOCAB.glob("*.yaml")) if "label" in (yaml.safe_load(p.read_text()) or {})]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_vocabulary_records_source_and_licence(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["source"].strip() and data["licence"].strip()


def test_no_canonical_name_twice_within_a_label() -> None:
    vocab = load_vocabulary()
    counts = Counter((t.label, t.name) for t in vocab.terms)
    assert [k for k, n in counts.items() if n > 1] == []


def test_every_entity_label_has_a_vocabulary() -> None:
    vocab = load_vocabulary()
    assert {t.label for t in vocab.terms} >= set(ENTITY_FILE_LABELS)
    assert len(vocab.by_label("Model")) > 300 and len(vocab.by_label("Dataset")) > 250


def test_closed_lists_are_closed() -> None:
    vocab = load_vocabulary()
    assert vocab.canonical_names("Modality") == {
        "MRI",
        "CT",
        "PET",
        "SPECT",
        "X-ray",
        "ultrasound",
        "endoscopy",
        "dermoscopy",
        "histopathology",
        "fundus photography",
        "OCT",
        "mammography",
        "microscopy",
        "angiography",
    }
    assert len(vocab.canonical_names("Setting")) == 17


@pytest.mark.parametrize(
    ("form", "policy"),
    [
        ("SAM", "exact"),
        ("CHAOS", "exact"),
        ("Synapse", "exact"),
        ("US", "exact"),
        ("nnU-Net", "lower"),
        ("Segment Anything Model", "lower"),
        ("segmentation", "lower"),
        ("ResNet-50", "lower"),
    ],
)
def test_case_policy(form: str, policy: str) -> None:
    assert case_policy(form) == policy


def test_spelling_variants() -> None:
    assert spelling_variants("U-Net") == {"U-Net", "UNet", "U Net"}
    assert spelling_variants("few-shot") == {"few-shot", "few shot"}


def test_bad_vocabulary_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("label: Model\nsource: x\nlicence: y\nentries: [a, b]\n")
    with pytest.raises(SchemaError, match=r"bad\.yaml"):
        load_vocabulary(tmp_path)
    (tmp_path / "bad.yaml").write_text("label: Model\nentries: {}\n")
    with pytest.raises(SchemaError, match="source"):
        load_vocabulary(tmp_path)
