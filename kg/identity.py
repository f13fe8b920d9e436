"""Paper identity: one id per real paper, and one record per paper however often it is listed.

The id is the arXiv id without its version when known, else ``t-`` plus a hash of the normalised
title. :func:`merge_papers` folds every listing of the same paper (other arXiv versions, even
with a changed title; the same paper on another page) into ONE :class:`Paper` keeping every
source.

>>> paper_id("2509.06617v2", "MM-DINOv2")
'2509.06617'
>>> paper_id(None, "FAMNet: Frequency-aware Matching Network")
't-3c0efd26e412bebe'
>>> title_key("FAMNet: Frequency-aware  Matching Network!")
'famnetfrequencyawarematchingnetwork'
>>> title_key("Fréchet Distance"), title_key("胸部X線の分割"), title_key("胸部X線の検出"), title_key("!!!")
('frchetdistance', '胸部x線の分割', '胸部x線の検出', '')

Two arXiv versions with a changed title and a listing of the newest title on another page:

>>> from datetime import date
>>> v1 = Paper(id="2505.17457", arxiv_id="2505.17457", version=1, title="Graph Mamba", abstract="old",
...            published=date(2025, 5, 23), sources=[Source(path="a.md", line=9, format="arxiv-md")])
>>> v2 = Paper(id="2505.17457", arxiv_id="2505.17457", version=2, title="Hypergraph Mamba", abstract="new",
...            published=date(2025, 8, 4), sources=[Source(path="a.md", line=3, format="arxiv-md")])
>>> hf = Paper(id=paper_id(None, "Hypergraph Mamba"), title="Hypergraph Mamba", upvotes=3,
...            sources=[Source(path="hf.txt", line=40, format="hf-daily")])
>>> [merged] = merge_papers([v2, hf, v1])
>>> merged.id, merged.version, merged.title, merged.other_titles, merged.abstract, merged.upvotes
('2505.17457', 2, 'Hypergraph Mamba', ['Graph Mamba'], 'new', 3)
>>> merged.published, [s.ref() for s in merged.sources]
(datetime.date(2025, 5, 23), ['a.md:3', 'hf.txt:40', 'a.md:9'])
>>> merge_papers([merged]) == [merged]
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from kg.model import Paper, Source

_VERSION = re.compile(r"v\d+$")
_NON_ALNUM = re.compile(r"[^0-9a-z]")
#: Unicode categories a non-Latin title's key keeps: letters, numbers and the marks that change a letter
#: (a Devanagari vowel sign, a Japanese dakuten) so distinct non-Latin titles stay distinct
_KEY_CATEGORIES = frozenset("LNM")
#: fields filled from another listing when the winning one lacks them
_FILLED = ("url", "code_url", "comment", "venue", "authors_count", "upvotes")


def strip_version(arxiv_id: str) -> str:
    """``2509.06617v2`` -> ``2509.06617``."""
    return _VERSION.sub("", arxiv_id.strip())


def title_key(title: str) -> str:
    """The key two listings of one paper share: case, spacing and punctuation do not count.

    A title written in Latin letters keys on its ASCII letters and digits, lowercased: listings
    that lost an accent ("Frchet" beside "Fréchet") still meet, and ids stay what they always
    were. A title with letters of any other script keeps all its letters and digits (NFKC,
    case-folded; combining marks too, since a dakuten or a vowel sign changes the word), so two
    different Chinese titles never share a key. A title without any letter or digit has the
    empty key, which identifies nothing (see :func:`merge_papers`).
    """
    if all(_is_latin(ch) for ch in title if ch.isalpha()):
        key = _NON_ALNUM.sub("", title.lower())
        if key:
            return key
    folded = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in _KEY_CATEGORIES)


def _is_latin(letter: str) -> bool:
    return letter.isascii() or unicodedata.name(letter, "").startswith("LATIN ")


def paper_id(arxiv_id: str | None, title: str) -> str:
    """The arXiv id without version when known, else ``t-`` + 16 hex chars of sha1(title_key)."""
    if arxiv_id:
        return strip_version(arxiv_id)
    return "t-" + hashlib.sha1(title_key(title).encode("utf-8")).hexdigest()[:16]


@dataclass
class _Group:
    first: int
    members: list[tuple[int, Paper]] = field(default_factory=list)


def merge_papers(papers: list[Paper]) -> list[Paper]:
    """One :class:`Paper` per real paper, in order of first appearance (see the module doc).

    Records group by arXiv id; a record without one joins the arXiv paper whose any title has
    the same :func:`title_key`, else other records with its id or title key.
    """
    groups: list[_Group] = []
    by_arxiv: dict[str, _Group] = {}
    by_title: dict[str, _Group] = {}
    for index, paper in enumerate(papers):
        if paper.arxiv_id:
            group = by_arxiv.get(strip_version(paper.arxiv_id))
            if group is None:
                group = by_arxiv[strip_version(paper.arxiv_id)] = _Group(index)
                groups.append(group)
            group.members.append((index, paper))
            for key in _title_keys(paper):
                by_title.setdefault(key, group)
    loose: dict[str, _Group] = {}
    for index, paper in enumerate(papers):
        if paper.arxiv_id:
            continue
        keys = _title_keys(paper)
        group = next((by_title[k] for k in keys if k in by_title), None)
        group = group or loose.get(paper.id) or next((loose[k] for k in keys if k in loose), None)
        if group is None:
            group = _Group(index)
            groups.append(group)
        group.members.append((index, paper))
        for key in (paper.id, *keys):
            loose.setdefault(key, group)
    groups.sort(key=lambda g: g.first)
    return [_combine([p for _, p in sorted(g.members, key=lambda m: m[0])]) for g in groups]


def _title_keys(paper: Paper) -> list[str]:
    """The keys of every title of ``paper``; an empty key would merge unrelated papers, so none."""
    keys = (title_key(title) for title in (paper.title, *paper.other_titles))
    return [key for key in keys if key]


def _recency(paper: Paper) -> tuple[bool, int, date]:
    """How current a listing is: arXiv listings first, then higher version, then later date."""
    return (paper.arxiv_id is not None, paper.version or 0, paper.published or date.min)


def _combine(members: list[Paper]) -> Paper:
    """Merge listings of one paper (``members`` in input order)."""
    if len(members) == 1 and not members[0].arxiv_id:
        return members[0]
    # sorted() is stable: among equally recent listings the first one listed wins
    ranked = sorted(members, key=_recency, reverse=True)
    newest = ranked[0]
    merged = newest.model_copy(deep=True)
    arxiv_id = next((p.arxiv_id for p in ranked if p.arxiv_id), None)
    merged.arxiv_id = strip_version(arxiv_id) if arxiv_id else None
    merged.id = merged.arxiv_id or newest.id
    merged.version = max((p.version for p in members if p.version is not None), default=None)
    merged.other_titles = _other_titles(merged.title, ranked)
    if not merged.abstract:
        donor = next((p for p in ranked if p.abstract), None)
        if donor is not None:
            merged.abstract, merged.abstract_raw = donor.abstract, donor.abstract_raw
    for name in _FILLED:
        if getattr(merged, name) is None:
            setattr(
                merged, name, next((getattr(p, name) for p in ranked if getattr(p, name) is not None), None)
            )
    merged.published = min((p.published for p in members if p.published is not None), default=None)
    # every section any listing put the paper under, in the order first listed
    merged.topics = list(dict.fromkeys(t for p in members for t in p.topics))
    merged.sources = _sources(members)
    return merged


def _other_titles(title: str, ranked: list[Paper]) -> list[str]:
    seen = {title}
    out: list[str] = []
    for paper in ranked:
        for other in (paper.title, *paper.other_titles):
            if other not in seen:
                seen.add(other)
                out.append(other)
    return out


def _sources(members: list[Paper]) -> list[Source]:
    return list(dict.fromkeys(s for p in members for s in p.sources))
