"""A small hand-made corpus for the store tests: every case the contract needs, independent of the
loaders and the extractor.

P1 shares ACDC and BraTS with P2 and ACDC with P3 (which proposes it); P4 is all unicode.
"""

from __future__ import annotations

from typing import Any

from kg.model import Evidence, ExtractedEntity, Extraction, Paper

EXTRACTOR = "contract-test-1"


def entity(label: Any, name: str, role: Any = "used", *mentions: str, sentence: str = "") -> ExtractedEntity:
    """An extracted entity with one piece of evidence."""
    text = sentence or f"We use {name}."
    start = max(text.find(name), 0)
    evidence = Evidence(sentence=text, start=start, end=start + len(name), extractor=EXTRACTOR,
                        confidence=0.9)
    return ExtractedEntity(type=label, name=name, mentions=list(mentions) or [name], role=role,
                           confidence=0.9, evidence=[evidence])


def paper(pid: str, title: str, **fields: Any) -> Paper:
    arxiv = fields.pop("arxiv_id", pid if pid[:1].isdigit() else None)
    return Paper(id=pid, arxiv_id=arxiv, title=title, abstract=fields.pop("abstract", title), **fields)


#: four papers: P1 shares ACDC and BraTS with P2 and ACDC with P3 (which proposes it); P4 is unicode
P1 = paper("2501.00001", "SAM meets ACDC", version=2, code_url="https://github.com/example/sam-acdc",
           venue="MICCAI", comment="MICCAI 2025")
P2 = paper("2501.00002", "U-Net on ACDC and BraTS")
P3 = paper("2501.00003", "A cardiac benchmark")
P4 = paper("t-0123456789abcdef", "Ångström-Net: 胸部 X 線 segmentation 🫀")


def corpus() -> list[Extraction]:
    """The hand-made extractions (fresh objects each call)."""
    return [
        Extraction(paper=P1, entities=[
            entity("Model", "SAM", "used", "SAM", "Segment Anything"),
            entity("Dataset", "ACDC"), entity("Dataset", "BraTS"),
            entity("Modality", "MRI"), entity("Task", "segmentation"),
        ]),
        Extraction(paper=P2, entities=[
            entity("Model", "U-Net", "used", "U-Net", "UNet"),
            entity("Dataset", "ACDC"), entity("Dataset", "BraTS", "used", "BraTS 2020"),
            entity("Task", "segmentation"),
        ]),
        Extraction(paper=P3, entities=[entity("Dataset", "ACDC", "proposed"), entity("Model", "U-Net")]),
        Extraction(paper=P4, entities=[
            entity("Model", "Ångström-Net", "proposed", sentence="Ångström-Net: 胸部 X 線 segmentation 🫀"),
            entity("Anatomy", "胸部"),
        ]),
    ]
