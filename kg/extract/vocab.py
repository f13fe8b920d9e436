"""Vocabularies as data: the YAML files in ``schema/vocab/`` turned into :class:`Term` records.

Each file has a ``label`` (an entity label, ``Generic`` for families that are never entities, or
``Stop`` for name-shaped strings to ignore), its ``source`` and ``licence``, and ``entries``
mapping a canonical name to its aliases::

    entries:
      U-Net: [UNet, U-net]
      SAM 2: {aliases: [SAM2], variant_of: SAM}
      CHAOS: {aliases: [], case: exact}

How a surface form is matched (:func:`case_policy`): lowercase forms match any case; short or
word-like forms (``SAM``, ``CLIP``, ``CHAOS``, ``DRIVE``, ``US``, ``Synapse``) match their exact
case only; longer name-shaped forms (``ResNet-50``, ``Segment Anything Model``) match any case.

>>> case_policy("SAM"), case_policy("Synapse"), case_policy("nnU-Net"), case_policy("brain")
('exact', 'exact', 'lower', 'lower')
>>> sorted(spelling_variants("ResNet-18"))
['ResNet 18', 'ResNet-18', 'ResNet18']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from kg.errors import SchemaError
from kg.resources import schema_dir

CasePolicy = Literal["exact", "lower"]

#: labels a vocabulary file may declare besides the entity labels
PSEUDO_LABELS = ("Generic", "Stop", "Cues")
ENTITY_FILE_LABELS = ("Model", "Dataset", "Modality", "Task", "Setting", "Anatomy", "Metric")


@dataclass(frozen=True)
class Term:
    """One canonical entity with the surface forms that name it."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    case: CasePolicy | None = None
    #: needs supporting context (a cue word, a definition) before it counts
    ambiguous: bool = False
    #: forms also used in passing; they count only where the paper describes its own work
    weak: tuple[str, ...] = ()

    def _policy(self, form: str) -> CasePolicy:
        """An explicit ``case`` governs one-word forms; phrases ("Segment Anything Model") follow
        the automatic policy, so they still match in lowercase."""
        if self.case and " " not in form:
            return self.case
        return case_policy(form)

    def surfaces(self) -> Iterator[tuple[str, CasePolicy]]:
        """Every strong surface form with the case policy it is matched under."""
        for form in (self.name, *self.aliases):
            if form in self.weak:
                continue
            policy = self._policy(form)
            for variant in spelling_variants(form):
                yield variant, policy

    def weak_surfaces(self) -> Iterator[tuple[str, CasePolicy]]:
        for form in self.weak:
            policy = self._policy(form)
            for variant in spelling_variants(form):
                yield variant, policy


@dataclass(frozen=True)
class Cues:
    """Context words (lowercase) from ``cues.yaml``; see that file for what each list means."""

    words: dict[str, frozenset[str]] = field(default_factory=dict)
    long_form_heads: dict[str, frozenset[str]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())


def _cues(data: dict[str, Any], path: Path) -> Cues:
    raw = data.get("cues")
    if not isinstance(raw, dict):
        raise SchemaError(f"{path}: a cues file needs a 'cues' mapping")
    heads = raw.get("long_form_heads") or {}
    words = {k: frozenset(str(w).lower() for w in v) for k, v in raw.items() if k != "long_form_heads"}
    long_form_heads = {k: frozenset(str(w).lower() for w in v) for k, v in heads.items()}
    return Cues(words=words, long_form_heads=long_form_heads)


@dataclass
class Vocabulary:
    """All terms, plus the stop list for candidate discovery and each file's provenance."""

    terms: list[Term] = field(default_factory=list)
    stop: frozenset[str] = frozenset()
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    cues: Cues = field(default_factory=lambda: Cues())

    def by_label(self, label: str) -> list[Term]:
        return [t for t in self.terms if t.label == label]

    def canonical_names(self, label: str) -> set[str]:
        return {t.name for t in self.terms if t.label == label}


_WORDLIKE = re.compile(r"^[A-Z][a-z]+$|^[A-Z]{2,6}$")


def case_policy(form: str) -> CasePolicy:
    """``exact`` for short or word-like forms, ``lower`` for lowercase words and long names."""
    if form == form.lower():
        return "lower"
    letters = re.sub(r"[^0-9A-Za-z]", "", form)
    if len(letters) <= 5 or _WORDLIKE.match(form):
        return "exact"
    return "lower"


