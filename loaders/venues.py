"""Reading the publication venue out of a listing's free-text comment.

The vocabulary lives in ``schema/vocab/venues.yaml`` (canonical names, kinds and aliases). A venue
is taken only when the comment says the paper was accepted/published/will appear, or names the
venue with a year; "submitted to" and "under review" name a hope, not a venue. A conference gets
the year when one is written; a journal never does.

>>> parse_venue("10 pages, Accepted at MICCAI 2025")
'MICCAI 2025'
>>> parse_venue("17 pages, accepted to MIDL'25"), parse_venue("Accepted CVPR2025")
('MIDL 2025', 'CVPR 2025')
>>> parse_venue("Accepted by International Symposium on Biomedical Imaging (ISBI) 2025")
'ISBI 2025'
>>> parse_venue("Accepted to IEEE Transactions on Medical Imaging, 2025")
'IEEE TMI'
>>> parse_venue("8 pages, 3 figures, MICCAI") is None, parse_venue("submitted to MICCAI 2025") is None
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from kg.errors import SchemaError
from kg.resources import schema_dir

_ACCEPTED = re.compile(
    r"\b(accepted|published|to appear|appearing|camera[- ]ready|in press|publication in|publication at)\b",
    re.IGNORECASE,
)
_SUBMITTED = re.compile(r"\b(submitted|under review|in submission|under submission)\b", re.IGNORECASE)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"[\s)]*(?:[-,:]\s*|')?((?:19|20)\d\d|(?<=')\d\d)(?!\d)")
_YEAR_BEFORE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*$")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Venue:
    name: str
    kind: str
    workshops: str | None = None


@dataclass(frozen=True)
class VenueVocabulary:
    """The venues of ``venues.yaml`` and one regex over all their names and aliases."""

    by_surface: dict[str, Venue]
    pattern: re.Pattern[str]

    @classmethod
    def from_entries(cls, entries: list[dict[str, Any]]) -> VenueVocabulary:
        by_name = {
            e["name"]: Venue(e["name"], e.get("kind", "conference"), e.get("workshops")) for e in entries
        }
        by_surface: dict[str, Venue] = {}
        for entry in entries:
            for surface in [entry["name"], *(entry.get("aliases") or [])]:
                by_surface.setdefault(str(surface), by_name[entry["name"]])
        # longest first, so "MICCAI-W" wins over "MICCAI" at the same position
        alternatives = "|".join(re.escape(s) for s in sorted(by_surface, key=len, reverse=True))
        return cls(by_surface, re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z])"))


@cache
def venue_vocabulary() -> VenueVocabulary:
    """The venue vocabulary from ``schema/vocab/venues.yaml`` (read once)."""
    path = schema_dir() / "vocab" / "venues.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return VenueVocabulary.from_entries(list(data["venues"]))
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read the venue vocabulary ({exc})") from None


def parse_venue(comment: str | None, vocabulary: VenueVocabulary | None = None) -> str | None:
    """The canonical venue named in ``comment`` ("MICCAI 2025", "IEEE TMI"), or None."""
    if not comment:
        return None
    vocab = vocabulary or venue_vocabulary()
    match = vocab.pattern.search(comment)
    if match is None:
        return None
    venue = vocab.by_surface[match.group(0)]
    year = _year_near(comment, match)
    accepted = _ACCEPTED.search(comment) is not None
    if _SUBMITTED.search(comment) and not accepted:
        return None
    if not accepted and year is None:
        return None
    name = venue.workshops if venue.workshops and _WORKSHOP.search(comment) else venue.name
    if venue.kind == "conference" and year is not None:
        return f"{name} {year}"
    return name


def _year_near(comment: str, match: re.Match[str]) -> str | None:
    """The year written right after or before the venue, else the only year in the comment."""
    after = _YEAR_AFTER.match(comment, match.end())
    if after:
        year = after.group(1)
        return year if len(year) == 4 else f"20{year}"
    before = _YEAR_BEFORE.search(comment, 0, match.start())
    if before:
        return before.group(1)
    years = set(_ANY_YEAR.findall(comment))
    return years.pop() if len(years) == 1 else None
