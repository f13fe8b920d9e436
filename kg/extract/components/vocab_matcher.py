"""``kg_vocab``: every vocabulary surface form, matched with spaCy's PhraseMatcher.

Patterns are built with the pipeline's own tokenizer (``nlp.make_doc``), so a name is split the
same way in the pattern and in the text. Exact-case forms go to a matcher on ``ORTH``, the rest to
one on ``LOWER``; because the tokenizer splits hyphens differently by case (``X-ray`` is one
token, ``x-ray`` three), lowercase patterns are added in each casing that tokenises differently.
Matching is token-based, so ``CT`` never matches inside ``CTLformer``. Plurals (``SAMs``,
``U-Nets``, ``lungs``) map to the singular.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extract.components.sentences import sentence_of
from kg.extract.hits import SOURCE_CONFIDENCE, Hit, hits, longest_first
from kg.extract.lexical import like_num
from kg.extract.tokenizer import pattern_tokenizer
from kg.extract.vocab import Term, Vocabulary, iter_surfaces, vocabulary_at


def _plural(surface: str) -> str | None:
    last = surface[-1]
    if not last.isalnum() or (surface.endswith(("s", "S")) and len(surface) > 3):
        return None
    return surface + "s"


def _casings(surface: str) -> set[str]:
    return {surface, surface.lower(), surface[:1].upper() + surface[1:].lower(), surface.upper()}


class VocabMatcher:
    """Adds a :class:`Hit` for each vocabulary match; same-span label clashes are kept for later."""

    def __init__(self, nlp: Language, vocabulary: Vocabulary) -> None:
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.terms: dict[int, tuple[Term, bool]] = {}
        exact_forms: dict[str, set[str]] = defaultdict(set)
        lower_forms: dict[str, set[str]] = defaultdict(set)
        for term, surface, policy, weak in iter_surfaces(vocabulary.terms):
            key = f"{term.label}\t{term.name}" + ("\tweak" if weak else "")
            self.terms[nlp.vocab.strings.add(key)] = (term, weak)
            plural = _plural(surface)
            forms = {surface} | ({plural} if plural else set())
            if policy == "exact":
                exact_forms[key].update(forms)
            else:
                lower_forms[key].update(c for f in forms for c in _casings(f))
        self._add(nlp, self.exact, exact_forms)
        self._add(nlp, self.lower, lower_forms)

    @staticmethod
    def _add(nlp: Language, matcher: PhraseMatcher, forms: dict[str, set[str]]) -> None:
        tokenizer = pattern_tokenizer(nlp)
        for key, surfaces in forms.items():
            matcher.add(key, list(tokenizer.pipe(sorted(surfaces))))

    def __call__(self, doc: Doc) -> Doc:
        found = hits(doc)
        new = [*self._hits(self.exact(doc), exact=True), *self._hits(self.lower(doc), exact=False)]
        found.extend(_settle_clashes(doc, new))
        found[:] = longest_first(found)
        return doc

    def _hits(self, matches: Iterable[tuple[int, int, int]], *, exact: bool) -> Iterable[Hit]:
        confidence = SOURCE_CONFIDENCE["vocab"]
        for key, start, end in matches:
            term, weak = self.terms[key]
            yield Hit(
                start,
                end,
                term.label,
                term.name,
                "vocab",
                confidence,
                parent=term.parent,
                exact=exact,
                weak=weak,
            )


def _settle_clashes(doc: Doc, new: list[Hit]) -> list[Hit]:
    """One label per span: ``MAE`` is the metric next to a number, the masked autoencoder otherwise."""
    if len({(h.start, h.end) for h in new}) == len(new):
        return new  # the usual case: every span matched once
    by_span: dict[tuple[int, int], list[Hit]] = defaultdict(list)
    for h in new:
        by_span[(h.start, h.end)].append(h)
    out: list[Hit] = []
    for (start, _end), group in by_span.items():
        labels = {h.label for h in group}
        if "Generic" in labels:
            # an explicit generic form ("Vision Transformers") beats a generated plural of a name (ViT)
            group = [h for h in group if h.label == "Generic"]
        elif len(labels) > 1 and "Metric" in labels:
            measured = any(like_num(t.text) for t in sentence_of(doc, start))
            group = [h for h in group if (h.label == "Metric") == measured] or group
        out.append(max(group, key=lambda h: h.exact))
    return out


@Language.factory("kg_vocab", default_config={"vocab_dir": ""})
def make_vocab_matcher(nlp: Language, name: str, vocab_dir: str) -> VocabMatcher:
    return VocabMatcher(nlp, vocabulary_at(vocab_dir))
