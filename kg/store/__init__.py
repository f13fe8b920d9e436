"""Graph stores behind one interface, chosen by name or URI and imported lazily.

>>> backend_for("bolt://localhost:7687")
'neo4j'
>>> backend_for("/tmp/graph.lbug")
'ladybug'
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from kg.errors import ConfigError
from kg.store.base import GraphStore, QueryResult, UpsertReport

__all__ = ["GraphStore", "QueryResult", "UpsertReport", "backend_for", "default_store", "open_store"]

# backend name -> "module:Class"; imported only when chosen, so the neo4j driver stays optional.
BACKENDS: dict[str, str] = {
    "ladybug": "kg.store.ladybug:LadybugStore",
    "neo4j": "kg.store.neo4j:Neo4jStore",
}
_NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def default_store() -> str:
    """``$KG_STORE``, else ``graph.lbug`` under the user's data directory."""
    configured = os.environ.get("KG_STORE", "").strip()
    if configured:
        return configured
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "medimg-kg" / "graph.lbug")


def backend_for(uri: str) -> str:
    """The backend name for a store URI: Bolt/Neo4j URIs are Neo4j, anything else a path."""
    lowered = uri.lower()
    if lowered.startswith(_NEO4J_SCHEMES):
        return "neo4j"
    if "://" in uri:
        raise ConfigError(f"unsupported store URI {uri!r}: use a path, bolt:// or neo4j://")
    return "ladybug"


def open_store(uri: str | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the store at ``uri`` (default: :func:`default_store`)."""
    target = uri or default_store()
    module_name, class_name = BACKENDS[backend_for(target)].split(":")
    module = importlib.import_module(module_name)
    store_class: type[GraphStore] = getattr(module, class_name)
    return store_class.open(target, read_only=read_only)
