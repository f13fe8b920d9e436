"""Tokenizer rules that keep hyphenated model names whole.

spaCy's English tokenizer splits every letter-hyphen-letter sequence, so ``U-Net``,
``nnU-Net`` and ``SAM-Med2D`` become three tokens each while ``ResNet-50`` stays one (no split
before digits). Names are matched token by token, so a pattern tokenised one way never matches
text tokenised the other way. We therefore split hyphens only between lowercase letters
(``few-shot``, ``brain-tumor``) and keep any hyphen next to a capital or a digit inside the token;
a short list of function-word suffixes (``-based``, ``-guided``, ``-like``...) is split off so that
``SAM-based`` still yields ``SAM``. Patterns are always built with this same tokenizer.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> customize_tokenizer(nlp)
>>> [t.text for t in nlp("nnU-Net and SAM-Med2D beat a SAM-based few-shot U-Net's baseline")]
['nnU-Net', 'and', 'SAM-Med2D', 'beat', 'a', 'SAM', '-based', 'few', '-', 'shot', 'U-Net', "'s", 'baseline']
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.attrs import IDS
from spacy.lang.char_classes import ALPHA_LOWER, HYPHENS
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

#: words that, after a hyphen, describe the name before it rather than belong to it
HYPHEN_SUFFIX_WORDS = (
    "based",
    "like",
    "style",
    "guided",
    "driven",
    "aware",
    "derived",
    "specific",
    "only",
    "free",
    "powered",
    "assisted",
    "enhanced",
    "generated",
    "related",
    "level",
    "wise",
    "agnostic",
    "centric",
    "inspired",
    "augmented",
    "Guided",
    "Based",
    "Driven",
    "Like",
    "Aware",
    "Powered",
    "Assisted",
    "Enhanced",
    "Inspired",
    "Specific",
    "Free",
    "Only",
    "Centric",
    "Agnostic",
    "pretrained",
    "pre-trained",
    "Pretrained",
    "initialized",
    "initialised",
    "trained",
    "supervised",
    "segmented",
    "annotated",
    "labeled",
    "labelled",
    "compatible",
    "sized",
    "scale",
    "fashion",
    "type",
    "shaped",
    "equivalent",
    "dependent",
    "independent",
    "weighted",
    "adapted",
    "tuned",
    "finetuned",
    "fine-tuned",
    "prompted",
    "prompting",
    "synthesized",
    "predicted",
    "extracted",
    "embedded",
    "encoded",
    "conditioned",
    "informed",
)

_HYPHEN_INFIX_MARK = "(?:-|–|—|--|---|——|~)"


def _infixes(nlp: Language) -> list[str]:
    kept = [str(p) for p in nlp.Defaults.infixes or () if _HYPHEN_INFIX_MARK not in str(p)]
    lower_hyphen_lower = rf"(?<=[{ALPHA_LOWER}])(?:{HYPHENS})(?=[{ALPHA_LOWER}])"
    digit_hyphen_word = rf"(?<=[0-9])(?:{HYPHENS})(?=[{ALPHA_LOWER}]{{2,}})"
    plus_between_names = r"(?<=[A-Za-z0-9])\+(?=[A-Za-z])"  # "BlendMask+ResNet-50-FPN"
    return [*kept, lower_hyphen_lower, digit_hyphen_word, plus_between_names]


def _suffixes(nlp: Language) -> list[str]:
    words = "|".join(sorted(set(HYPHEN_SUFFIX_WORDS), key=len, reverse=True))
    # the unit rule splits "140K" / "361M" off names like "SA-Med3D-140K"; "%" keeps its own rule
    kept = [str(p) for p in nlp.Defaults.suffixes or () if not str(p).startswith("(?<=[0-9])(?:km|")]
    return [*kept, r"(?<=[0-9])%", rf"(?<=[A-Za-z0-9+])-(?:{words})$"]


def customize_tokenizer(nlp: Language) -> None:
    """Install the hyphen rules on ``nlp``'s tokenizer (in place)."""
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(_infixes(nlp)).finditer
    tokenizer.suffix_search = compile_suffix_regex(_suffixes(nlp)).search


def pattern_tokenizer(nlp: Language) -> Any:
    """A twin of ``nlp``'s tokenizer (same rules) with its own vocabulary, for building patterns.

    Tokenising thousands of vocabulary patterns with the pipeline's own tokenizer would push its
    Vocab past 10,000 lexemes, after which spaCy stops storing new words and so stops caching
    tokenisations: every later abstract would be tokenised from scratch (about 10x slower).
    Matching compares attribute hashes, which do not depend on the Vocab.
    """
    twin: Any = spacy.blank(nlp.lang or "en").tokenizer
    source: Any = nlp.tokenizer
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match", "rules"):
        setattr(twin, attr, getattr(source, attr))
    return twin


#: the lexical attributes the components read from lexemes (``lower_``; the few other flags they need
#: are computed per word in :mod:`kg.extract.lexical`)
LEXEME_ATTRS = ("LOWER",)


def keep_lexeme_attrs(nlp: Language, names: tuple[str, ...] = LEXEME_ATTRS) -> None:
    """Compute only the named lexical attributes when ``nlp``'s Vocab meets a new word (in place).

    spaCy's English Vocab calls ~23 Python functions (shape, prefix, stop word, URL and e-mail
    tests...) for every word it has not seen before: about a quarter of the time spent tokenising
    an unseen abstract. The extractor reads only ``lower_``; the others are left at their defaults
    (``False`` / empty), so a component needing one must add it here or use :mod:`kg.extract.lexical`.
    """
    keep = {IDS[name] for name in names}
    vocab: Any = nlp.vocab  # lex_attr_getters is missing from spaCy's type stubs
    vocab.lex_attr_getters = {attr: fn for attr, fn in vocab.lex_attr_getters.items() if attr in keep}
