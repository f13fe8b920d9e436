"""The default extractor: ``spacy.blank("en")`` plus rule-based components; no model downloads.

Each paper is one Doc, ``title + "\\n\\n" + abstract``, so definitions and proposed names made in
one field apply in the other; evidence offsets are mapped back to the field they came from.

>>> from kg.model import Paper
>>> ex = SpacyExtractor()
>>> paper = Paper(id="p", title="FooNet: a study", abstract="We fine-tune SAM on BraTS 2021 MRI scans.")
>>> for e in ex.extract([paper])[0].entities:
...     print(e.type, e.name, e.role)
Model FooNet proposed
Model SAM used
Dataset BraTS 2021 used
Modality MRI used
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.extract.components  # noqa: F401  (registers the factories)
from kg.extract.base import Extractor
from kg.extract.components.fields import FIELD_SEPARATOR, TEXT, TITLE_LEN
from kg.extract.resolve import to_extraction
from kg.extract.tokenizer import customize_tokenizer, keep_lexeme_attrs
from kg.model import Extraction, Paper

VERSION = "kg-spacy-rules/0.1"

PIPELINE = (
    "kg_fields",
    "kg_sentences",
    "kg_vocab",
    "kg_versions",
    "kg_abbreviations",
    "kg_discover",
    "kg_proposed",
    "kg_measure",
    "kg_own_work",
)


def build_nlp(vocab_dir: str = "", lean_vocab: bool = True) -> Language:
    """A blank English pipeline with the project's tokenizer rules and components.

    ``vocab_dir`` points the components at another vocabulary folder (tests, ablations);
    ``lean_vocab`` computes only the lexical attributes the components read (same output, faster
    on new words; False keeps all of spaCy's).
    """
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    if lean_vocab:
        keep_lexeme_attrs(nlp)
    for name in PIPELINE:
        if name not in ("kg_fields", "kg_sentences"):
            nlp.add_pipe(name, config={"vocab_dir": vocab_dir})
        else:
            nlp.add_pipe(name)
    return nlp


class SpacyExtractor(Extractor):
    """Vocabulary matching, definitions, name-shape discovery and proposed names, all rules."""

    version = VERSION

    def __init__(
        self, nlp: Language | None = None, batch_size: int = 64, vocab_dir: str = "", hold_gc: bool = True
    ) -> None:
        self.nlp = nlp or build_nlp(vocab_dir)
        self.batch_size = batch_size
        # hold the garbage collector off per batch (faster); False keeps Python's default behaviour
        self.hold_gc = hold_gc
        # building the vocabularies and matchers leaves ~90,000 new long-lived objects that no full
        # collection has seen yet; Python would walk them all (~70 ms) in the first full collection
        # of the first extract() call. Pay that once here, as part of the set-up.
        gc.collect()

    def extract(self, papers: Sequence[Paper]) -> list[Extraction]:
        # each component runs over a whole batch before the next one starts: its code and tables stay
        # hot in the CPU caches (measurably faster than taking each Doc through every component);
        # only one batch of Docs is alive at a time
        steps = [proc for _name, proc in self.nlp.pipeline]
        out: list[Extraction] = []
        for at in range(0, len(papers), self.batch_size):
            chunk = papers[at : at + self.batch_size]
            with gc_held() if self.hold_gc else contextlib.nullcontext():
                batch = [self._doc(paper) for paper in chunk]
                for step in steps:
                    batch = [step(doc) for doc in batch]
                pairs = zip(chunk, batch, strict=True)
                out.extend(to_extraction(p, d, len(p.title), self.version) for p, d in pairs)
        return out

    def _doc(self, paper: Paper) -> Doc:
        text = paper.title + FIELD_SEPARATOR + paper.abstract
        doc = self.nlp.make_doc(text)
        doc.user_data[TITLE_LEN] = len(paper.title)
        doc.user_data[TEXT] = text
        return doc


@contextmanager
def gc_held() -> Iterator[None]:
    """Hold the cyclic garbage collector off while one batch is processed.

    A batch allocates many small objects (hits, spans, records) that mostly survive it, so the
    collector would run again and again, each time also walking the extractor's large, long-lived
    tables. A batch makes no reference cycles worth collecting early; collection resumes after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
