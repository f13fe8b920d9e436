"""Session-wide fixtures over the bundled sample corpus, shared by every test package.

Each is computed once per test process (per xdist worker) and shared: treat the returned
objects as read-only (``model_copy()`` a record before changing it), and open
``sample_store_path`` read-only or copy it before writing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import pipeline
from kg.model import Extraction, GraphDocument, LoadResult, Paper
from kg.store.ladybug import LadybugStore


@pytest.fixture(scope="session")
def sample_listings() -> list[pipeline.Listing]:
    """The bundled sample corpus (``kg/data/sample``): both seed listings, with format and reference date."""
    return pipeline.sample_listings()


@pytest.fixture(scope="session")
def sample_load(sample_listings: list[pipeline.Listing]) -> LoadResult:
    """The sample corpus loaded and merged (one Paper per real paper) with its load issues (none)."""
    return pipeline.load_listings(sample_listings)


@pytest.fixture(scope="session")
def sample_papers(sample_load: LoadResult) -> list[Paper]:
    """Every distinct sample paper, merged across versions and listings (``kg stats`` counts these)."""
    return sample_load.papers


@pytest.fixture(scope="session")
def sample_extractions(sample_papers: list[Paper]) -> list[Extraction]:
    """The default extractor's output for every sample paper, in paper order."""
    return pipeline.extract(sample_papers)


@pytest.fixture(scope="session")
def sample_doc(sample_extractions: list[Extraction]) -> GraphDocument:
    """The sample graph document: what ``kg build`` writes for the sample corpus."""
    return pipeline.graph_for(sample_extractions)


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory: pytest.TempPathFactory, sample_doc: GraphDocument) -> Path:
    """A closed LadybugDB store file holding the sample graph, built once per session.

    It is written exactly as :func:`kg.pipeline.build` does (``ensure_schema`` then ``upsert``),
    reusing ``sample_doc`` so the extractor runs once per session. Open it with
    ``LadybugStore.open(str(path), read_only=True)``, or copy the file before writing to it.
    """
    path = tmp_path_factory.mktemp("sample-store") / "graph.lbug"
    with LadybugStore.open(str(path)) as store:
        store.ensure_schema()
        store.upsert(sample_doc)
    return path
