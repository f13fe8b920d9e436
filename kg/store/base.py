"""The small interface every graph store implements (embedded LadybugDB, Neo4j).

Stores receive :class:`kg.model.GraphDocument` objects and answer Cypher. Query results are plain
Python values; nodes and relationships in results are serialised the same way on every backend:

- node: ``{"kind": "node", "label": L, "key": K, "properties": {...}}``
- relationship: ``{"kind": "relationship", "type": T, "start": {"label", "key"},
  "end": {"label", "key"}, "properties": {...}}``
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import TracebackType
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field

from kg.model import GraphDocument, GraphStats


class QueryResult(BaseModel):
    """Column names and rows of plain, JSON-ready values."""

    model_config = ConfigDict(extra="forbid")

    columns: list[str]
    rows: list[list[Any]] = Field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Rows as ``{column: value}`` dicts (``kg query --format json``)."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class UpsertReport(BaseModel):
    """How much an upsert wrote."""

    model_config = ConfigDict(extra="forbid")

    nodes: int = 0
    relationships: int = 0


class GraphStore(ABC):
    """A graph store queried in Cypher.

    ``upsert`` merges nodes by (label, key) and relationships by (start, type, end); for every
    Paper in the document, its outgoing Paper->entity relationships are *replaced* by the
    document's, so re-running a build with a newer extractor leaves no stale links, and
    re-running it unchanged changes nothing. Entity nodes left without any relationship are
    removed.
    """

    backend: ClassVar[str]

    @classmethod
    @abstractmethod
    def open(cls, uri: str, *, read_only: bool = False) -> Self:
        """Open (creating if needed, unless ``read_only``) the store at ``uri``."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes from ``schema/`` if they are missing."""

    @abstractmethod
    def upsert(self, doc: GraphDocument, *, batch_size: int = 1000) -> UpsertReport:
        """Write a graph document (see the class docstring for the merge rules)."""

    @abstractmethod
    def query(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = False,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run Cypher with parameters; ``read_only`` is enforced by the store itself."""

    @abstractmethod
    def stats(self) -> GraphStats:
        """Counts per label and relationship type; every schema label/type appears, zeros too."""

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and file handles; safe to call twice."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
