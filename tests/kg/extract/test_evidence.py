"""Every entity carries evidence: the sentence, offsets into the title or abstract, version, confidence."""

from __future__ import annotations

from kg.extract import default_extractor
from kg.model import Extraction, Paper
from tests.kg.extract.conftest import Extract


def test_offsets_point_into_the_right_field(extract: Extract) -> None:
    title = "PolypMixer: Mixing Tokens for Polyp Segmentation"
    abstract = (
        "Colonoscopy is common. We propose PolypMixer and evaluate it on Kvasir-SEG with a Dice of 0.93."
    )
    result = extract(abstract, title=title)
    assert result.entities
    for entity in result.entities:
        assert entity.evidence, entity.name
        for ev in entity.evidence:
            text = title if ev.field == "title" else abstract
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start : ev.end] in entity.mentions
            assert text[ev.start : ev.end] in ev.sentence
            assert ev.extractor == default_extractor().version
            assert 0 < ev.confidence <= 1
    kvasir = next(e for e in result.entities if e.name == "Kvasir-SEG")
    assert kvasir.evidence[0].field == "abstract"
    assert kvasir.evidence[0].sentence.startswith("We propose PolypMixer")
    mixer = next(e for e in result.entities if e.name == "PolypMixer")
    assert {ev.field for ev in mixer.evidence} == {"title", "abstract"}


def test_one_extraction_per_paper_in_order() -> None:
    papers = [
        Paper(id=str(i), title=f"Paper {i}", abstract=text)
        for i, text in enumerate(["We use SAM.", "", "CT scans of the liver."])
    ]
    out = default_extractor().extract(papers)
    assert [e.paper.id for e in out] == ["0", "1", "2"]
    assert out[1].entities == []
    assert {e.name for e in out[2].entities} == {"CT", "liver"}


def test_jsonl_record_is_the_scorer_input(extract: Extract) -> None:
    record = extract("We fine-tune SAM.").to_jsonl_record()
    assert set(record) == {"id", "arxiv_id", "title", "entities"}
    entity = record["entities"][0]
    assert {"type", "name", "mentions", "role", "evidence"} <= set(entity)


def test_extraction_is_deterministic(sample_extractions: list[Extraction]) -> None:
    again = default_extractor().extract([e.paper for e in sample_extractions[:20]])
    assert [e.model_dump() for e in again] == [e.model_dump() for e in sample_extractions[:20]]
