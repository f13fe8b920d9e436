"""The backends the store contract suite runs against: a registry of factories and capabilities.

Each backend registers a *factory* (a generator taking the pytest request, yielding an open, empty
store with its schema ensured, and cleaning up after) and the *capabilities* it has. A contract
test that needs a capability says so with ``@pytest.mark.requires("rollback", ...)``; on a
backend without it the test is skipped with the reason, so every backend runs the one suite for
what it supports.

Capabilities:

- ``rollback``: a refused upsert leaves nothing half-written (transactions).
- ``constraints``: the store itself rejects a second node with the same key.
- ``read_only_enforced``: ``query(read_only=True)`` refuses writes in the engine.
- ``read_only_open``: ``open(uri, read_only=True)`` gives a second, read-only handle.
- ``large_params``: parameters of hundreds of KB in one query.
- ``timeout``: ``query(timeout=...)`` cancels a long query.

Adding a backend (in this module, or a module ``conftest.py`` imports)::

    @register_backend("bolt", {"read_only_enforced"}, marks=(pytest.mark.bolt,))
    def bolt_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
        store = Neo4jStore.open(session_server().uri)
        store.ensure_schema()
        store.clear()
        yield store
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pytest

from kg.store.base import GraphStore
from kg.store.ladybug import LadybugStore

CAPABILITIES = frozenset(
    {"rollback", "constraints", "read_only_enforced", "read_only_open", "large_params", "timeout"}
)

StoreFactory = Callable[[pytest.FixtureRequest], Iterator[GraphStore]]


@dataclass(frozen=True)
class Backend:
    """A store implementation the contract suite runs against."""

    name: str
    factory: StoreFactory
    capabilities: frozenset[str]
    marks: tuple[pytest.MarkDecorator, ...] = ()
    #: a second, read-only handle on the same store (capability ``read_only_open``)
    open_read_only: Callable[[GraphStore], GraphStore] | None = field(default=None)


BACKENDS: dict[str, Backend] = {}


def register_backend(
    name: str,
    capabilities: Iterable[str],
    *,
    marks: Iterable[pytest.MarkDecorator] = (),
    open_read_only: Callable[[GraphStore], GraphStore] | None = None,
) -> Callable[[StoreFactory], StoreFactory]:
    """Register ``factory`` under ``name`` (a decorator)."""
    caps = frozenset(capabilities)
    unknown = caps - CAPABILITIES
    if unknown:
        raise ValueError(f"unknown capabilities {sorted(unknown)}; known: {sorted(CAPABILITIES)}")

    def decorate(factory: StoreFactory) -> StoreFactory:
        BACKENDS[name] = Backend(name, factory, caps, tuple(marks), open_read_only)
        return factory

    return decorate


# ---------------------------------------------------------------------------------------------
# LadybugDB: a fresh file per test (opening one costs a few milliseconds)
# ---------------------------------------------------------------------------------------------


def _ladybug_read_only(store: GraphStore) -> GraphStore:
    assert isinstance(store, LadybugStore)
    return LadybugStore.open(str(store.path), read_only=True)


@register_backend("ladybug", CAPABILITIES, open_read_only=_ladybug_read_only)
def ladybug_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    tmp_path = request.getfixturevalue("tmp_path")
    store = LadybugStore.open(str(tmp_path / "graph.lbug"))
    store.ensure_schema()
    try:
        yield store
    finally:
        store.close()
