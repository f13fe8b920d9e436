"""The sample corpus built once into an embedded store, and read back for the export tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import pipeline
from kg.export import read_graph
from kg.model import GraphDocument, GraphStats
from kg.store.base import GraphStore
from kg.store.ladybug import LadybugStore


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The bundled sample corpus built with the real pipeline (loaders, extractor, store)."""
    store = LadybugStore.open(str(tmp_path_factory.mktemp("sample") / "graph.lbug"))
    pipeline.build(pipeline.sample_listings(), store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_graph(sample_store: GraphStore) -> GraphDocument:
    return read_graph(sample_store, page=50)  # small pages: the paging is exercised too


@pytest.fixture(scope="session")
def sample_stats(sample_store: GraphStore) -> GraphStats:
    return sample_store.stats()


@pytest.fixture
def sample_store_path(sample_store: GraphStore) -> Path:
    assert isinstance(sample_store, LadybugStore)
    return Path(sample_store.path)
