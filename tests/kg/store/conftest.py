"""Fixtures of the store contract suite: the parametrised ``store`` and the hand-made corpus.

Backends and their capabilities are registered in :mod:`store_backends`; a contract test that
needs a capability says ``@pytest.mark.requires("rollback", ...)`` and is skipped, with the reason,
on a backend without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j_backends  # noqa: F401  (registers the bolt and neo4j backends)
import pytest
from store_backends import BACKENDS, Backend
from store_corpus import corpus

from kg.graph import build_graph
from kg.model import GraphDocument
from kg.store.base import GraphStore
from kg.store.ladybug import LadybugStore


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requires(*capabilities): store capabilities a contract test needs")


# ---------------------------------------------------------------------------------------------
# The fixtures the contract suite uses
# ---------------------------------------------------------------------------------------------


@pytest.fixture(params=[pytest.param(name, marks=b.marks, id=name) for name, b in BACKENDS.items()])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The backend under test; skips when the test ``requires`` a capability it lacks."""
    chosen = BACKENDS[request.param]
    for marker in request.node.iter_markers("requires"):
        missing = sorted(set(marker.args) - chosen.capabilities)
        if missing:
            pytest.skip(f"the {chosen.name} backend lacks {', '.join(missing)}")
    return chosen


@pytest.fixture
def store(backend: Backend, request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An open, empty store of each registered backend, schema ensured."""
    yield from backend.factory(request)




@pytest.fixture
def corpus_doc() -> GraphDocument:
    """The hand-made corpus (:mod:`store_corpus`) as a graph document."""
    return build_graph(corpus())


@pytest.fixture
def built(tmp_path: Path) -> Iterator[LadybugStore]:
    """A store holding the hand-made corpus."""
    store = LadybugStore.open(str(tmp_path / "graph.lbug"))
    store.ensure_schema()
    store.upsert(build_graph(corpus()))
    yield store
    store.close()
