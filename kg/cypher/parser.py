"""Parse the read subset of Cypher into a :mod:`kg.cypher.ast` tree; anything else is refused.

The subset: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT, UNION
[ALL], CALL of a listed procedure, and expressions with CASE, lists, maps, list comprehensions and
``EXISTS { MATCH … }`` / ``COUNT { MATCH … }``. A clause outside it is refused by name: a write
("CREATE writes to the graph"), or a file, network, settings or transaction clause.

>>> parse("MATCH (p:Paper)-[:USES]->(m:Model {name: $m}) RETURN p.title LIMIT 3").parts[0].clauses[0].optional
False
>>> parse("MATCH (n) CREATE (:Model {name: 'x'})")
Traceback (most recent call last):
...
kg.errors.ReadOnlyViolation: CREATE writes to the graph: /cypher is read-only
"""

from __future__ import annotations

from kg.cypher import ast
from kg.cypher.expressions import ExpressionParser
from kg.cypher.lexer import tokenize
from kg.errors import QueryError, ReadOnlyViolation

#: clauses that change the graph or its schema
WRITE_CLAUSES = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "DROP", "ALTER",
                           "RENAME", "GRANT", "DENY", "REVOKE"})
#: clauses that reach files, the network, extensions, other databases, settings or transactions
OUTSIDE_CLAUSES = frozenset({"LOAD", "COPY", "EXPORT", "IMPORT", "ATTACH", "INSTALL", "UNINSTALL", "UPDATE",
                             "USE", "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK", "TERMINATE", "START", "STOP",
                             "ENABLE", "SHOW", "FINISH", "INSERT", "PROFILE", "EXPLAIN"})
_CLAUSE_STARTS = ("MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL")


def parse(text: str) -> ast.Query:
    """The tree of ``text``; :class:`QueryError` (syntax) or :class:`ReadOnlyViolation` (outside
    the read subset) otherwise."""
    parser = QueryParser(text, tokenize(text))
    query = parser.query()
    if parser.accept_symbol(";") is not None and parser.token.kind != "end":
        second = parser.token.describe()
        raise ReadOnlyViolation(f"one statement per request: a second one starts at {second}")
    if parser.token.kind != "end":
        raise parser.refusal_or_error("expected the end of the query")
    return query


