"""The tree of a read-only Cypher query: only what the read subset can say has a node type.

Every node is a frozen dataclass, so two parses of the same query compare equal and the
serialiser (:mod:`kg.cypher.serialize`) is the only way back to text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

# -- expressions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool | None


@dataclass(frozen=True)
class Parameter:
    name: str


@dataclass(frozen=True)
class Variable:
    name: str


@dataclass(frozen=True)
class Property:
    subject: Expression
    key: str


@dataclass(frozen=True)
class Index:
    subject: Expression
    index: Expression


@dataclass(frozen=True)
class Slice:
    subject: Expression
    start: Expression | None
    end: Expression | None


@dataclass(frozen=True)
class Unary:
    operator: str  # "NOT", "-", "+"
    operand: Expression


@dataclass(frozen=True)
class Binary:
    operator: str  # "OR", "AND", "=", "+", "IN", "STARTS WITH", …
    left: Expression
    right: Expression


@dataclass(frozen=True)
class IsNull:
    operand: Expression
    negated: bool


@dataclass(frozen=True)
class ListLiteral:
    items: tuple[Expression, ...]


@dataclass(frozen=True)
class MapLiteral:
    entries: tuple[tuple[str, Expression], ...]


@dataclass(frozen=True)
class ListComprehension:
    variable: str
    source: Expression
    where: Expression | None
    projection: Expression | None


@dataclass(frozen=True)
class FunctionCall:
    name: str
    args: tuple[Expression, ...]
    distinct: bool = False
    star: bool = False  # count(*)


@dataclass(frozen=True)
class Case:
    subject: Expression | None
    whens: tuple[tuple[Expression, Expression], ...]
    default: Expression | None


@dataclass(frozen=True)
class PatternSubquery:
    """``EXISTS { MATCH … [WHERE …] }`` or ``COUNT { MATCH … }``."""

    kind: str  # "EXISTS" or "COUNT"
    match: Match


Expression = Union[  # noqa: UP007 - a forward-referencing alias needs Union
    Literal, Parameter, Variable, Property, Index, Slice, Unary, Binary, IsNull, ListLiteral,
    MapLiteral, ListComprehension, FunctionCall, Case, PatternSubquery,
]

# -- patterns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodePattern:
    variable: str | None
    labels: tuple[str, ...]
    label_union: bool  # (:A|B) rather than (:A:B)
    properties: MapLiteral | Parameter | None


@dataclass(frozen=True)
class Hops:
    low: int | None
    high: int | None


@dataclass(frozen=True)
class RelationshipPattern:
    variable: str | None
    types: tuple[str, ...]
    direction: str  # "->", "<-" or "-"
    hops: Hops | None
    properties: MapLiteral | Parameter | None


@dataclass(frozen=True)
class PathPattern:
    variable: str | None
    nodes: tuple[NodePattern, ...]
    relationships: tuple[RelationshipPattern, ...]  # one fewer than nodes


# -- clauses -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    optional: bool
    patterns: tuple[PathPattern, ...]
    where: Expression | None


@dataclass(frozen=True)
class Unwind:
    source: Expression
    variable: str


@dataclass(frozen=True)
class ProjectionItem:
    expression: Expression
    alias: str | None
    #: the item as the user wrote it: the column name when no alias is given (as Neo4j names it)
    text: str


@dataclass(frozen=True)
class SortItem:
    expression: Expression
    descending: bool


@dataclass(frozen=True)
class Projection:
    """The body of WITH and RETURN."""

    distinct: bool
    star: bool
    items: tuple[ProjectionItem, ...]
    order: tuple[SortItem, ...]
    skip: Literal | Parameter | None
    limit: Literal | Parameter | None


@dataclass(frozen=True)
class With:
    projection: Projection
    where: Expression | None


@dataclass(frozen=True)
class Return:
    projection: Projection


@dataclass(frozen=True)
class Call:
    """A listed introspection procedure with literal arguments."""

    procedure: str
    args: tuple[Expression, ...]
    yields: tuple[str, ...]
    where: Expression | None


Clause = Match | Unwind | With | Return | Call


@dataclass(frozen=True)
class SingleQuery:
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Query:
    parts: tuple[SingleQuery, ...]
    union_all: tuple[bool, ...]  # between parts: UNION ALL (True) or UNION (False)
