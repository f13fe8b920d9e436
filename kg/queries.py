"""Domain queries shared by the CLI and the API, written against :class:`GraphStore`."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from kg.errors import NotFoundError
from kg.store import cypher
from kg.store.base import GraphStore

_VERSION_SUFFIX = re.compile(r"v\d+$")


class PaperRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str


class SharedDatasets(BaseModel):
    """One paper that shares datasets with the one asked about, and which datasets."""

    model_config = ConfigDict(extra="forbid")

    paper: PaperRef
    datasets: list[str]


def find_paper(store: GraphStore, ref: str) -> PaperRef:
    """The paper a user means by ``ref``: a node id, an arXiv id, or an arXiv id with ``vN``."""
    ref = ref.strip()
    candidates = list(dict.fromkeys([ref, _VERSION_SUFFIX.sub("", ref)]))
    for statement in (cypher.FIND_PAPER, cypher.FIND_PAPER_BY_ARXIV_ID):
        for candidate in candidates:
            result = store.query(statement, {"ref": candidate}, read_only=True)
            if result.rows:
                pid, title = result.rows[0]
                return PaperRef(id=pid, title=title)
    raise NotFoundError(f"no paper with id or arXiv id {ref!r}")


def shared_datasets(store: GraphStore, ref: str, *, limit: int = 20) -> list[SharedDatasets]:
    """Papers sharing at least one dataset with ``ref``, most shared datasets first."""
    paper = find_paper(store, ref)
    result = store.query(cypher.SHARED_DATASETS, {"id": paper.id, "limit": limit}, read_only=True)
    return [
        SharedDatasets(paper=PaperRef(id=pid, title=title), datasets=sorted(datasets))
        for pid, title, datasets in result.rows
    ]