def spelling_variants(form: str) -> set[str]:
    """Hyphen/space/no-space spellings of a name: ``U-Net`` -> ``UNet``, ``U Net``.

    Only names that carry a capital or a digit get the glued variant, so that lowercase
    phrases (``few-shot``) do not grow nonsense spellings.
    """
    out = {form}
    if "-" in form:
        out.add(form.replace("-", " "))
        if re.search(r"[A-Z0-9]", form):
            out.add(form.replace("-", ""))
    if " " in form and re.search(r"[A-Z0-9]", form) and len(form.split()) == 2:
        out.add(form.replace(" ", "-"))
        out.add(form.replace(" ", ""))
    return {v for v in out if v.strip()}


def _entry_terms(label: str, name: str, value: Any, where: str) -> Term:
    if value is None:
        value = []
    if isinstance(value, list):
        return Term(label=label, name=name, aliases=tuple(str(a) for a in value))
    if isinstance(value, dict):
        unknown = set(value) - {"aliases", "variant_of", "version_of", "case", "ambiguous", "weak"}
        if unknown:
            raise SchemaError(f"{where}: entry {name!r} has unknown keys {sorted(unknown)}")
        case = value.get("case")
        if case not in (None, "exact", "lower"):
            raise SchemaError(f"{where}: entry {name!r} has case {case!r} (expected exact or lower)")
        return Term(
            label=label,
            name=name,
            aliases=tuple(str(a) for a in value.get("aliases") or []),
            parent=value.get("variant_of") or value.get("version_of"),
            case=case,
            ambiguous=bool(value.get("ambiguous", False)),
            weak=tuple(str(a) for a in value.get("weak") or []),
        )
    raise SchemaError(f"{where}: entry {name!r} must map to a list of aliases or a mapping")


def _read(path: Path) -> dict[str, Any] | None:
    """The file's mapping, or None for files that are not entity vocabularies (e.g. venues)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SchemaError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or "label" not in data:
        return None
    label = data["label"]
    if label not in ENTITY_FILE_LABELS + PSEUDO_LABELS:
        raise SchemaError(f"{path}: unknown label {label!r}")
    for key in ("source", "licence"):
        if not data.get(key):
            raise SchemaError(f"{path}: every vocabulary records its {key}")
    return data


def load_vocabulary(folder: Path | None = None) -> Vocabulary:
    """Read every ``*.yaml`` vocabulary in ``folder`` (default: ``schema/vocab``)."""
    folder = folder or schema_dir() / "vocab"
    vocab = Vocabulary()
    stop: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path)
        if data is None:
            continue
        label = data["label"]
        vocab.sources[path.name] = {"label": label, "source": data["source"], "licence": data["licence"]}
        if label == "Stop":
            stop.update(str(s) for s in data.get("case_sensitive") or [])
            continue
        if label == "Cues":
            vocab.cues = _cues(data, path)
            continue
        entries = data.get("entries") or {}
        if not isinstance(entries, dict):
            raise SchemaError(f"{path}: 'entries' must be a mapping of canonical name -> aliases")
        vocab.terms.extend(_entry_terms(label, str(k), v, str(path)) for k, v in entries.items())
    vocab.terms = _merged(vocab.terms)
    vocab.stop = frozenset(stop)
    return vocab


def _merged(terms: list[Term]) -> list[Term]:
    """One term per (label, name): a generated file may add aliases to a curated entry."""
    by_key: dict[tuple[str, str], Term] = {}
    for term in terms:
        key = (term.label, term.name)
        first = by_key.get(key)
        if first is None:
            by_key[key] = term
        else:
            aliases = tuple(dict.fromkeys((*first.aliases, *term.aliases)))
            by_key[key] = Term(
                first.label,
                first.name,
                aliases,
                first.parent or term.parent,
                first.case,
                first.ambiguous,
                tuple(dict.fromkeys((*first.weak, *term.weak))),
            )
    return list(by_key.values())


@cache
def vocabulary_at(folder: str = "") -> Vocabulary:
    """The vocabulary in ``folder`` (``""``: the project's ``schema/vocab``), loaded once per process."""
    return load_vocabulary(Path(folder) if folder else None)


def default_vocabulary() -> Vocabulary:
    return vocabulary_at("")


def iter_surfaces(terms: Iterable[Term]) -> Iterator[tuple[Term, str, CasePolicy, bool]]:
    """``(term, surface, case policy, weak)`` for every form of every term."""
    for term in terms:
        for surface, policy in term.surfaces():
            yield term, surface, policy, False
        for surface, policy in term.weak_surfaces():
            yield term, surface, policy, True
