"""The embedded default store: LadybugDB (the maintained fork of Kùzu), one file on disk.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.lbug"
>>> with LadybugStore.open(str(path)) as store:
...     store.ensure_schema()
...     store.query("MATCH (p:Paper) RETURN count(p) AS papers").records()
[{'papers': 0}]

Tables are declared up front from ``schema/graph.yaml``. Writes are diffed against what is stored
and bulk-loaded (:mod:`kg.store.ladybug_upsert`). ``query(read_only=True)`` runs inside a
read-only transaction, so the engine itself refuses writes; a store opened with ``read_only=True``
is a read-only database handle, which can be opened while another process writes (and a writer
can open while readers hold it). A reader sees the store as it was when it opened: reopen it to
see a later build. One writer at a time: a second one gets a "locked by process N" StoreError.

Each thread gets its own connection, so reads on different threads run at the same time; only
writes, schema changes and reloads of the table cache take the store's lock. A read-only open
that finds a checkpoint left unfinished by a killed writer finishes it first (see
:mod:`kg.store.ladybug_open`).
"""

from __future__ import annotations

import difflib
import re
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any, ClassVar, Self

from kg.errors import QueryError, ReadOnlyViolation, SchemaError, StoreError
from kg.model import GraphDocument, GraphStats
from kg.schema import Schema, load_schema
from kg.store import cypher
from kg.store.base import GraphStore, QueryResult, UpsertReport
from kg.store.document import check_document
from kg.store.ladybug_open import (
    POST_COMMIT_CHECKPOINT,
    checkpoint_failure,
    first_line,
    open_database,
    open_failure,
)
from kg.store.ladybug_results import ResultDecoder, plain_column
from kg.store.ladybug_upsert import LadybugUpsert, gc_paused, scan_by_rows

# Removed before looking for clauses: string literals, quoted names and comments.
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`]|``)*`|//[^\n]*|/\*.*?\*/", re.S)
# Clauses that read or write files outside the store, or load code: a read-only caller (the API)
# must not reach the server's file system through them. Writes to the graph itself are refused
# by the engine (read-only transaction / database), not by this list.
_FILE_CLAUSES = re.compile(r"(?<![\w.$])(COPY|LOAD|EXPORT|IMPORT|ATTACH|DETACH\s+DATABASE|INSTALL)\b", re.I)
_TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|CHECKPOINT)\b", re.I)
_READ_ONLY_MESSAGES = ("read-only database", "read-only transaction", "read only")
_MISSING_TABLE = re.compile(r"Table (\S+) does not exist")
_EXPECTING = re.compile(r" expecting \{[^}]*\}")  # the parser's list of every keyword it accepts


