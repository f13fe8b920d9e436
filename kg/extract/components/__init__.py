"""spaCy pipeline components of the extractor, each declared with ``Language.factory``.

Importing this package registers them: ``kg_fields`` (title/abstract boundary), ``kg_vocab``
(vocabulary matcher), ``kg_versions`` (SAM 2, BraTS 2021), ``kg_abbreviations`` (Schwartz-Hearst
definitions), ``kg_discover`` (name-shaped candidates typed by context), ``kg_proposed`` (the
paper's own names) and ``kg_measure`` (metrics only when used as a measure).
"""

from kg.extract.components import (  # noqa: F401
    abbreviations,
    discover,
    fields,
    measure,
    own_work,
    proposed,
    sentences,
    versions,
    vocab_matcher,
)
