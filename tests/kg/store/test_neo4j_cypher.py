"""Every statement the Neo4j backend can send, syntax-checked by Neo4j's own Cypher parser.

The statements are collected, not listed: the store's own (DDL generated from schema/, loading,
housekeeping, via ``store_statements``), and every shared statement in ``kg.store.cypher`` (domain
queries, views, API) — constants as they are, functions rendered for every schema label and
relationship type they can take — and the ``EXPLAIN`` form the read-only check sends.
tools/cypher-check runs ``@neo4j-cypher/language-support`` on them with Node.js
(``npm ci --prefix tools/cypher-check`` installs it). Its analysis takes ~0.1 s a statement, so
statements that differ only in schema names (labels, types, properties) are checked once per
shape: the parser knows no schema, so those names cannot change its verdict.
"""

from __future__ import annotations

import inspect
import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.schema import Schema, load_schema
from kg.store import cypher
from kg.store.neo4j import store_statements

CHECKER = Path(__file__).resolve().parents[3] / "tools" / "cypher-check"
#: statements of other dialects, never sent to Neo4j
OTHER_DIALECTS = ("lb_", "ladybug_", "falkordb_")


def _argument_values(schema: Schema, name: str, label: str, *, by_label: bool) -> list[Any]:
    """Values a statement function's parameter takes: every label/type it can render, both flags."""
    spec = schema.node(label)
    entity_labels = [n for n in schema.nodes if n != "Paper"]
    table: dict[str, list[Any]] = {
        "key": [spec.key],
        "prop": [p for p in spec.properties if p != spec.key][:1] or [spec.key],
        "rel_type": [r.type for r in schema.relationships.values()
                     if not by_label or (r.source == label and label in r.targets)],
        "labels": [(), tuple(entity_labels[:2])],
        "towards": [(), ("Model", "Paper")],
        "dialect": ["neo4j"],
        "cypher": ["MATCH (n) RETURN n"],
        "start": [("Paper", "id")],
        "end": [(label, spec.key)],
        "paper_filter": [cypher.api_paper_filter(("Dataset",), since=True, until=True, text=True)]
        if hasattr(cypher, "api_paper_filter") else ["MATCH (p:Paper)"],
        "rel_types": [tuple(schema.relationships)],
    }
    if name not in table:
        raise AssertionError(f"no test values for parameter {name!r}: extend _argument_values")
    return table[name]


def _render(schema: Schema, name: str, function: Callable[..., Any]) -> Iterator[tuple[str, str]]:
    """The function rendered for every label it takes, with every combination of its flags."""
    params = inspect.signature(function).parameters
    for label in schema.nodes if "label" in params else ["Paper"]:
        choices: list[list[Any]] = []
        for pname, param in params.items():
            if pname == "label":
                choices.append([label])
            elif param.annotation in (bool, "bool"):
                choices.append([False, True])
            elif pname == "labels" and "label" not in params:
                choices.append([tuple(schema.nodes), ("Model",)])
            else:
                choices.append(_argument_values(schema, pname, label, by_label="label" in params))
        for combo in itertools.product(*choices):
            kwargs = dict(zip(params, combo, strict=True))
            yield f"{name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})", function(**kwargs)


def shared_statements(schema: Schema) -> dict[str, str]:
    """The statements of kg.store.cypher that any store may send (other dialects' left out).

    A function whose text has no RETURN is a fragment (a WHERE builder): it is checked inside
    the statements it is spliced into.
    """
    out: dict[str, str] = {}
    for name, value in vars(cypher).items():
        lowered = name.lower()
        if name.startswith("_") or lowered.startswith((*OTHER_DIALECTS, "bolt_", "neo4j_")):
            continue
        if isinstance(value, str) and name.isupper():
            out[name] = value
        elif inspect.isfunction(value) and value.__module__ == cypher.__name__:
            rendered = dict(_render(schema, name, value))
            if any("RETURN" in text for text in rendered.values()):
                out.update(rendered)
    return out


def all_statements() -> dict[str, str]:
    """Every statement the Neo4j backend can send, by a descriptive name."""
    schema = load_schema()
    shared = shared_statements(schema)
    explained = {f"EXPLAIN {name}": f"EXPLAIN {text}" for name, text in shared.items() if name.isupper()}
    return store_statements(schema, "neo4j") | shared | explained


