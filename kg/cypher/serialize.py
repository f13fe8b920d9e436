"""The canonical text of a parsed query: what the engine receives instead of the user's text.

Keywords upper case, one space between tokens, no comments, every operator expression in
parentheses, strings in single quotes with every character outside printable ASCII escaped,
names in backticks unless plainly safe, and every RETURN column aliased (unaliased ones by the
text the user wrote, as Neo4j names them), so both stores name columns alike.

>>> from kg.cypher.parser import parse
>>> serialize(parse("match (p:Paper) where p.year>2020 and not p.title contains 'é' return p.title"))
"MATCH (p:Paper) WHERE ((p.year > 2020) AND (NOT (p.title CONTAINS '\\\\u00e9'))) RETURN p.title AS `p.title`"
"""

from __future__ import annotations

import re

from kg.cypher import ast

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: words that must be quoted when used as names, on either store
_RESERVED = frozenset(
    """
ALL ALTER AND AS ASC ASCENDING ATTACH BEGIN BY CALL CASE CHECKPOINT COMMIT CONTAINS COPY COUNT CREATE
DATABASE DEFAULT DELETE DESC DESCENDING DETACH DISTINCT DROP ELSE END ENDS EXISTS EXPLAIN EXPORT FALSE
FOREACH FROM GROUP IMPORT IN INSTALL IS LIMIT LOAD MACRO MATCH MERGE NODE NOT NULL ON OPTIONAL OR ORDER
PROFILE REL REMOVE RETURN ROLLBACK SET SHORTEST SKIP STARTS TABLE THEN TO TRANSACTION TRUE UNION UNWIND
USE WHEN WHERE WITH XOR YIELD
""".split()  # noqa: SIM905 - a word list reads better as text
)
_SHORT_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def serialize(query: ast.Query) -> str:
    out = [_single(query.parts[0])]
    for union_all, part in zip(query.union_all, query.parts[1:], strict=True):
        out.append("UNION ALL" if union_all else "UNION")
        out.append(_single(part))
    return " ".join(out)


def _single(query: ast.SingleQuery) -> str:
    return " ".join(_clause(clause) for clause in query.clauses)


def _clause(clause: ast.Clause) -> str:
    if isinstance(clause, ast.Match):
        return _match(clause)
    if isinstance(clause, ast.Unwind):
        return f"UNWIND {expression(clause.source)} AS {name(clause.variable)}"
    if isinstance(clause, ast.With):
        where = f" WHERE {expression(clause.where)}" if clause.where is not None else ""
        return f"WITH {_projection(clause.projection, alias_all=False)}{where}"
    if isinstance(clause, ast.Return):
        return f"RETURN {_projection(clause.projection, alias_all=True)}"
    return _call(clause)


def _match(match: ast.Match) -> str:
    keyword = "OPTIONAL MATCH" if match.optional else "MATCH"
    patterns = ", ".join(_path(p) for p in match.patterns)
    where = f" WHERE {expression(match.where)}" if match.where is not None else ""
    return f"{keyword} {patterns}{where}"


def _path(path: ast.PathPattern) -> str:
    parts = [_node(path.nodes[0])]
    for relationship, node in zip(path.relationships, path.nodes[1:], strict=True):
        parts.append(_relationship(relationship))
        parts.append(_node(node))
    text = "".join(parts)
    return f"{name(path.variable)} = {text}" if path.variable else text


def _labels(labels: tuple[str, ...], union: bool) -> str:
    if not labels:
        return ""
    return ":" + ("|" if union else ":").join(name(label) for label in labels)


def _properties(properties: ast.MapLiteral | ast.Parameter | None) -> str:
    return "" if properties is None else " " + expression(properties)


def _node(node: ast.NodePattern) -> str:
    variable = name(node.variable) if node.variable else ""
    return f"({variable}{_labels(node.labels, node.label_union)}{_properties(node.properties)})"


def _relationship(rel: ast.RelationshipPattern) -> str:
    variable = name(rel.variable) if rel.variable else ""
    hops = ""
    if rel.hops is not None:
        low = "" if rel.hops.low is None else str(rel.hops.low)
        high = "" if rel.hops.high is None else str(rel.hops.high)
        hops = f"*{low}" if rel.hops.low == rel.hops.high and low else f"*{low}..{high}"
    body = f"[{variable}{_labels(rel.types, True)}{hops}{_properties(rel.properties)}]"
    return {"->": f"-{body}->", "<-": f"<-{body}-", "-": f"-{body}-"}[rel.direction]


