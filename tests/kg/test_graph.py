"""kg.graph: extractions to one node per (label, key) and one relationship per (start, type, end)."""

from __future__ import annotations

from datetime import date

from kg.graph import build_graph, from_networkx, paper_node, to_networkx
from kg.model import (
    EntityLink,
    Evidence,
    ExtractedEntity,
    Extraction,
    GraphDocument,
    Paper,
    Source,
)
from kg.schema import load_schema
from kg.store.document import check_document


def ev(sentence: str, confidence: float, extractor: str = "t-1") -> Evidence:
    return Evidence(sentence=sentence, start=0, end=3, extractor=extractor, confidence=confidence)


def ent(label: str, name: str, *mentions: str, role: str = "used", evidence: list[Evidence] | None = None,
        confidence: float = 1.0) -> ExtractedEntity:
    fields = {"type": label, "name": name, "mentions": list(mentions), "role": role,
              "confidence": confidence, "evidence": evidence or []}
    return ExtractedEntity.model_validate(fields)


PAPER_A = Paper(id="2501.00001", arxiv_id="2501.00001", title="A", published=date(2025, 1, 2),
                code_url="https://GitHub.com/x/y", venue="MICCAI", comment="MICCAI 2025, 10 pages",
                sources=[Source(path="b.md", line=9, format="arxiv-md"),
                         Source(path="a.txt", line=3, format="hf-daily")])
PAPER_B = Paper(id="2501.00002", arxiv_id="2501.00002", title="B")


Props = dict[str, object]


def keyed(doc: GraphDocument) -> tuple[dict[tuple[str, str], Props], dict[tuple[str, str, str], Props]]:
    nodes = {(n.label, n.key): n.properties for n in doc.nodes}
    rels = {(r.start.key, r.type, r.end.key): r.properties for r in doc.relationships}
    return nodes, rels


def test_one_node_per_label_and_key_and_aliases_unioned() -> None:
    doc = build_graph([
        Extraction(paper=PAPER_A, entities=[ent("Model", "SAM", "SAM", "Segment Anything")]),
        Extraction(paper=PAPER_B, entities=[ent("Model", "SAM", "SAM-1"), ent("Dataset", "SAM")]),
    ])
    nodes, _ = keyed(doc)
    assert len(doc.nodes) == len(nodes)
    assert nodes[("Model", "SAM")] == {"name": "SAM", "aliases": ["SAM-1", "Segment Anything"]}
    assert nodes[("Dataset", "SAM")] == {"name": "SAM", "aliases": []}  # same name, other label: another node


def test_one_relationship_per_start_type_end_and_roles_pick_the_type() -> None:
    doc = build_graph([Extraction(paper=PAPER_B, entities=[
        ent("Dataset", "ACDC", "ACDC"), ent("Dataset", "ACDC", "acdc"),
        ent("Dataset", "CardiacNet", role="proposed"), ent("Metric", "Dice"),
    ])])
    _, rels = keyed(doc)
    assert sorted(rels) == [(PAPER_B.id, "PROPOSES", "CardiacNet"), (PAPER_B.id, "REPORTS", "Dice"),
                            (PAPER_B.id, "USES_DATASET", "ACDC")]
    assert len(doc.relationships) == 3


def test_the_strongest_evidence_goes_on_the_edge() -> None:
    entity = ent("Model", "U-Net", "UNet", "U-Net", "UNet", confidence=0.8,
                 evidence=[ev("weak U-Net", 0.4), ev("strong U-Net", 0.9), ev("middle", 0.6)])
    _, rels = keyed(build_graph([Extraction(paper=PAPER_B, entities=[entity])]))
    props = rels[(PAPER_B.id, "USES", "U-Net")]
    assert props["sentence"] == "strong U-Net" and props["confidence"] == 0.8
    assert props["mentions"] == ["U-Net", "UNet"]
    assert set(props) == set(load_schema().relationship_properties("USES"))


def test_an_entity_without_evidence_still_links() -> None:
    _, rels = keyed(build_graph([Extraction(paper=PAPER_B, entities=[ent("Task", "segmentation")])]))
    assert rels[(PAPER_B.id, "ADDRESSES", "segmentation")]["sentence"] == ""


def test_code_venue_and_links() -> None:
    link = EntityLink(type="VARIANT_OF", label="Model", child="SAM 2", parent="SAM")
    doc = build_graph([Extraction(paper=PAPER_A, entities=[ent("Model", "SAM 2")], links=[link])])
    nodes, rels = keyed(doc)
    assert nodes[("CodeRepository", "https://GitHub.com/x/y")] == {"url": "https://GitHub.com/x/y",
                                                                   "host": "github.com"}
    assert rels[(PAPER_A.id, "PUBLISHED_IN", "MICCAI")] == {"comment": "MICCAI 2025, 10 pages"}
    assert (PAPER_A.id, "HAS_CODE", "https://GitHub.com/x/y") in rels
    assert ("SAM 2", "VARIANT_OF", "SAM") in rels and ("Model", "SAM") in nodes


def test_paper_node_is_flat_and_store_ready() -> None:
    node = paper_node(PAPER_A)
    assert node.key == PAPER_A.id and node.properties["published"] == "2025-01-02"
    assert node.properties["sources"] == ["a.txt:3", "b.md:9"]
    assert set(node.properties) == set(load_schema().node("Paper").properties)


def test_documents_fit_the_schema() -> None:
    doc = build_graph([Extraction(paper=PAPER_A, entities=[ent("Model", "SAM", role="proposed"),
                                                           ent("Anatomy", "heart")])])
    checked = check_document(doc)
    assert checked.node_count == len(doc.nodes) and checked.relationship_count == len(doc.relationships)


def test_networkx_round_trip() -> None:
    doc = build_graph([
        Extraction(paper=PAPER_A, entities=[ent("Model", "SAM", "S.A.M.", evidence=[ev("SAM", 0.9)])],
                   links=[EntityLink(type="VERSION_OF", label="Dataset", child="BraTS 2021",
                                     parent="BraTS")]),
        Extraction(paper=PAPER_B, entities=[ent("Model", "SAM")]),
    ])
    graph = to_networkx(doc)
    assert graph.number_of_nodes() == len(doc.nodes) and graph.number_of_edges() == len(doc.relationships)
    assert keyed(from_networkx(graph)) == keyed(doc)


def test_the_sample_document_fits_the_schema(sample_doc: GraphDocument, sample_papers: list[Paper]) -> None:
    checked = check_document(sample_doc)
    assert len(checked.nodes["Paper"]) == len(sample_papers)
    assert checked.relationships, "the extractor found nothing in the sample corpus"
