"""The extractor's Vocab computes only the lexical attributes its components read: same output."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

from kg import pipeline
from kg.extract import lexical
from kg.extract.spacy_extractor import SpacyExtractor, build_nlp
from kg.extract.tokenizer import LEXEME_ATTRS


def _getters(nlp: Language) -> dict[int, Any]:
    vocab: Any = nlp.vocab  # lex_attr_getters is missing from spaCy's type stubs
    getters: dict[int, Any] = vocab.lex_attr_getters
    return getters


def test_only_the_read_attributes_are_computed() -> None:
    nlp = build_nlp()
    assert len(_getters(nlp)) == len(LEXEME_ATTRS)
    doc = nlp.make_doc("Unseenword Zqxv-Net, 42 (a) reached 0.93 three.")
    assert [t.lower_ for t in doc][:2] == ["unseenword", "zqxv-net"]
    # spaCy's own blank pipelines are untouched
    assert len(_getters(spacy.blank("en"))) > len(LEXEME_ATTRS)


def test_lexical_tests_agree_with_spacys_flags() -> None:
    full = spacy.blank("en")
    doc = full.make_doc("Unseenword Zqxv-Net, 42 (a) reached 0.93 three; 1,000 [x] -- ok.")
    assert [lexical.like_num(t.text) for t in doc] == [t.like_num for t in doc]
    assert [lexical.is_punct(t.text) for t in doc] == [t.is_punct for t in doc]
    assert [lexical.is_lower(t.text) for t in doc] == [t.is_lower for t in doc]
    assert sum(t.like_num for t in doc) == 4 and sum(t.is_punct for t in doc) >= 6


def test_sample_extractions_equal_those_of_a_full_vocab() -> None:
    papers = pipeline.load_listings(pipeline.sample_listings()).papers[:60]
    lean = SpacyExtractor(build_nlp()).extract(papers)
    full = SpacyExtractor(build_nlp(lean_vocab=False)).extract(papers)
    assert [e.model_dump() for e in lean] == [e.model_dump() for e in full]
    assert sum(len(e.entities) for e in lean) > 100