def _projection(projection: ast.Projection, *, alias_all: bool) -> str:
    items = ["*"] if projection.star else []
    for item in projection.items:
        alias = item.alias if item.alias is not None else (item.text if alias_all else None)
        if alias is None and not isinstance(item.expression, ast.Variable):
            alias = item.text  # WITH needs an alias for anything but a variable
        text = expression(item.expression)
        items.append(f"{text} AS {name(alias)}" if alias is not None else text)
    out = ("DISTINCT " if projection.distinct else "") + ", ".join(items)
    if projection.order:
        order = ", ".join(expression(s.expression) + (" DESC" if s.descending else "")
                          for s in projection.order)
        out += f" ORDER BY {order}"
    if projection.skip is not None:
        out += f" SKIP {expression(projection.skip)}"
    if projection.limit is not None:
        out += f" LIMIT {expression(projection.limit)}"
    return out


def _call(call: ast.Call) -> str:
    args = ", ".join(expression(a) for a in call.args)
    out = f"CALL {call.procedure}({args})"
    if call.yields:
        out += " YIELD " + ", ".join(name(y) for y in call.yields)
    if call.where is not None:
        out += f" WHERE {expression(call.where)}"
    return out


def name(text: str) -> str:
    """A name as the engine must see it: plain when safe, otherwise in backticks."""
    if _PLAIN_NAME.fullmatch(text) and text.upper() not in _RESERVED:
        return text
    return "`" + text.replace("`", "``") + "`"


def string(text: str) -> str:
    """A single-quoted literal in printable ASCII; both stores read these escapes alike."""
    out = []
    for ch in text:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "'" + "".join(out) + "'"


def _literal(value: str | int | float | bool | None) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def expression(node: ast.Expression) -> str:
    if isinstance(node, ast.Literal):
        return _literal(node.value)
    if isinstance(node, ast.Parameter):
        return "$" + name(node.name)
    if isinstance(node, ast.Variable):
        return name(node.name)
    if isinstance(node, ast.Property):
        return f"{_subject(node.subject)}.{name(node.key)}"
    if isinstance(node, ast.Index):
        return f"{_subject(node.subject)}[{expression(node.index)}]"
    if isinstance(node, ast.Slice):
        start = "" if node.start is None else expression(node.start)
        end = "" if node.end is None else expression(node.end)
        return f"{_subject(node.subject)}[{start}..{end}]"
    if isinstance(node, ast.Unary):
        space = " " if node.operator == "NOT" else ""
        return f"({node.operator}{space}{expression(node.operand)})"
    if isinstance(node, ast.Binary):
        return f"({expression(node.left)} {node.operator} {expression(node.right)})"
    if isinstance(node, ast.IsNull):
        return f"({expression(node.operand)} IS {'NOT ' if node.negated else ''}NULL)"
    if isinstance(node, ast.ListLiteral):
        return "[" + ", ".join(expression(i) for i in node.items) + "]"
    if isinstance(node, ast.MapLiteral):
        return "{" + ", ".join(f"{name(k)}: {expression(v)}" for k, v in node.entries) + "}"
    if isinstance(node, ast.ListComprehension):
        where = f" WHERE {expression(node.where)}" if node.where is not None else ""
        projection = f" | {expression(node.projection)}" if node.projection is not None else ""
        return f"[{name(node.variable)} IN {expression(node.source)}{where}{projection}]"
    if isinstance(node, ast.FunctionCall):
        if node.star:
            return f"{node.name}(*)"
        distinct = "DISTINCT " if node.distinct else ""
        return f"{node.name}({distinct}{', '.join(expression(a) for a in node.args)})"
    if isinstance(node, ast.Case):
        subject = f" {expression(node.subject)}" if node.subject is not None else ""
        whens = "".join(f" WHEN {expression(c)} THEN {expression(v)}" for c, v in node.whens)
        default = f" ELSE {expression(node.default)}" if node.default is not None else ""
        return f"CASE{subject}{whens}{default} END"
    return f"{node.kind} {{ {_match(node.match)} }}"


def _subject(node: ast.Expression) -> str:
    """A property, index or slice subject: operators already carry their parentheses."""
    text = expression(node)
    is_number = isinstance(node, ast.Literal) and type(node.value) in (int, float)
    return f"({text})" if is_number else text  # 1.x would lex as a float
