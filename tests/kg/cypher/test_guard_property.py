"""Property: whatever :func:`kg.cypher.read_only_query` accepts is a fixpoint and only reads.

Hypothesis generates three kinds of query text: structured reads from a small grammar over the
real schema (``schema/graph.yaml``: labels, their properties, relationship types between the
right labels), hostile mixtures (random sequences of Cypher keywords, write, file, setting and
transaction clauses, comment and quote fragments, glued numbers, unicode look-alikes), and
structured reads with hostile fragments spliced in. For every one:

* a refusal is a :class:`kg.errors.QueryError` (ReadOnlyViolation is one) with a message, never
  another exception type;
* an accepted query's canonical text parses again to itself;
* run by the engine on a READ-WRITE connection of a scratch copy of a small real store (no
  read-only transaction: the guard alone must make it a read), it changes no count, no table,
  writes no file into the scratch folder or beside the store, and does not kill the engine.

The engine runs in its own process (a small JSON-lines worker), so a query that crashes it fails
the property instead of the test run.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.cypher import read_only_query
from kg.errors import QueryError
from kg.schema import load_schema
from kg.store import open_store
from tests.kg.store.store_corpus import corpus

SCHEMA = load_schema()
LABELS = sorted(SCHEMA.nodes)
#: relationship types with the labels they join: (type, source, target)
EDGES = sorted(
    (rel.type, rel.source, target) for rel in SCHEMA.relationships.values() for target in rel.targets
)
PARAMS: dict[str, Any] = {"p": "SAM", "n": 3, "names": ["SAM", "U-Net"]}
#: milliseconds the engine gets per query, seconds the test waits for its answer
ENGINE_TIMEOUT_MS = 3000
ANSWER_WAIT = 30.0
MAX_RSS = 3 * 1024**3


def examples(count: int) -> settings:
    """Hypothesis settings: ``count`` examples, no deadline (the engine's first queries are slow),
    no example database (the run is the same every time it is asked for)."""
    return settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# The engine: a read-write connection answering one JSON request per line with the rows it read
# (or its error) and the tables and counts of the store after the statement.
WORKER_SCRIPT = r"""
import hashlib, json, sys
import ladybug

db = ladybug.Database(sys.argv[1])
conn = ladybug.Connection(db)

def counts():
    # the tables, and every node and relationship counted by its table (three statements)
    tables = conn.execute("CALL show_tables() RETURN name, type").get_all()
    out = {f"{kind}:{name}": 0 for name, kind in tables}
    for kind, statement in (("NODE", "MATCH (n) RETURN label(n), count(*)"),
                            ("REL", "MATCH ()-[r]->() RETURN label(r), count(*)")):
        for name, count in conn.execute(statement).get_all():
            out[f"{kind}:{name}"] = out.get(f"{kind}:{name}", 0) + count
    return out

for line in sys.stdin:
    request = json.loads(line)
    answer = {}
    if "query" in request:
        conn.set_query_timeout(request["timeout_ms"])
        try:
            results = conn.execute(request["query"], request["params"])
            rows = []
            for result in results if isinstance(results, list) else [results]:
                while result.has_next() and len(rows) < 1000:
                    rows.append(repr(result.get_next()))
            answer["rows"] = len(rows)
            answer["digest"] = hashlib.sha1("\n".join(sorted(rows)).encode()).hexdigest()
        except Exception as exc:
            answer["error"] = str(exc)[:300]
        conn.set_query_timeout(0)
    answer["counts"] = counts()
    print(json.dumps(answer, default=str), flush=True)
"""


def _rss(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class Engine:
    """The worker process over ``store``; restarted after it dies."""

    store: Path
    process: subprocess.Popen[bytes] | None = None
    deaths: list[str] = field(default_factory=list)
    _buffer: bytes = b""

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER_SCRIPT, str(self.store)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._buffer = b""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """The worker's answer to ``request``; raises AssertionError if it dies, hangs or bloats."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        process = self.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            process.stdin.flush()
        except BrokenPipeError:
            pass  # reported below: the worker is gone
        deadline = time.monotonic() + ANSWER_WAIT
        fd = process.stdout.fileno()
        while b"\n" not in self._buffer:
            problem = None
            if time.monotonic() > deadline:
                problem = f"no answer within {ANSWER_WAIT:g}s"
            elif (rss := _rss(process.pid)) > MAX_RSS:
                problem = f"the engine grew to {rss / 1024**3:.1f} GB"
            elif select.select([fd], [], [], 0.05)[0]:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    process.wait(timeout=30)
                    problem = f"the engine died ({_exit(process.returncode)})"
                self._buffer += chunk
            if problem:
                self.deaths.append(problem)
                self.stop()
                raise AssertionError(f"{problem} running {request.get('query')!r}")
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(self, query: str, params: dict[str, Any]) -> dict[str, Any]:
        return self.ask({"query": query, "params": params, "timeout_ms": ENGINE_TIMEOUT_MS})


def _exit(code: int | None) -> str:
    if code is not None and code < 0:
        return f"signal {signal.Signals(-code).name}"
    return f"exit status {code}"


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@dataclass
class Scratch:
    engine: Engine
    folder: Path  # the folder file-writing text aims at
    store_dir: Path
    counts: dict[str, int]
    store_files: set[str]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    """A small real store (the hand-made store corpus, built once), copied for the engine."""
    root = tmp_path_factory.mktemp("guard-property")
    built = root / "built" / "graph.lbug"
    with open_store(str(built)) as store:
        store.ensure_schema()
        store.upsert(pipeline.graph_for(corpus()))
    store_dir = root / "store"
    store_dir.mkdir()
    for sibling in built.parent.iterdir():
        shutil.copy2(sibling, store_dir / sibling.name)
    folder = root / "scratch"
    folder.mkdir()
    engine = Engine(store_dir / built.name)
    engine.start()
    try:
        warm = engine.run("MATCH (p:Paper) RETURN p.id", {})
        assert warm.get("rows") == 4, warm
        counts = engine.ask({})["counts"]
        assert counts["NODE:Paper"] == 4 and counts["REL:USES"] > 0, counts
        yield Scratch(engine, folder, store_dir, counts, listing(store_dir))
    finally:
        engine.stop()


# -- structured reads over the real schema ---------------------------------------------------------

_names = st.sampled_from(["a", "b", "n", "p", "x"])


@st.composite
def node(draw: st.DrawFn, var: str, label: str | None = None) -> str:
    label = label if label is not None else draw(st.sampled_from([*LABELS, ""]))
    text = f"{var}:{label}" if label else var
    if label and draw(st.booleans()):
        key = SCHEMA.nodes[label].key
        value = draw(st.sampled_from(["$p", "'SAM'", "'2501.00001'", "'ACDC'"]))
        text += f" {{{key}: {value}}}"
    return f"({text})"


@st.composite
def pattern(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A MATCH pattern and the variables it binds, with their labels ("" for none)."""
    if draw(st.booleans()):
        label = draw(st.sampled_from(LABELS))
        return draw(node("a", label)), {"a": label}
    rel_type, source, target = draw(st.sampled_from(EDGES))
    hops = draw(st.sampled_from(["", "", "*1..2", "*2", "*..3", "*0..1"]))
    rel = f"r:{rel_type}" if not hops else f":{rel_type}{hops}"
    arrow = draw(st.sampled_from(["-[{}]->", "-[{}]-"]))
    left, right = draw(node("a", source)), draw(node("b", target))
    variables = {"a": source, "b": target}
    if not hops:
        variables["r"] = ""
    return left + arrow.format(rel) + right, variables


def _string_properties(label: str) -> list[str]:
    return [name for name, kind in SCHEMA.nodes[label].properties.items() if kind == "STRING"]


@st.composite
def condition(draw: st.DrawFn, variables: dict[str, str]) -> str:
    labelled = [v for v, label in variables.items() if label]
    var = draw(st.sampled_from(labelled))
    prop = draw(st.sampled_from(_string_properties(variables[var])))
    ref = f"{var}.{prop}"
    atom = draw(
        st.sampled_from(
            [
                f"{ref} = $p",
                f"{ref} STARTS WITH 'S'",
                f"{ref} CONTAINS 'e'",
                f"{ref} IS NOT NULL",
                f"size({ref}) > 2",
                f"toLower({ref}) <> 'x'",
                f"{ref} IN $names",
                f"{ref} =~ '.*N.*'",
            ]
        )
    )
    if draw(st.booleans()):
        other = draw(condition(variables))
        atom = f"{atom} {draw(st.sampled_from(['AND', 'OR', 'XOR']))} {other}"
    return f"NOT ({atom})" if draw(st.booleans()) else atom


def _scalar(item: str, variables: dict[str, str]) -> bool:
    """Whether a RETURN item of :func:`structured_read` is a scalar (not a node, list or map)."""
    expression = item.split(" AS ")[0]
    if expression in variables or expression.startswith(("labels(", "properties(")):
        return False
    var, _, prop = expression.partition(".")
    if prop and var in variables and variables[var]:
        return not SCHEMA.nodes[variables[var]].properties[prop].endswith("[]")
    return True


@st.composite
def structured_read(draw: st.DrawFn) -> str:
    text, variables = draw(pattern())
    clauses = [f"{draw(st.sampled_from(['MATCH', 'OPTIONAL MATCH']))} {text}"]
    if draw(st.booleans()):
        clauses.insert(0, "UNWIND [1, 2] AS k")
    if draw(st.booleans()):
        clauses.append(f"WHERE {draw(condition(variables))}")
    labelled = [v for v, label in variables.items() if label]
    items: list[str] = []
    for var in draw(st.lists(st.sampled_from(sorted(variables)), min_size=1, max_size=3, unique=True)):
        if var in labelled:
            prop = draw(st.sampled_from(sorted(SCHEMA.nodes[variables[var]].properties)))
            items.append(
                draw(st.sampled_from([f"{var}.{prop}", var, f"labels({var})", f"{var}.{prop} AS c_{var}"]))
            )
        else:
            # not properties(r): see test_queries_that_crash_the_engine_are_refused
            items.append(draw(st.sampled_from([var, f"label({var})"])))
    if draw(st.booleans()):
        items.append("count(*) AS total")
    if draw(st.booleans()):
        first = labelled[0]
        clauses.append(f"WITH {first}, count(*) AS c")
        items = [f"{first}.{SCHEMA.nodes[variables[first]].key} AS key", "c"]
    # LadybugDB orders by scalars only: the first scalar item, if any
    orderable = [item for item in items if _scalar(item, variables)]
    clauses.append("RETURN " + ("DISTINCT " if draw(st.booleans()) else "") + ", ".join(items))
    query = " ".join(clauses)
    if draw(st.integers(0, 9)) == 0:
        return f"{query} UNION ALL {query}"
    if draw(st.booleans()) and orderable:
        order = draw(st.sampled_from(["", " DESC", " ASC"]))
        query += f" ORDER BY {orderable[0].split(' AS ')[-1]}{order}"
    if draw(st.booleans()):
        query += f" SKIP {draw(st.integers(0, 1000))}"
    if draw(st.booleans()):
        query += " " + draw(st.sampled_from([f"LIMIT {draw(st.integers(0, 100))}", "LIMIT $n"]))
    return query


# -- hostile mixtures ------------------------------------------------------------------------------

KEYWORDS = [
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "WITH",
    "UNWIND",
    "RETURN",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "UNION",
    "UNION ALL",
    "AS",
    "DISTINCT",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "AND",
    "OR",
    "NOT",
    "IN",
    "YIELD",
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH DELETE",
    "DETACH",
    "REMOVE",
    "DROP",
    "ALTER",
    "FOREACH",
    "ON CREATE SET",
    "CREATE NODE TABLE",
    "CREATE MACRO",
    "LOAD",
    "LOAD FROM",
    "LOAD CSV FROM",
    "FROM",
    "WITH HEADERS",
    "COPY",
    "TO",
    "EXPORT DATABASE",
    "IMPORT DATABASE",
    "ATTACH",
    "USE",
    "INSTALL",
    "LOAD EXTENSION",
    "CALL",
    "CALL {",
    "BEGIN TRANSACTION",
    "COMMIT",
    "ROLLBACK",
    "CHECKPOINT",
    "threads=1",
    "timeout=0",
    "home_directory=",
    "READ_CSV(",
    "READ_CSV_SERIAL(",
    "READ_PARQUET(",
    "read_json(",
    "show_tables()",
    "table_info('Paper')",
    "db.labels()",
    "apoc.create.node(",
    "dbms.",
    "gds.graph.project(",
    "lpad('a', 1000000000, 'b')",
    "range(1, 1000000000)",
    "range(1, 10)",
    "count(*)",
    "collect(",
    "size(",
]
PIECES = [
    "(n)",
    "(n:Paper)",
    "(m:Model)",
    "(a)-[r]->(b)",
    "-[*]-",
    "-[:USES*1..2]->",
    "-[r:USES]->",
    "()",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ";",
    ".",
    "*",
    "=",
    "+",
    "|",
    ":",
    "$p",
    "$n",
    "n",
    "m",
    "p",
    "r",
    "n.name",
    "m.name",
    "Paper",
    "Model",
    "name",
    "x",
    "1",
    "0",
    "12000",
    "20000",
    "-1",
    "'SAM'",
    "'a;b'",
]
FRAGMENTS = [
    "/*",
    "*/",
    "**/",
    "/* **/ ' */",
    "//",
    "//'",
    "\n",
    "\r",
    "'",
    '"',
    "`",
    "\\",
    "''",
    "\\'",
    '\\"',
    "``",
    "\\u0027",
    "1LOAD",
    "1COPY",
    "1CREATE",
    "0x1F",
    "0x1FLOAD",
    "1e5",
    "1e5LOAD",
    ".5LOAD",
    ".5",
    "1_000",
    "9223372036854775808",
    "\u200d",
    "\u200b",
    "\uff1b",
    "\u037e",
    "\0",
    "\u202e",
    "\u200f",
    "\u00a0",
    "\ufeff",
    "\u2028",
    "\u0421REATE",
    "ＣＲＥＡＴＥ",
    "ＬＯＡＤ",
    "\u3000",
    "C\u0301REATE",
    "'/etc/passwd'",
    '"/etc/passwd"',
    "'{scratch}/leak.csv'",
    '"{scratch}/leak.csv"',
    "'{scratch}'",
    "(header=false)",
    "(dbtype lbug)",
]
SEPARATORS = ["", " ", " ", " ", "\n", "\t", "/**/", "//\n"]


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(KEYWORDS),
                st.sampled_from(PIECES),
                st.sampled_from(FRAGMENTS),
                st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3),
            ),
            min_size=1,
            max_size=14,
        )
    )
    text = ""
    for part in parts:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return text


@st.composite
def spliced_read(draw: st.DrawFn) -> str:
    """A structured read with one or two hostile fragments put in at arbitrary places."""
    query = draw(structured_read())
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(query)))
        piece = draw(
            st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(FRAGMENTS), st.sampled_from(PIECES))
        )
        glue = draw(st.sampled_from(["", " "]))
        query = query[:at] + glue + piece + glue + query[at:]
    return query


@st.composite
def hostile_words(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(FRAGMENTS)), min_size=1, max_size=6)
    )
    return " ".join(parts)


def _quoted(text: str, quote: str) -> str:
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


@st.composite
def decorated_read(draw: st.DrawFn) -> str:
    """A structured read with hostile text where a correct lexer keeps it out of the query:
    inside block and line comments (at any gap between tokens) and inside string literals."""
    tokens = draw(structured_read()).split(" ")
    out: list[str] = []
    for token in tokens:
        if token.startswith("'") and token.endswith("'") and len(token) > 1 and draw(st.booleans()):
            token = _quoted(draw(hostile_words()), draw(st.sampled_from(["'", '"'])))
        out.append(token)
        kind = draw(st.sampled_from(["", "", "", "block", "line", "space"]))
        if kind == "block":
            out.append("/*" + draw(hostile_words()).replace("*/", "* /") + "*/")
        elif kind == "line":
            body = draw(hostile_words())
            out.append("//" + body.replace("\n", " ").replace("\r", " ").replace("\u2028", " ") + "\n")
        elif kind == "space":
            out.append(draw(st.sampled_from(["\t", "\n", "\r\n", "  "])))
    return " ".join(out)


# -- the property ----------------------------------------------------------------------------------


def _event(name: str) -> None:
    """Counted in ``--hypothesis-show-statistics`` (outside a hypothesis test: nothing)."""
    if currently_in_test_context():
        event(name)


def guard(query: str, params: dict[str, Any]) -> str | None:
    """The canonical text, or None for a refusal (which must be a QueryError with a message)."""
    try:
        canonical = read_only_query(query, params)
    except QueryError as exc:
        assert str(exc).strip(), f"a refusal without a message: {type(exc).__name__} for {query!r}"
        _event(f"refused: {type(exc).__name__}")
        return None
    _event("accepted")
    assert isinstance(canonical, str) and canonical.strip(), f"accepted {query!r} as {canonical!r}"
    return canonical


def check_read(scratch: Scratch, query: str) -> str | None:
    """The property for one query (with the placeholders filled in); returns the canonical text."""
    query = query.replace("{scratch}", str(scratch.folder))
    canonical = guard(query, PARAMS)
    if canonical is None:
        return None
    assert guard(canonical, PARAMS) == canonical, f"not a fixpoint: {query!r} -> {canonical!r}"
    answer = scratch.engine.run(canonical, PARAMS)
    _event("engine error" if "error" in answer else "engine answered")
    assert answer["counts"] == scratch.counts, f"{canonical!r} changed the store: {answer}"
    assert not listing(scratch.folder), f"{canonical!r} wrote {sorted(listing(scratch.folder))}"
    appeared = listing(scratch.store_dir) - scratch.store_files
    assert not appeared, f"{canonical!r} left {sorted(appeared)} beside the store"
    return canonical


@examples(200)
@given(query=structured_read())
def test_structured_reads_are_accepted_and_only_read(scratch: Scratch, query: str) -> None:
    """…and the canonical text answers like the original (these reads are safe to run raw)."""
    canonical = check_read(scratch, query)
    assert canonical is not None, f"a read of the subset was refused: {query!r}: {_refusal(query)}"
    ran, original = scratch.engine.run(canonical, PARAMS), scratch.engine.run(query, PARAMS)
    assert ("error" in ran) == ("error" in original), f"{query!r} -> {canonical!r}: {ran} vs {original}"
    assert ran.get("rows") == original.get("rows"), f"{query!r} -> {canonical!r}: other row counts"
    if "SKIP" not in query and "LIMIT" not in query:  # without them the rows are the same set
        assert ran.get("digest") == original.get("digest"), f"{query!r} -> {canonical!r}: other rows"


@examples(300)
@given(query=hostile_text())
def test_hostile_text_is_refused_or_only_reads(scratch: Scratch, query: str) -> None:
    check_read(scratch, query)


@examples(300)
@given(query=spliced_read())
def test_spliced_reads_are_refused_or_only_read(scratch: Scratch, query: str) -> None:
    check_read(scratch, query)


@examples(200)
@given(query=decorated_read())
def test_hostile_comments_and_strings_stay_out_of_the_canonical_text(scratch: Scratch, query: str) -> None:
    canonical = check_read(scratch, query)
    assert canonical is not None, f"hostile text only in comments and strings was refused: {query!r}"
    if canonical is not None:
        for word in ("CREATE", "DELETE", "COPY", "LOAD", "CALL", "COMMIT", "BEGIN", "INSTALL", "/*", "//"):
            outside = re.sub(r"'(?:[^'\\]|\\.)*'", "''", canonical)  # the text outside string literals
            assert word not in outside.upper(), (
                f"{word} reached the canonical text of {query!r}: {canonical!r}"
            )


#: reads LadybugDB 0.22 dies of (SIGSEGV) on the scratch store: the guard must refuse them
ENGINE_CRASHES = [
    "UNWIND range(1, 10) AS x RETURN x ORDER BY x SKIP 12000 LIMIT 5",
    # grouping on / DISTINCT of properties() of a relationship whose table has no properties
    "MATCH (a:Paper)-[r:HAS_CODE]->(b:CodeRepository) RETURN properties(r) AS props, count(*) AS total",
    "MATCH ()-[r:HAS_CODE]->() RETURN DISTINCT properties(r)",
    "MATCH ()-[r:HAS_CODE]->() WITH properties(r) AS m RETURN collect(DISTINCT m) AS ms",
    "MATCH (a:CodeRepository)<-[r:HAS_CODE]-(p) RETURN hash(properties(r)) AS v, count(*) AS c",
    # an untyped NULL literal as the argument of a list, struct, map or path function
    "RETURN list_sum(NULL) AS v",
    "RETURN list_reverse_sort(NULL, NULL) AS v",
    "RETURN struct_extract(NULL, NULL) AS v",
    "RETURN element_at(NULL, NULL) AS v",
    "RETURN id(NULL) AS v",
    "RETURN nodes(NULL) AS v",
]


@pytest.mark.parametrize("query", ENGINE_CRASHES)
def test_queries_that_crash_the_engine_are_refused(scratch: Scratch, query: str) -> None:
    canonical = guard(query, PARAMS)
    if canonical is not None:  # say what the engine does with it, then fail
        try:
            outcome = f"the engine answered {scratch.engine.run(canonical, PARAMS)}"
        except AssertionError as exc:
            outcome = str(exc)
        pytest.fail(f"accepted {query!r} as {canonical!r}: {outcome}")


def _refusal(query: str) -> str:
    try:
        read_only_query(query, PARAMS)
    except QueryError as exc:
        return str(exc)
    return "accepted"


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (:Model {name: 'pwned'})",
        "MATCH (n) DETACH DELETE n",
        "COPY (MATCH (p:Paper) RETURN p.id) TO '{scratch}/leak.csv'",
        "CREATE NODE TABLE Pwned(id STRING, PRIMARY KEY(id))",
    ],
)
def test_the_engine_check_sees_writes(scratch: Scratch, query: str, tmp_path: Path) -> None:
    """The property's checks can fail: unguarded, these change the counts, the tables or the files
    of a throwaway copy of the store."""
    copy = tmp_path / "store" / "graph.lbug"
    copy.parent.mkdir()
    for sibling in scratch.store_dir.iterdir():
        shutil.copy2(sibling, copy.parent / sibling.name)
    engine = Engine(copy)
    try:
        answer = engine.run(query.replace("{scratch}", str(tmp_path)), {})
        assert "error" not in answer, answer
        changed = answer["counts"] != scratch.counts
        wrote = bool(list(tmp_path.glob("*.csv")))
        assert changed or wrote, f"unguarded {query!r} left no trace the property would notice"
    finally:
        engine.stop()