class QueryParser(ExpressionParser):
    """Clauses and patterns; expressions come from :class:`ExpressionParser`."""

    def query(self) -> ast.Query:
        parts = [self.single_query()]
        union_all: list[bool] = []
        while self.accept_word("UNION"):
            union_all.append(self.accept_word("ALL"))
            parts.append(self.single_query())
        return ast.Query(tuple(parts), tuple(union_all))

    def single_query(self) -> ast.SingleQuery:
        clauses: list[ast.Clause] = []
        while True:
            if not self.token.is_word(*_CLAUSE_STARTS):
                if clauses and isinstance(clauses[-1], ast.Return):
                    break
                if self.token.kind == "end" or self.token.is_symbol(";") or self.token.is_word("UNION"):
                    raise self.error("a query ends with RETURN")
                raise self.refusal_or_error("expected MATCH, OPTIONAL MATCH, WITH, UNWIND, CALL or RETURN")
            if clauses and isinstance(clauses[-1], ast.Return):
                raise self.error("RETURN ends a query; use WITH to go on")
            clauses.append(self.clause())
            if isinstance(clauses[-1], ast.Call) and len(clauses) == 1 and self._at_query_end():
                break  # a standalone CALL db.labels()
        return ast.SingleQuery(tuple(clauses))

    def _at_query_end(self) -> bool:
        return self.token.kind == "end" or self.token.is_symbol(";") or self.token.is_word("UNION")

    def refusal_or_error(self, message: str) -> QueryError:
        """Name a write or outside clause where one stands; a syntax error otherwise."""
        word = str(self.token.value).upper() if self.token.kind == "word" else ""
        if word in WRITE_CLAUSES:
            return ReadOnlyViolation(f"{word} writes to the graph: /cypher is read-only")
        if word in OUTSIDE_CLAUSES:
            return ReadOnlyViolation(
                f"{word} is not allowed here: /cypher is read-only, with no file, network, settings or "
                "transaction access"
            )
        if self.token.is_symbol(";"):
            return ReadOnlyViolation(f"one statement per request: found ';' at offset {self.token.offset}")
        return self.error(message)

    def clause(self) -> ast.Clause:
        if self.accept_word("MATCH"):
            return self.match_body(optional=False)
        if self.accept_word("OPTIONAL"):
            self.expect_word("MATCH")
            return self.match_body(optional=True)
        if self.accept_word("UNWIND"):
            source = self.expression()
            self.expect_word("AS")
            return ast.Unwind(source, self.name("a variable"))
        if self.accept_word("WITH"):
            projection = self.projection()
            where = self.expression() if self.accept_word("WHERE") else None
            return ast.With(projection, where)
        if self.accept_word("RETURN"):
            return ast.Return(self.projection())
        self.expect_word("CALL")
        return self.call()

    # -- MATCH and patterns ----------------------------------------------------------------------

    def match_body(self, optional: bool) -> ast.Match:
        patterns = [self.path_pattern()]
        while self.accept_symbol(",") is not None:
            patterns.append(self.path_pattern())
        where = self.expression() if self.accept_word("WHERE") else None
        return ast.Match(optional, tuple(patterns), where)

    def path_pattern(self) -> ast.PathPattern:
        variable = None
        if self.token.kind in ("word", "name") and self.peek().is_symbol("="):
            variable = self.name()
            self.advance()
        if self.token.kind == "word" and self.peek().is_symbol("("):
            raise ReadOnlyViolation(
                f"{self.token.value}(…) patterns are not in the /cypher read subset; "
                "match the path with a bounded -[*1..n]-"
            )
        nodes = [self.node_pattern()]
        relationships: list[ast.RelationshipPattern] = []
        while self.token.is_symbol("-", "<"):
            relationships.append(self.relationship_pattern())
            nodes.append(self.node_pattern())
        return ast.PathPattern(variable, tuple(nodes), tuple(relationships))

    def node_pattern(self) -> ast.NodePattern:
        self.expect_symbol("(")
        variable = self.name() if self.token.kind in ("word", "name") else None
        labels, union = self._labels()
        properties = self._pattern_properties()
        self.expect_symbol(")")
        return ast.NodePattern(variable, labels, union, properties)

    def _labels(self) -> tuple[tuple[str, ...], bool]:
        labels: list[str] = []
        union = False
        if self.accept_symbol(":") is None:
            return (), False
        labels.append(self.name("a label"))
        while True:
            if self.accept_symbol("|") is not None:
                self.accept_symbol(":")
                union = True
            elif self.accept_symbol(":") is not None:
                if union:
                    raise self.error("mix of ':' and '|' between labels")
            else:
                return tuple(labels), union
            labels.append(self.name("a label"))

    def _pattern_properties(self) -> ast.MapLiteral | ast.Parameter | None:
        if self.token.is_symbol("{"):
            return self.map_literal()
        if self.accept_symbol("$") is not None:
            return ast.Parameter(self.name("a parameter name"))
        return None

    def relationship_pattern(self) -> ast.RelationshipPattern:
        left = self.accept_symbol("<") is not None
        self.expect_symbol("-")
        variable: str | None = None
        types: tuple[str, ...] = ()
        hops: ast.Hops | None = None
        properties: ast.MapLiteral | ast.Parameter | None = None
        if self.accept_symbol("[") is not None:
            variable = self.name() if self.token.kind in ("word", "name") else None
            types, _ = self._labels()
            if self.accept_symbol("*") is not None:
                hops = self._hops()
            properties = self._pattern_properties()
            self.expect_symbol("]")
        self.expect_symbol("-")
        right = self.accept_symbol(">") is not None
        if left and right:
            raise self.error("a relationship points one way or none")
        direction = "<-" if left else "->" if right else "-"
        return ast.RelationshipPattern(variable, types, direction, hops, properties)

    def _hops(self) -> ast.Hops:
        low = self._hop_bound()
        if self.accept_symbol("..") is None:
            return ast.Hops(low, low)
        return ast.Hops(low, self._hop_bound())

    def _hop_bound(self) -> int | None:
        if self.token.kind == "integer":
            return int(self.advance().value)
        return None

    # -- WITH / RETURN ---------------------------------------------------------------------------

    def projection(self) -> ast.Projection:
        distinct = self.accept_word("DISTINCT")
        star = self.accept_symbol("*") is not None
        items: list[ast.ProjectionItem] = []
        if not star or self.accept_symbol(",") is not None:
            items.append(self._projection_item())
            while self.accept_symbol(",") is not None:
                items.append(self._projection_item())
        order: list[ast.SortItem] = []
        if self.accept_word("ORDER"):
            self.expect_word("BY")
            order.append(self._sort_item())
            while self.accept_symbol(",") is not None:
                order.append(self._sort_item())
        skip = self._count("SKIP")
        limit = self._count("LIMIT")
        return ast.Projection(distinct, star, tuple(items), tuple(order), skip, limit)

    def _projection_item(self) -> ast.ProjectionItem:
        first = self.token
        expression = self.expression()
        last = self.tokens[self.pos - 1]
        text = " ".join(self.text[first.offset : last.end].split())
        alias = self.name("a column name") if self.accept_word("AS") else None
        return ast.ProjectionItem(expression, alias, text)

    def _sort_item(self) -> ast.SortItem:
        expression = self.expression()
        if self.accept_word("DESC", "DESCENDING"):
            return ast.SortItem(expression, True)
        self.accept_word("ASC", "ASCENDING")
        return ast.SortItem(expression, False)

    def _count(self, word: str) -> ast.Literal | ast.Parameter | None:
        if not self.accept_word(word):
            return None
        if self.token.kind == "integer":
            return ast.Literal(int(self.advance().value))
        if self.accept_symbol("$") is not None:
            return ast.Parameter(self.name("a parameter name"))
        raise ReadOnlyViolation(f"{word} takes an integer or a $parameter holding one on /cypher")

    # -- CALL ------------------------------------------------------------------------------------

    def call(self) -> ast.Call:
        if self.token.is_symbol("{", "("):
            raise ReadOnlyViolation("CALL { … } subqueries are not in the /cypher read subset")
        procedure = self.qualified_name()
        if self.token.is_symbol("="):
            raise ReadOnlyViolation(f"CALL {procedure}=… changes a setting: /cypher is read-only")
        self.expect_symbol("(")
        args: list[ast.Expression] = []
        while not self.token.is_symbol(")"):
            args.append(self.expression())  # the policy lets only literals through
            if self.accept_symbol(",") is None:
                break
        self.expect_symbol(")")
        yields: list[str] = []
        where = None
        if self.accept_word("YIELD"):
            yields.append(self.name("a column"))
            while self.accept_symbol(",") is not None:
                yields.append(self.name("a column"))
            where = self.expression() if self.accept_word("WHERE") else None
        return ast.Call(procedure, tuple(args), tuple(yields), where)
