"""Bounds and allowlists checked on the parsed tree, read from ``schema/cypher-read.yaml``.

>>> from kg.cypher.parser import parse
>>> check_tree(parse("UNWIND range(1, 1000000000) AS x RETURN x"), {}, read_policy())
Traceback (most recent call last):
...
kg.errors.ReadOnlyViolation: range(…) yields 1000000000 values; /cypher allows at most 100000
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any

import yaml

from kg.cypher import ast
from kg.errors import QueryError, ReadOnlyViolation
from kg.resources import schema_dir


@dataclass(frozen=True)
class ReadPolicy:
    max_skip: int
    max_limit: int
    max_hops: int
    max_string_length: int
    max_list_items: int
    max_range_items: int
    max_params_bytes: int
    max_params_depth: int
    max_params_items: int
    functions: frozenset[str]
    procedures: frozenset[str]


@cache
def read_policy() -> ReadPolicy:
    """The policy in ``schema/cypher-read.yaml``."""
    data = yaml.safe_load((schema_dir() / "cypher-read.yaml").read_text(encoding="utf-8"))
    functions = {str(n).lower() for group in data["functions"].values() for n in group}
    return ReadPolicy(
        **{name: int(value) for name, value in data["limits"].items()},
        functions=frozenset(functions),
        procedures=frozenset(str(n).lower() for n in data["procedures"]),
    )


#: the tallest tree accepted: the serialiser recurses once per level, and a chain of 3,000 ``+``
#: (a flat loop for the parser) is 3,000 levels of the tree
MAX_TREE_HEIGHT = 120


def check_tree(query: ast.Query, params: Mapping[str, Any], policy: ReadPolicy) -> None:
    """Raise :class:`ReadOnlyViolation` where ``query`` leaves the policy."""
    height = tree_height(query)
    if height > MAX_TREE_HEIGHT:
        raise QueryError(f"the query's expressions nest {height} levels deep; at most {MAX_TREE_HEIGHT}")
    relationships = _relationship_variables(query)
    for node in _walk(query):
        if isinstance(node, ast.FunctionCall):
            _check_function(node, params, policy)
            _check_crashing_arguments(node, params, relationships)
        elif isinstance(node, ast.Call):
            _check_procedure(node, policy)
        elif isinstance(node, ast.RelationshipPattern) and node.hops is not None:
            _check_hops(node.hops, policy)
        elif isinstance(node, ast.Projection):
            _check_count("SKIP", node.skip, params, policy.max_skip)
            _check_count("LIMIT", node.limit, params, policy.max_limit)
        elif isinstance(node, ast.Literal) and isinstance(node.value, str):
            if len(node.value) > policy.max_string_length:
                raise ReadOnlyViolation(
                    f"a string of {len(node.value)} characters; /cypher allows at most "
                    f"{policy.max_string_length} (pass long values as parameters)"
                )
        elif isinstance(node, ast.ListLiteral) and len(node.items) > policy.max_list_items:
            raise ReadOnlyViolation(
                f"a list of {len(node.items)} items; /cypher allows at most {policy.max_list_items}"
            )


def tree_height(root: Any) -> int:
    """Levels of dataclass nodes under ``root`` (iteratively, so any height can be measured)."""
    tallest = 0
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        current, level = stack.pop()
        if is_dataclass(current):
            tallest = max(tallest, level)
            stack.extend((getattr(current, f.name), level + 1) for f in fields(current))
        elif isinstance(current, tuple):
            stack.extend((item, level) for item in current)
    return tallest


def _walk(node: Any) -> Iterator[Any]:
    """Every dataclass node under ``node``, ``node`` first (iteratively: trees may be deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if is_dataclass(current):
            yield current
            stack.extend(getattr(current, f.name) for f in fields(current))
        elif isinstance(current, tuple):
            stack.extend(current)


def _relationship_variables(query: ast.Query) -> frozenset[str]:
    return frozenset(node.variable for node in _walk(query)
                     if isinstance(node, ast.RelationshipPattern) and node.variable)


def _check_crashing_arguments(call: ast.FunctionCall, params: Mapping[str, Any],
                              relationships: frozenset[str]) -> None:
    """Shapes that LadybugDB 0.22 dies of (SIGSEGV), found by tests/kg/cypher/test_guard_property.py.

    The worker pool survives them, but each costs a worker's restart, so the cheap ones to spot
    are refused here: an untyped NULL (literal or parameter) handed to a function other than
    coalesce, and properties() of a relationship (an empty STRUCT for property-less types, which
    crashes under DISTINCT or grouping; return the relationship itself instead).
    """
    name = call.name.lower()
    if name != "coalesce":
        for arg in call.args:
            is_null = (isinstance(arg, ast.Literal) and arg.value is None) or (
                isinstance(arg, ast.Parameter) and arg.name in params and params[arg.name] is None)
            if is_null:
                raise ReadOnlyViolation(f"{call.name}() of NULL is refused on /cypher (the embedded "
                                        "engine crashes on it); test for NULL with IS NULL or coalesce()")
    if name == "properties" and any(isinstance(a, ast.Variable) and a.name in relationships
                                    for a in call.args):
        raise ReadOnlyViolation("properties() of a relationship is refused on /cypher (the embedded engine "
                                "crashes on it for relationships without properties); return the "
                                "relationship itself, which carries its properties")


def _check_function(call: ast.FunctionCall, params: Mapping[str, Any], policy: ReadPolicy) -> None:
    name = call.name.lower()
    if name not in policy.functions:
        raise ReadOnlyViolation(
            f"the function {call.name}() is not available on /cypher (the read subset lists its "
            "functions in schema/cypher-read.yaml)"
        )
    if name == "range":
        _check_range(call, params, policy)


def _check_range(call: ast.FunctionCall, params: Mapping[str, Any], policy: ReadPolicy) -> None:
    values = [_integer_value(arg, params) for arg in call.args]
    if len(values) not in (2, 3) or any(v is None for v in values):
        raise ReadOnlyViolation("range(…) takes two or three integer literals or parameters on /cypher")
    start, end, step = values[0], values[1], values[2] if len(values) == 3 else 1
    assert start is not None and end is not None and step is not None
    if step == 0:
        raise QueryError("range(…) needs a step other than 0")
    count = max(0, (end - start) // step + 1)
    if count > policy.max_range_items:
        most = policy.max_range_items
        raise ReadOnlyViolation(f"range(…) yields {count} values; /cypher allows at most {most}")


def _integer_value(expression: ast.Expression, params: Mapping[str, Any]) -> int | None:
    if isinstance(expression, ast.Literal):
        value: Any = expression.value
    elif isinstance(expression, ast.Parameter):
        value = params.get(expression.name)
    else:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_procedure(call: ast.Call, policy: ReadPolicy) -> None:
    if call.procedure.lower() not in policy.procedures:
        allowed = ", ".join(sorted(policy.procedures))
        raise ReadOnlyViolation(f"CALL {call.procedure} is not allowed here; allowed procedures: {allowed}")
    if not all(isinstance(arg, ast.Literal) for arg in call.args):
        # LadybugDB's table functions take literals only; no store needs more for introspection
        raise ReadOnlyViolation(f"CALL {call.procedure}(…) takes plain literals as arguments on /cypher")


def _check_hops(hops: ast.Hops, policy: ReadPolicy) -> None:
    if hops.high is None:
        raise ReadOnlyViolation(
            f"a variable-length relationship needs an upper bound on /cypher: write *1..n with n <= "
            f"{policy.max_hops}"
        )
    if hops.high > policy.max_hops:
        raise ReadOnlyViolation(f"*..{hops.high} goes further than /cypher allows ({policy.max_hops} hops)")
    if hops.low is not None and hops.low > hops.high:
        raise QueryError(f"*{hops.low}..{hops.high}: the lower bound is above the upper one")


def _check_count(word: str, count: ast.Literal | ast.Parameter | None, params: Mapping[str, Any],
                 most: int) -> None:
    if count is None:
        return
    value = _integer_value(count, params)
    if value is None:
        raise ReadOnlyViolation(f"{word} takes an integer or a $parameter holding one on /cypher")
    if value < 0:
        raise QueryError(f"{word} must not be negative")
    if value > most:
        hint = "; page with the REST endpoints or narrow the query" if word == "SKIP" else ""
        raise ReadOnlyViolation(f"{word} {value} is more than /cypher allows ({most}){hint}")


def check_param_names(params: Mapping[str, Any]) -> None:
    """Every parameter name is a plain ASCII identifier of at most 64 characters."""
    for name in params:
        if not (isinstance(name, str) and name.isidentifier() and name.isascii() and len(name) <= 64):
            raise QueryError(f"parameter name {name!r} is not a plain identifier")


def check_params(params: Mapping[str, Any], policy: ReadPolicy) -> None:
    """Parameters are JSON values of bounded size, depth and length, with plain names."""
    check_param_names(params)
    size = len(json.dumps(params, default=str))
    if size > policy.max_params_bytes:
        raise QueryError(f"the parameters take {size} bytes; at most {policy.max_params_bytes}")
    stack: list[tuple[Any, int]] = [(value, 1) for value in params.values()]
    while stack:
        value, depth = stack.pop()
        if depth > policy.max_params_depth:
            raise QueryError(f"parameters nest deeper than {policy.max_params_depth} levels")
        if isinstance(value, Mapping):
            children = list(value.values())
        elif isinstance(value, list | tuple):
            children = list(value)
        elif isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
            raise QueryError(f"the parameter value {value} is outside the 64-bit integer range")
        else:
            continue
        if len(children) > policy.max_params_items:
            raise QueryError(f"a parameter holds {len(children)} items; at most {policy.max_params_items}")
        stack.extend((child, depth + 1) for child in children)
