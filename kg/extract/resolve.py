"""From a processed Doc (one paper: title + abstract) to an :class:`Extraction`.

Mentions of the same canonical name merge into one entity per (type, name). A name the paper
proposes is proposed everywhere in that paper, with the type its proposing mention gave it, and is
never also ``used``. Evidence offsets point into ``paper.title`` or ``paper.abstract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from kg.extract.components.arrays import char_bounds
from kg.extract.components.fields import FIELD_SEPARATOR, text_of
from kg.extract.components.sentences import sentence_bounds
from kg.extract.hits import Hit, hits
from kg.model import ENTITY_LABELS, Extraction, Paper, TextField
from kg.schema import load_schema

#: at most this many evidence sentences per entity (the strongest first)
MAX_EVIDENCE = 3


@lru_cache(maxsize=65536)
def norm(name: str) -> str:
    return re.sub(r"[^0-9a-z+]", "", name.lower())  # "+" kept: CBAM+ is not CBAM


@dataclass
class _Entity:
    label: str
    name: str
    proposed: bool
    first: int
    mentions: dict[str, None] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)


def _proposals(found: list[Hit]) -> dict[str, Hit]:
    """Normalised proposed name -> the most trusted hit proposing it."""
    out: dict[str, Hit] = {}
    for h in found:
        if h.proposed and h.label in ENTITY_LABELS:
            key = norm(h.name)
            if key not in out or h.confidence > out[key].confidence:
                out[key] = h
    return out


def _group(doc: Doc, found: list[Hit]) -> list[_Entity]:
    text = text_of(doc)
    starts, ends = char_bounds(doc)
    proposals = _proposals(found)
    entities: dict[tuple[str, str], _Entity] = {}
    for h in found:
        own = proposals.get(norm(h.name))
        if own is None and h.parent and norm(h.parent) in proposals and h.label in ("Model", "Dataset"):
            h.proposed = True  # SAT-Nano / SAT-Pro: sizes of the paper's own SAT
            own = h
        label, name = (own.label, own.name) if own is not None else (h.label, h.name)
        if label not in ENTITY_LABELS:
            continue
        key = (label, norm(name))
        ent = entities.get(key)
        if ent is None:
            ent = entities[key] = _Entity(label, name, own is not None, h.start)
        ent.hits.append(h)
        ent.mentions[text[starts[h.start] : ends[h.end - 1]]] = None
        if h.alias:
            ent.mentions[h.alias] = None
    # a name only ever seen inside another name's long form is part of that name
    kept = [e for e in entities.values() if e.proposed or not all(h.inner for h in e.hits)]
    _drop_other_names(kept)
    return sorted(kept, key=lambda e: e.first)


def _drop_other_names(entities: list[_Entity]) -> None:
    """Mentions become node aliases: a surface form that is another entity's name in the same paper
    (a proposed variant ``CoSAM`` next to ``SAM``) is never kept as a mention of this one."""
    own_names = {norm(e.name) for e in entities}
    for e in entities:
        mine = norm(e.name)
        for mention in [m for m in e.mentions if norm(m) != mine and norm(m) in own_names]:
            del e.mentions[mention]


class _Evidence:
    """Evidence records of one Doc's hits; the Doc's offsets and text are looked up once."""

    __slots__ = ("doc", "ends", "starts", "text", "title_len", "version")

    def __init__(self, doc: Doc, title_len: int, version: str) -> None:
        self.doc, self.title_len, self.version = doc, title_len, version
        self.starts, self.ends = char_bounds(doc)
        self.text = text_of(doc)

    def __call__(self, h: Hit) -> dict[str, Any]:
        starts, ends, text, title_len = self.starts, self.ends, self.text, self.title_len
        start, end = starts[h.start], ends[h.end - 1]
        text_field: TextField
        if start < title_len:
            text_field, offset = "title", 0
            sentence = text[:title_len]
        else:
            text_field, offset = "abstract", title_len + len(FIELD_SEPARATOR)
            first, last = sentence_bounds(self.doc, h.start)
            sentence = text[starts[first] : ends[last - 1]].strip()
        return {
            "sentence": sentence,
            "start": start - offset,
            "end": end - offset,
            "field": text_field,
            "extractor": self.version,
            "confidence": round(h.confidence, 3),
        }


_PROPOSABLE = frozenset(load_schema().edge_for["proposed"])


def to_extraction(paper: Paper, doc: Doc, title_len: int, version: str) -> Extraction:
    """The paper's entities (with evidence) and the VARIANT_OF / VERSION_OF links among them.

    Records are assembled as plain data and validated once, as one :class:`Extraction`: one call
    into pydantic's validator per paper instead of one per entity and evidence sentence.
    """
    entities: list[dict[str, Any]] = []
    links: dict[tuple[str, str], dict[str, str]] = {}
    evidence_of = _Evidence(doc, title_len, version)
    for ent in _group(doc, hits(doc)):
        ranked = sorted(ent.hits, key=lambda h: -h.confidence)
        seen_sentences: set[tuple[str, int]] = set()
        evidence: list[dict[str, Any]] = []
        for h in ranked:
            ev = evidence_of(h)
            if (ev["sentence"], ev["start"]) in seen_sentences:
                continue
            seen_sentences.add((ev["sentence"], ev["start"]))
            evidence.append(ev)
            if len(evidence) == MAX_EVIDENCE:
                break
        confidence = min(1.0, ranked[0].confidence + 0.02 * (len(ranked) - 1))
        entities.append(
            {
                "type": ent.label,
                "name": ent.name,
                "mentions": list(ent.mentions),
                # only labels the schema lets a paper PROPOSE (Model, Dataset, Metric) can be proposed
                "role": "proposed" if ent.proposed and ent.label in _PROPOSABLE else "used",
                "confidence": round(confidence, 3),
                "evidence": evidence,
            }
        )
        parent = next((h.parent for h in ent.hits if h.parent), None)
        if parent and ent.label in ("Model", "Dataset") and norm(parent) != norm(ent.name):
            links[(ent.name, parent)] = {
                "type": "VARIANT_OF" if ent.label == "Model" else "VERSION_OF",
                "label": ent.label,
                "child": ent.name,
                "parent": parent,
            }
    return Extraction.model_validate({"paper": paper, "entities": entities, "links": list(links.values())})