def shape(text: str, schema: Schema) -> str:
    """A statement with its schema names (labels, types, properties) replaced by placeholders."""
    names = set(schema.nodes) | set(schema.relationships) | set(schema.evidence_properties)
    names |= {p for spec in schema.nodes.values() for p in spec.properties}
    pattern = re.compile(r"\b(" + "|".join(sorted(names, key=len, reverse=True)) + r")\b")
    return pattern.sub("N", text)


def run_checker(statements: dict[str, str]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: Neo4j's Cypher parser runs on node (apt-get install nodejs)")
    if not (CHECKER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("Neo4j's Cypher parser is not installed: run `npm ci --prefix tools/cypher-check`")
    payload = json.dumps([{"name": name, "cypher": text} for name, text in statements.items()])
    done = subprocess.run([node, str(CHECKER / "check.js")], input=payload, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


Verdicts = dict[str, dict[str, list[dict[str, Any]]]]


@pytest.fixture(scope="module")
def checked() -> Verdicts:
    """Each statement's errors and warnings (statements of one shape share their representative's)."""
    schema = load_schema()
    statements = all_statements()
    representatives: dict[str, str] = {}
    for name, text in statements.items():
        representatives.setdefault(shape(text, schema), name)
    unique = {name: statements[name] for name in representatives.values()}
    verdicts = {r["name"]: r for r in run_checker(unique)}
    return {name: verdicts[representatives[shape(text, schema)]] for name, text in statements.items()}


def _report(statements: dict[str, str], failures: Verdicts, kind: str) -> str:
    return "\n".join(f"{name}: {verdict[kind][0]['message']}\n    {statements[name]}"
                     for name, verdict in failures.items())


def test_every_statement_parses(checked: Verdicts) -> None:
    statements = all_statements()
    failures = {name: verdict for name, verdict in checked.items() if verdict["errors"]}
    report = _report(statements, failures, "errors")
    assert not failures, f"{len(failures)} statement(s) Neo4j would reject:\n{report}"


def test_no_statement_uses_deprecated_cypher(checked: Verdicts) -> None:
    statements = all_statements()
    failures = {name: verdict for name, verdict in checked.items()
                if any("deprecated" in w["message"] for w in verdict["warnings"])}
    assert not failures, f"deprecated in Neo4j 5:\n{_report(statements, failures, 'warnings')}"


def test_collection_covers_the_store_and_the_shared_statements(checked: Verdicts) -> None:
    schema = load_schema()
    names = set(checked)
    # generated DDL: a uniqueness constraint per label, the lookup indexes
    ddl = [text for name, text in store_statements(schema, "neo4j").items() if name.startswith("ddl")]
    assert sum("IS UNIQUE" in text for text in ddl) == len(schema.nodes)
    assert {"FIND_PAPER", "SHARED_DATASETS", "EXPLAIN SHARED_DATASETS"} <= names
    for rel in schema.relationships:
        assert any(name.startswith(f"merge {rel} ") for name in names), rel
    assert len(names) > 150


REJECTED = {
    "FalkorDB's index listing is no Neo4j 5 procedure": cypher.FALKORDB_INDEXES,
    "a broken pattern": "MATCH (n:Paper RETURN n",
    "APOC is not in Neo4j Community": "MATCH (n) RETURN apoc.coll.sort(n.aliases)",
    "a query cannot end in MATCH": "MATCH (n:Paper)",
}


@pytest.fixture(scope="module")
def rejected() -> Verdicts:
    return {r["name"]: r for r in run_checker(REJECTED)}


@pytest.mark.parametrize("why", list(REJECTED))
def test_the_parser_rejects_what_neo4j_would(rejected: Verdicts, why: str) -> None:
    assert rejected[why]["errors"], f"expected an error: {why}"


def test_dialects_differ_only_where_they_must() -> None:
    schema = load_schema()
    neo4j, falkordb = store_statements(schema, "neo4j"), store_statements(schema, "falkordb")
    differing = {name for name in neo4j.keys() & falkordb.keys() if neo4j[name] != falkordb[name]}
    assert differing == {"endpoints"} | {name for name in neo4j if name.startswith("orphans ")}
    assert "elementId" in neo4j["endpoints"] and "elementId" not in falkordb["endpoints"]
