"""The Neo4j store: the :class:`GraphStore` contract over Bolt with the official ``neo4j`` driver.

``kg build --store bolt://localhost:7687`` writes here; credentials come from the URI's
``user:password@`` or ``NEO4J_USER``/``NEO4J_PASSWORD``. Every statement runs in a managed
transaction (retried on transient errors); loading is batched as ``UNWIND $rows`` with
``--batch-size`` rows per transaction. All Cypher text lives in :mod:`kg.store.cypher`.

The same class talks to FalkorDB's Bolt endpoint (the real Bolt server the test suite runs):
``?dialect=falkordb`` in the URI, or detected, switches the few statements where the dialects
differ, keeps each message under FalkorDB's size limit and escapes string parameters the way
its endpoint needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from kg.errors import KGError, QueryError, ReadOnlyViolation, SchemaError, StoreError
from kg.model import GraphDocument, GraphStats
from kg.schema import Schema, load_schema
from kg.store import cypher as cyp
from kg.store.base import GraphStore, QueryResult, UpsertReport
from kg.store.document import ALIASES, CheckedDocument, Props, RelGroup, check_document, union_aliases
from kg.store.neo4j_batches import Row, batches, encoded_size
from kg.store.neo4j_conn import BoltSettings, driver_module, shared_driver, translate
from kg.store.neo4j_values import (
    ValueConverter,
    falkordb_escape,
    falkordb_node_id,
    hollow_endpoints,
    node_ref,
)

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

T = TypeVar("T")

#: FalkorDB's Bolt endpoint crashes on a message over ~4 KB (query text plus parameters)
MAX_MESSAGE_BYTES: dict[str, int | None] = {"neo4j": None, "falkordb": 3400}
#: the label whose outgoing links an upsert replaces
PAPER = "Paper"
CLEAR_BATCH = 10_000
#: FalkorDB cannot classify a query without running it: read-only there is a clause check
_WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|FOREACH|LOAD\s+CSV)\b|\bCALL\s+db\.idx\.", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)


def has_write_clause(query: str) -> bool:
    """Whether a query (string literals and comments aside) contains a writing clause.

    >>> has_write_clause("MATCH (n) WHERE n.name = 'CREATE' RETURN n"), has_write_clause("MATCH (n) DELETE n")
    (False, True)
    """
    return bool(_WRITE_CLAUSES.search(_LITERALS.sub(" ", query)))


def lookup_indexes(schema: Schema) -> list[tuple[str, str]]:
    """(label, property) pairs indexed for lookups, checked against the schema."""
    pairs = [(label, prop) for label, props in cyp.BOLT_LOOKUP_INDEXES.items() for prop in props]
    for label, prop in pairs:
        if prop not in schema.node(label).properties:
            raise SchemaError(f"index on {label}.{prop}: no such property in schema/graph.yaml")
    return pairs


def schema_statements(schema: Schema) -> list[str]:
    """The Neo4j 5 DDL generated from the schema: a uniqueness constraint per key, lookup indexes."""
    return [cyp.neo4j_unique(spec.label, spec.key) for spec in schema.nodes.values()] + [
        cyp.neo4j_index(label, prop) for label, prop in lookup_indexes(schema)]


def paper_groups(schema: Schema) -> list[RelGroup]:
    """Every (type, Paper, target) group: the links a re-upserted paper replaces."""
    return [(rel.type, rel.source, target) for rel in schema.relationships.values()
            if rel.source == PAPER for target in rel.targets]


def group_ends(schema: Schema, group: RelGroup) -> tuple[tuple[str, str], tuple[str, str]]:
    """(label, key property) of the start and end of a relationship group."""
    _, source, target = group
    return (source, schema.node(source).key), (target, schema.node(target).key)


def store_statements(schema: Schema, dialect: str) -> dict[str, str]:
    """Every statement the store itself can send in ``dialect``, by a descriptive name.

    The default test suite syntax-checks the ``neo4j`` set with Neo4j's own parser; user queries
    (``kg query``) and the shared domain/API statements come on top.
    """
    out = {f"ddl {i}": s for i, s in enumerate(schema_statements(schema))}
    out |= {"dialect probe": cyp.NEO4J_COMPONENTS, "clear": cyp.BOLT_CLEAR_BATCH,
            "endpoints": cyp.bolt_endpoints(dialect), "explain": cyp.bolt_explain("MATCH (n) RETURN n"),
            "stats": cyp.bolt_stats(tuple(schema.nodes), tuple(schema.relationships))}
    if dialect == "falkordb":
        out["indexes"] = cyp.FALKORDB_INDEXES
        wanted = [(spec.label, spec.key) for spec in schema.nodes.values()] + lookup_indexes(schema)
        out |= {f"index {label}.{prop}": cyp.falkordb_index(label, prop) for label, prop in wanted}
    for label, spec in schema.nodes.items():
        out[f"merge {label}"] = cyp.bolt_merge_nodes(label, spec.key)
        out[f"keys {label}"] = cyp.bolt_stored_keys(label, spec.key)
        if ALIASES in spec.properties:
            out[f"aliases {label}"] = cyp.bolt_node_aliases(label, spec.key)
    for rel in schema.relationships.values():
        for target in rel.targets:
            ends = group_ends(schema, (rel.type, rel.source, target))
            out[f"merge {rel.type} {target}"] = cyp.bolt_merge_relationships(rel.type, *ends)
    for group in paper_groups(schema):
        out[f"drop {group[0]} {group[2]}"] = cyp.bolt_drop_links(group[0], *group_ends(schema, group))
        end_spec = schema.node(group[2])
        out[f"orphans {end_spec.label}"] = cyp.bolt_delete_orphans(end_spec.label, end_spec.key, dialect)
    return out


class Neo4jStore(GraphStore):
    """A graph in Neo4j 5 (or FalkorDB over Bolt), reached through one shared driver per process."""

    backend: ClassVar[str] = "neo4j"

    def __init__(self, driver: Driver, settings: BoltSettings, dialect: str, *, read_only: bool = False,
                 schema: Schema | None = None) -> None:
        self._driver = driver
        self._settings = settings
        self.uri = settings.display
        self.dialect = dialect
        self.read_only = read_only
        self.schema = schema or load_schema()
        self._closed = False

    @classmethod
    def open(cls, uri: str, *, read_only: bool = False, driver: Driver | None = None) -> Self:
        """Connect to the server at ``uri`` (a driver may be injected; else the process's shared one)."""
        settings = BoltSettings.from_uri(uri)
        driver = driver or shared_driver(settings)
        store = cls(driver, settings, settings.dialect or "neo4j", read_only=read_only)
        store.uri = uri
        store._verify_connectivity()
        if settings.dialect is None:
            store.dialect = store._detect_dialect()
        return store

    @property
    def target(self) -> str:
        """The server as shown in messages (no password)."""
        return self._settings.display

    # -- transactions --------------------------------------------------------------------------

    def _transaction(self, work: Callable[[ManagedTransaction], T], *, write: bool,
                     timeout: float | None = None) -> T:
        """Run ``work`` in a managed read or write transaction; driver errors become project errors."""
        if self._closed:
            raise StoreError(f"the store at {self.target} is closed")
        neo4j = driver_module()
        unit = neo4j.unit_of_work(timeout=timeout)(work) if timeout else work
        try:
            mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
            with self._driver.session(database=self._settings.database, default_access_mode=mode) as session:
                outcome: T = session.execute_write(unit) if write else session.execute_read(unit)
                return outcome
        except KGError:
            raise
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise translate(exc, self.target) from exc

    def _execute(self, statement: str, params: Mapping[str, Any] | None = None, *,
                 write: bool) -> list[dict[str, Any]]:
        """One of the store's own statements in its own transaction; every row as a dict."""
        values = self._params(params)
        return self._transaction(lambda tx: tx.run(statement, values).data(), write=write)

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Parameters as the server needs them (FalkorDB: strings escaped, see falkordb_escape)."""
        values = dict(params or {})
        return falkordb_escape(values) if self.dialect == "falkordb" else values

    def _verify_connectivity(self) -> None:
        """Fail at once with advice when the server is down (transactions would retry for a while)."""
        neo4j = driver_module()
        try:
            self._driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise translate(exc, self.target) from exc

    def _detect_dialect(self) -> str:
        try:
            self._execute(cyp.NEO4J_COMPONENTS, write=False)
        except QueryError:
            return "falkordb"
        return "neo4j"

    def _writable(self, action: str) -> None:
        if self.read_only:
            raise ReadOnlyViolation(f"cannot {action}: the store at {self.target} was opened read-only")

    def _batches(self, statement: str, rows: Sequence[Row], batch_size: int) -> Iterable[list[Row]]:
        limit = MAX_MESSAGE_BYTES.get(self.dialect)
        if not limit:
            return batches(rows, batch_size=batch_size)
        return batches(rows, batch_size=batch_size, max_bytes=limit - len(statement.encode()),
                       measure=lambda value: encoded_size(falkordb_escape(value)))

    def _keyed(self, statement: str, keys: Iterable[str], *, write: bool,
               batch_size: int = 1000) -> list[dict[str, Any]]:
        """Run a ``$keys`` statement over ``keys`` in batches, collecting the rows."""
        rows = [{"key": key, "props": {}} for key in sorted(set(keys))]
        out: list[dict[str, Any]] = []
        for batch in self._batches(statement, rows, batch_size):
            out += self._execute(statement, {"keys": [row["key"] for row in batch]}, write=write)
        return out

    # -- schema ----------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        self._writable("create the schema")
        if self.dialect == "falkordb":
            self._ensure_falkordb_indexes()
            return
        for statement in schema_statements(self.schema):
            self._execute(statement, write=True)

    def _ensure_falkordb_indexes(self) -> None:
        rows = self._execute(cyp.FALKORDB_INDEXES, write=False)
        existing = {(row["label"], prop) for row in rows for prop in row["properties"]}
        wanted = [(spec.label, spec.key) for spec in self.schema.nodes.values()] + lookup_indexes(self.schema)
        for label, prop in wanted:
            if (label, prop) not in existing:
                self._execute(cyp.falkordb_index(label, prop), write=True)

    # -- writing -----------------------------------------------------------------------------------

    def upsert(self, doc: GraphDocument, *, batch_size: int = 1000) -> UpsertReport:
        """Merge ``doc`` (see :class:`GraphStore` for the rules); one transaction per batch."""
        self._writable("write")
        checked = check_document(doc, self.schema)
        self._check_endpoints(checked)
        nodes = sum(self._merge_nodes(label, rows, batch_size) for label, rows in self._node_rows(checked))
        candidates = self._drop_paper_links(checked, batch_size)
        relationships = sum(self._merge_relationships(group, rows, batch_size)
                            for group, rows in checked.relationships.items())
        self._delete_orphans(candidates, checked, batch_size)
        return UpsertReport(nodes=nodes, relationships=relationships)

    def _check_endpoints(self, doc: CheckedDocument) -> None:
        """Every relationship end must be in the document or already stored (checked before writing)."""
        missing: dict[str, set[str]] = {}
        for (_, source, target), pairs in doc.relationships.items():
            for start, end in pairs:
                for label, key in ((source, start), (target, end)):
                    if key not in doc.nodes.get(label, {}):
                        missing.setdefault(label, set()).add(key)
        for label, keys in missing.items():
            statement = cyp.bolt_stored_keys(label, self.schema.node(label).key)
            absent = keys - {row["key"] for row in self._keyed(statement, keys, write=False)}
            if absent:
                raise SchemaError(f"{label} {sorted(absent)[0]!r} is the end of a relationship but is "
                                  "neither in the document nor in the store")

    def _node_rows(self, doc: CheckedDocument) -> Iterable[tuple[str, list[Row]]]:
        """Per label in schema order: rows ``{key, props}`` with stored aliases unioned in."""
        for label, spec in self.schema.nodes.items():
            by_key = doc.nodes.get(label)
            if not by_key:
                continue
            stored: dict[str, Any] = {}
            if ALIASES in spec.properties:
                statement = cyp.bolt_node_aliases(label, spec.key)
                stored = {row["key"]: row["aliases"] for row in self._keyed(statement, by_key, write=False)}
            rows = []
            for key, props in by_key.items():
                values: Props = {name: value for name, value in props.items() if name != spec.key}
                if ALIASES in values:
                    values[ALIASES] = union_aliases(stored.get(key), values[ALIASES])
                rows.append({"key": key, "props": values})
            yield label, rows

    def _merge_nodes(self, label: str, rows: list[Row], batch_size: int) -> int:
        statement = cyp.bolt_merge_nodes(label, self.schema.node(label).key)
        for batch in self._batches(statement, rows, batch_size):
            self._execute(statement, {"rows": batch}, write=True)
        return len(rows)

    def _drop_paper_links(self, doc: CheckedDocument, batch_size: int) -> dict[str, set[str]]:
        """Delete the upserted papers' outgoing links; returns the keys of the former ends by label."""
        papers = doc.paper_keys()
        ends: dict[str, set[str]] = {}
        if not papers:
            return ends
        for group in paper_groups(self.schema):
            statement = cyp.bolt_drop_links(group[0], *group_ends(self.schema, group))
            rows = self._keyed(statement, papers, write=True, batch_size=batch_size)
            ends.setdefault(group[2], set()).update(row["key"] for row in rows)
        return ends

    def _merge_relationships(self, group: RelGroup, pairs: Mapping[tuple[str, str], Props],
                             batch_size: int) -> int:
        statement = cyp.bolt_merge_relationships(group[0], *group_ends(self.schema, group))
        rows = [{"start": start, "end": end, "props": props} for (start, end), props in pairs.items()]
        for batch in self._batches(statement, rows, batch_size):
            self._execute(statement, {"rows": batch}, write=True)
        return len(rows)

    def _delete_orphans(self, candidates: Mapping[str, set[str]], doc: CheckedDocument,
                        batch_size: int) -> None:
        for label, keys in candidates.items():
            keys = keys - set(doc.nodes.get(label, {}))
            if keys:
                statement = cyp.bolt_delete_orphans(label, self.schema.node(label).key, self.dialect)
                self._keyed(statement, keys, write=True, batch_size=batch_size)

    def clear(self) -> None:
        self._writable("clear the graph")
        while self._execute(cyp.BOLT_CLEAR_BATCH, {"limit": CLEAR_BATCH}, write=True)[0]["deleted"]:
            pass

    # -- reading -----------------------------------------------------------------------------------

    def query(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = False,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run Cypher; with ``read_only`` (or a read-only store) the server itself refuses writes."""
        read_only = read_only or self.read_only
        if read_only:
            self._refuse_writes(cypher, params)

        values = self._params(params)

        def work(tx: ManagedTransaction) -> QueryResult:
            result = tx.run(cypher, values)
            columns = list(result.keys())
            rows: list[list[Any]] = []
            for record in result:
                if max_rows is not None and len(rows) >= max_rows:
                    break
                rows.append(list(record.values()))
            result.consume()
            converter = ValueConverter(self.schema, self._endpoints(tx, hollow_endpoints(rows)))
            return QueryResult(columns=columns, rows=[[converter.convert(v) for v in row] for row in rows])

        return self._transaction(work, write=not read_only, timeout=timeout)

    def _refuse_writes(self, query: str, params: Mapping[str, Any] | None) -> None:
        """Refuse a query that would write: Neo4j classifies it from its plan (EXPLAIN runs nothing)."""
        if self.dialect == "falkordb":
            if has_write_clause(query):
                raise ReadOnlyViolation("read-only query refused: it contains a writing clause")
            return

        def kind(tx: ManagedTransaction) -> str | None:
            return tx.run(cyp.bolt_explain(query), dict(params or {})).consume().query_type

        query_type = self._transaction(kind, write=False)
        if query_type != "r":
            raise ReadOnlyViolation(f"read-only query refused: the server classifies it as {query_type!r} "
                                    "(r = read, rw/w = writes, s = schema)")

    def _endpoints(self, tx: ManagedTransaction, element_ids: set[str]) -> dict[str, Any]:
        """(label, key) of relationship ends the result carried without labels, in one lookup."""
        if not element_ids:
            return {}
        if self.dialect == "falkordb":
            ids: list[Any] = sorted(i for i in map(falkordb_node_id, element_ids) if i is not None)
        else:
            ids = sorted(element_ids)
        refs = {}
        for row in tx.run(cyp.bolt_endpoints(self.dialect), ids=ids).data():
            element_id = f"node_{row['id']}" if self.dialect == "falkordb" else row["id"]
            refs[element_id] = node_ref(row["labels"], row["props"], self.schema, element_id)
        return refs

    def stats(self) -> GraphStats:
        labels, types = tuple(self.schema.nodes), tuple(self.schema.relationships)
        counts = {(row["kind"], row["name"]): row["n"]
                  for row in self._execute(cyp.bolt_stats(labels, types), write=False)}
        return GraphStats(nodes={label: counts.get(("node", label), 0) for label in labels},
                          relationships={t: counts.get(("relationship", t), 0) for t in types})

    def close(self) -> None:
        """Release this store; the shared driver stays open for the process (closed at exit)."""
        self._closed = True