def _plain_params(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain_params(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain_params(v) for v in value]
    return value


def file_clause(cypher_text: str) -> str | None:
    """The first clause in ``cypher_text`` that touches files outside the store, if any.

    >>> file_clause("MATCH (n) WHERE n.name = 'COPY' RETURN n") is None
    True
    >>> file_clause("COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'")
    'COPY'
    """
    match = _FILE_CLAUSES.search(_QUOTED.sub(" ", cypher_text))
    return match.group(1).upper() if match else None


class LadybugStore(GraphStore):
    """A LadybugDB database file behind the :class:`GraphStore` interface."""

    backend: ClassVar[str] = "ladybug"

    def __init__(
        self, path: Path, database: Any, connection: Any, *, read_only: bool, schema: Schema
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._db = database
        # One connection per thread, so reads on different threads run at once (FastAPI runs
        # sync endpoints in a thread pool). Measured on ladybug 0.22, 2 cores, one execution
        # thread per query: a 0.7 s query alone took 0.70 s; two of them on two threads with a
        # connection each took 0.75 s (process CPU 1.3 s: execute releases the GIL), but 1.27 s
        # through one shared connection (calls on one connection take turns). While one ran,
        # another thread's connection answered ~2900 `RETURN 1`s, the slowest in 14 ms.
        self._connections: dict[threading.Thread, Any] = {threading.current_thread(): connection}
        self._connections_lock = threading.Lock()  # guards _connections and _db
        # Held only by writes, schema changes and table-cache reloads: the engine allows one
        # write transaction at a time, while reads see their own snapshot and need no lock.
        self._lock = threading.RLock()
        self._schema = schema
        self._tables: dict[str, str] = {}
        self._table_ids: dict[int, str] = {}
        self._load_tables()

    # -- opening and closing ---------------------------------------------------------------------

    @classmethod
    def open(cls, uri: str, *, read_only: bool = False) -> Self:
        """Open the store file at ``uri``; creates it and its folder unless ``read_only``."""
        path = Path(uri).expanduser()
        if path.is_dir():
            raise StoreError(f"{path} is a folder; give the store a file path such as {path / 'graph.lbug'}")
        if read_only and not path.exists():
            raise StoreError(f"no graph store at {path}: build one first with `kg build --store {path}`")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {path}: {exc.strerror}") from None
        import ladybug

        database = open_database(path, read_only)
        try:
            connection = ladybug.Connection(database)
        except RuntimeError as exc:
            database.close()
            raise StoreError(open_failure(path, exc, read_only)) from None
        return cls(path, database, connection, read_only=read_only, schema=load_schema())

    def close(self) -> None:
        with self._lock, self._connections_lock:  # the lock: a write in progress finishes first
            if self._db is None:
                return
            connections, database = list(self._connections.values()), self._db
            self._connections.clear()
            self._db = None
        for conn in connections:  # each waits for a read still running on it
            conn.close()
        database.close()

    def _connection(self) -> Any:
        """This thread's connection, opened on its first statement."""
        conn = self._connections.get(threading.current_thread())
        return conn if conn is not None else self._new_connection()

    def _new_connection(self) -> Any:
        import ladybug

        with self._connections_lock:
            if self._db is None:
                raise StoreError(f"the store {self.path} is closed")
            self._close_connections_of_finished_threads()
            conn = self._connections[threading.current_thread()] = ladybug.Connection(self._db)
        return conn

    def _close_connections_of_finished_threads(self) -> None:
        """A thread pool retires idle threads (anyio after 10 s); their connections go with them."""
        for thread in [t for t in self._connections if not t.is_alive()]:
            self._connections.pop(thread).close()

    # -- running statements ----------------------------------------------------------------------

    def _execute(self, statement: str, params: Mapping[str, Any] | None = None) -> list[list[Any]]:
        """Run one of the project's own statements and return all rows."""
        try:
            result = self._connection().execute(statement, dict(params or {}))
        except RuntimeError as exc:
            raise self._translate(exc) from None
        try:
            return [list(row) for row in result.get_all()]
        finally:
            result.close()

    def _scan(self, statement: str, types: Sequence[str]) -> list[list[Any]]:
        """Run one of the project's own reads and return its columns as plain values, ``types``
        being their schema types. Through pandas: several times faster than row by row."""
        try:
            result = self._connection().execute(statement)
        except RuntimeError as exc:
            raise self._translate(exc) from None
        try:
            frame = result.get_as_df()
        finally:
            result.close()
        columns = [plain_column(series, type_name)
                   for (_, series), type_name in zip(frame.items(), types, strict=True)]
        if any(column is None for column in columns):  # an INT64 beyond a float's precision
            return scan_by_rows(self._execute)(statement, types)
        return [column for column in columns if column is not None]

    def _translate(self, exc: RuntimeError, timeout: float | None = None) -> StoreError:
        message = first_line(exc)
        lowered = message.lower()
        if any(text in lowered for text in _READ_ONLY_MESSAGES):
            return ReadOnlyViolation(f"the query writes, but this access to {self.path} is read-only")
        if "interrupted" in lowered and timeout is not None:
            return QueryError(f"the query ran longer than its {timeout:g}s timeout and was cancelled")
        if POST_COMMIT_CHECKPOINT in lowered:
            return checkpoint_failure(self.path, message)
        if "connection is closed" in lowered:  # closed by another thread's close()
            return StoreError(f"the store {self.path} is closed")
        if "could not set lock" in lowered:
            return StoreError(f"the store {self.path} is locked by another process: {message}")
        if "multiple statements" in lowered:
            return QueryError("send one Cypher statement at a time")
        return QueryError(f"Cypher error: {_EXPECTING.sub('', message)}{self._suggestion(message)}")

    def _suggestion(self, message: str) -> str:
        """For a misspelt label or relationship type, the schema's nearest names."""
        missing = _MISSING_TABLE.search(message)
        if missing is None:
            return ""
        known = [*self._schema.nodes, *self._schema.relationships]
        close = difflib.get_close_matches(missing.group(1), known, n=2, cutoff=0.6)
        if close:
            return f" (did you mean {' or '.join(close)}?)"
        labels, types = ", ".join(self._schema.nodes), ", ".join(self._schema.relationships)
        return f" (labels: {labels}; relationship types: {types})"

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        self._execute(begin)
        try:
            yield
        except BaseException:
            with suppress(StoreError):  # Ladybug has already rolled back after a failed statement
                self._execute(cypher.LB_ROLLBACK)
            raise
        try:
            self._execute(cypher.LB_COMMIT)
        except QueryError as exc:
            if "no active transaction" not in str(exc).lower():
                raise

    @contextmanager
    def _timeout(self, timeout: float | None) -> Iterator[None]:
        if timeout is None:
            yield
            return
        if timeout <= 0:
            raise QueryError(f"timeout must be positive, got {timeout}")
        self._connection().set_query_timeout(max(1, int(timeout * 1000)))
        try:
            yield
        finally:
            self._connection().set_query_timeout(0)

    def _load_tables(self) -> None:
        rows = self._execute(cypher.LB_SHOW_TABLES)
        self._tables = {str(name): str(kind) for _, name, kind, *_ in rows}
        self._table_ids = {int(table_id): str(name) for table_id, name, *_ in rows}

    # -- schema ----------------------------------------------------------------------------------

    def _missing_tables(self) -> list[str]:
        wanted = [*self._schema.nodes, *self._schema.relationships]
        return [name for name in wanted if name not in self._tables]

    def ensure_schema(self) -> None:
        with self._lock:
            self._load_tables()
            if self.read_only:
                missing = self._missing_tables()
                if missing:
                    raise StoreError(f"the read-only store {self.path} lacks {missing}; build it first")
                return
            for label, spec in self._schema.nodes.items():
                if label in self._tables:
                    self._add_missing_properties(label, spec.properties)
                else:
                    self._execute(cypher.lb_create_node_table(label, spec.key, spec.properties))
            for rel_type, rel in self._schema.relationships.items():
                props = self._schema.relationship_properties(rel_type)
                if rel_type in self._tables:
                    self._check_pairs(rel_type, rel.source, rel.targets)
                    self._add_missing_properties(rel_type, props)
                else:
                    self._execute(cypher.lb_create_rel_table(rel_type, rel.source, rel.targets, props))
            self._load_tables()

    def _add_missing_properties(self, table: str, properties: Mapping[str, str]) -> None:
        """A store built before the schema gained a property gets the new (empty) column."""
        stored = {str(name) for name, _ in self._execute(cypher.lb_table_info(table))}
        for name, type_name in properties.items():
            if name not in stored:
                self._execute(cypher.lb_add_property(table, name, type_name))

    def _check_pairs(self, rel_type: str, source: str, targets: tuple[str, ...]) -> None:
        stored = {(str(row[0]), str(row[1])) for row in self._execute(cypher.lb_table_pairs(rel_type))}
        missing = sorted(f"{source}->{t}" for t in targets if (source, t) not in stored)
        if missing:
            raise SchemaError(f"the store {self.path} predates {rel_type} {', '.join(missing)}; "
                              "rebuild it into a new store path")

    # -- writing ---------------------------------------------------------------------------------

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyViolation(f"the store {self.path} is open read-only")

    def upsert(self, doc: GraphDocument, *, batch_size: int = 1000) -> UpsertReport:
        """Merge ``doc`` (see :class:`GraphStore`); ``batch_size`` bounds update batches only,
        since new nodes and relationships go in one COPY per table."""
        self._require_writable()
        with gc_paused():
            checked = check_document(doc, self._schema)
            with self._lock:
                if self._missing_tables():
                    self.ensure_schema()
                writer = LadybugUpsert(self._execute, self._schema, batch_size, scan=self._scan)
                with self._transaction(cypher.LB_BEGIN):
                    plan = writer.plan(checked)
                    if not plan.is_empty():
                        writer.write(plan)
        return UpsertReport(nodes=checked.node_count, relationships=checked.relationship_count)

    def clear(self) -> None:
        self._require_writable()
        with self._lock, self._transaction(cypher.LB_BEGIN):
            for label in self._schema.nodes:
                if label in self._tables:
                    self._execute(cypher.lb_delete_all(label))

    # -- reading ---------------------------------------------------------------------------------

    def stats(self) -> GraphStats:
        # One read-only transaction: every count from the same snapshot, even while this
        # process writes on another thread.
        with self._transaction(cypher.LB_BEGIN_READ_ONLY):
            nodes = {label: self._count(label, cypher.lb_count_nodes(label)) for label in self._schema.nodes}
            rels = {
                rel_type: self._count(rel_type, cypher.lb_count_relationships(rel_type))
                for rel_type in self._schema.relationships
            }
        return GraphStats(nodes=nodes, relationships=rels)

    def _count(self, table: str, statement: str) -> int:
        if table not in self._tables:
            return 0
        return int(self._execute(statement)[0][0])

    def query(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = False,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run one Cypher statement. ``read_only`` runs it in a read-only transaction and refuses
        clauses that touch files outside the store; ``max_rows`` truncates the rows."""
        if _TRANSACTION_CONTROL.match(_QUOTED.sub(" ", cypher)):
            raise QueryError("transactions are managed by the store; send one statement without BEGIN/COMMIT")
        read_only = read_only or self.read_only
        clause = file_clause(cypher) if read_only else None
        if clause:
            raise ReadOnlyViolation(f"{clause} reads or writes files and is not allowed on read-only access")
        with self._unless_reading(read_only), gc_paused():  # results build many small dicts; see gc_paused
            plain = _plain_params(params or {})
            columns, raw = self._run_user_query(cypher, plain, read_only, timeout, max_rows)
            if not read_only:
                self._load_tables()  # the statement may have created or dropped a table
            decoder = ResultDecoder(self._schema, self._table_ids, self._keys_by_offset)
            return QueryResult(columns=columns, rows=decoder.decode_rows(raw))

    def _unless_reading(self, read_only: bool) -> AbstractContextManager[Any]:
        """The write lock for a statement that may write; a read goes ahead on its own connection."""
        return nullcontext() if read_only else self._lock

    def _run_user_query(
        self, text: str, params: dict[str, Any], read_only: bool, timeout: float | None, max_rows: int | None
    ) -> tuple[list[str], list[list[Any]]]:
        conn = self._connection()
        # A read-write handle gets a read-only transaction; a read-only handle needs none.
        begin = cypher.LB_BEGIN_READ_ONLY if read_only and not self.read_only else None
        with self._timeout(timeout), self._maybe_transaction(begin):
            # Prepared inside the transaction: a statement prepared outside a read-only transaction
            # is not checked against it. prepare() also refuses several statements in one string
            # (a "COMMIT; ..." would otherwise end the read-only transaction); 0.22 marks it deprecated.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                statement = conn.prepare(text)
            if not statement.is_success():
                raise self._translate(RuntimeError(statement.get_error_message()), timeout)
            try:
                result = conn.execute(statement, params)
            except RuntimeError as exc:
                raise self._translate(exc, timeout) from None
            try:
                columns = [str(c) for c in result.get_column_names()]
                rows: list[list[Any]] = []
                while result.has_next() and (max_rows is None or len(rows) < max_rows):
                    rows.append(list(result.get_next()))
            finally:
                result.close()
        return columns, rows

    @contextmanager
    def _maybe_transaction(self, begin: str | None) -> Iterator[None]:
        if begin is None:
            yield
        else:
            with self._transaction(begin):
                yield

    def _keys_by_offset(self, label: str, offsets: list[int]) -> dict[int, str]:
        spec = self._schema.nodes.get(label)
        if spec is None:
            return {}
        keys: dict[int, str] = {}
        for start in range(0, len(offsets), 1000):
            chunk = offsets[start : start + 1000]
            for offset, key in self._execute(cypher.lb_keys_by_offset(label, spec.key), {"offsets": chunk}):
                keys[int(offset)] = str(key)
        return keys
