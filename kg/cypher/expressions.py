"""The expression half of the recursive-descent parser (clauses and patterns: :mod:`kg.cypher.parser`).

Precedence, loosest first, as in openCypher: OR, XOR, AND, NOT, comparison (``=``, ``<>``, ``<``,
``>``, ``<=``, ``>=``, ``=~``, ``IN``, ``STARTS WITH``, ``ENDS WITH``, ``CONTAINS``, ``IS [NOT]
NULL``), ``+ -``, ``* / %``, ``^``, unary ``+ -``, then property, index and slice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kg.cypher import ast
from kg.cypher.lexer import INT64_MAX, Token
from kg.errors import QueryError

#: nesting deeper than this is refused
MAX_DEPTH = 40
_COMPARISONS = ("=", "<>", "<", ">", "<=", ">=", "=~")


class ExpressionParser:
    """A cursor over tokens and the expression grammar."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    # -- the cursor ------------------------------------------------------------------------------

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def accept_word(self, *words: str) -> bool:
        if self.token.is_word(*words):
            self.advance()
            return True
        return False

    def accept_symbol(self, *symbols: str) -> str | None:
        if self.token.is_symbol(*symbols):
            return str(self.advance().value)
        return None

    def expect_word(self, word: str) -> None:
        if not self.accept_word(word):
            raise self.error(f"expected {word}")

    def expect_symbol(self, symbol: str) -> None:
        if self.accept_symbol(symbol) is None:
            raise self.error(f"expected '{symbol}'")

    def error(self, message: str) -> QueryError:
        return QueryError(f"Cypher syntax: {message}, found {self.token.describe()}")

    def name(self, what: str = "a name") -> str:
        """An identifier: a plain word or a `backtick` name."""
        if self.token.kind in ("word", "name"):
            return str(self.advance().value)
        raise self.error(f"expected {what}")

    def match_body(self, optional: bool) -> ast.Match:
        """The pattern part of MATCH (after the keyword), defined with the clauses."""
        raise NotImplementedError

    # -- expressions, loosest first ---------------------------------------------------------------

    @contextmanager
    def _deeper(self) -> Iterator[None]:
        """One more level of recursion; refused past :data:`MAX_DEPTH` (it only serves to exhaust
        the parser or the engine)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests deeper than {MAX_DEPTH} levels")
        try:
            yield
        finally:
            self.depth -= 1

    def expression(self) -> ast.Expression:
        with self._deeper():
            return self._or()

    def _chain(self, word: str, operand: Callable[[], ast.Expression]) -> ast.Expression:
        """``operand (word operand)*``, left-associative, in a loop (a long chain is no recursion)."""
        left = operand()
        while self.accept_word(word):
            left = ast.Binary(word, left, operand())
        return left

    def _or(self) -> ast.Expression:
        return self._chain("OR", self._xor)

    def _xor(self) -> ast.Expression:
        return self._chain("XOR", self._and)

    def _and(self) -> ast.Expression:
        return self._chain("AND", self._not)

    def _not(self) -> ast.Expression:
        if self.accept_word("NOT"):
            with self._deeper():
                return ast.Unary("NOT", self._not())
        return self._comparison()

    def _comparison(self) -> ast.Expression:
        left = self._additive()
        while True:
            if (operator := self.accept_symbol(*_COMPARISONS)) is not None:
                left = ast.Binary(operator, left, self._additive())
            elif self.token.is_word("IS"):
                self.advance()
                negated = self.accept_word("NOT")
                self.expect_word("NULL")
                left = ast.IsNull(left, negated)
            elif self.accept_word("IN"):
                left = ast.Binary("IN", left, self._additive())
            elif self.accept_word("CONTAINS"):
                left = ast.Binary("CONTAINS", left, self._additive())
            elif self.token.is_word("STARTS", "ENDS") and self.peek().is_word("WITH"):
                word = str(self.advance().value).upper()
                self.advance()
                left = ast.Binary(f"{word} WITH", left, self._additive())
            else:
                return left

    def _additive(self) -> ast.Expression:
        left = self._multiplicative()
        while (operator := self.accept_symbol("+", "-")) is not None:
            left = ast.Binary(operator, left, self._multiplicative())
        return left

    def _multiplicative(self) -> ast.Expression:
        left = self._power()
        while (operator := self.accept_symbol("*", "/", "%")) is not None:
            left = ast.Binary(operator, left, self._power())
        return left

    def _power(self) -> ast.Expression:
        left = self._unary()
        while self.accept_symbol("^") is not None:
            left = ast.Binary("^", left, self._unary())
        return left

    def _unary(self) -> ast.Expression:
        if (operator := self.accept_symbol("-", "+")) is not None:
            if operator == "-" and self.token.kind in ("integer", "float"):
                return self._postfix(ast.Literal(-self.advance().value))
            with self._deeper():
                return ast.Unary(operator, self._unary())
        return self._postfix(self._atom())

    def _postfix(self, subject: ast.Expression) -> ast.Expression:
        _check_integer(subject, self.token)
        while True:
            if self.accept_symbol(".") is not None:
                subject = ast.Property(subject, self.name("a property key"))
            elif self.accept_symbol("[") is not None:
                subject = self._index_or_slice(subject)
            else:
                return subject

    def _index_or_slice(self, subject: ast.Expression) -> ast.Expression:
        start = None if self.token.is_symbol("..") else self.expression()
        if self.accept_symbol("..") is None:
            self.expect_symbol("]")
            assert start is not None
            return ast.Index(subject, start)
        end = None if self.token.is_symbol("]") else self.expression()
        self.expect_symbol("]")
        return ast.Slice(subject, start, end)

    def _atom(self) -> ast.Expression:
        token = self.token
        if token.kind in ("string", "integer", "float"):
            self.advance()
            return ast.Literal(token.value)
        if token.is_symbol("$"):
            self.advance()
            return ast.Parameter(self.name("a parameter name"))
        if token.is_symbol("["):
            return self._list()
        if token.is_symbol("{"):
            return self.map_literal()
        if token.is_symbol("("):
            self.advance()
            inner = self.expression()
            self.expect_symbol(")")
            return inner
        if token.kind == "word":
            return self._word_atom(token)
        if token.kind == "name":
            self.advance()
            return ast.Variable(str(token.value))
        raise self.error("expected an expression")

    def _word_atom(self, token: Token) -> ast.Expression:
        word = str(token.value).upper()
        if word in ("TRUE", "FALSE"):
            self.advance()
            return ast.Literal(word == "TRUE")
        if word == "NULL":
            self.advance()
            return ast.Literal(None)
        if word == "CASE":
            return self._case()
        if word in ("EXISTS", "COUNT") and self.peek().is_symbol("{"):
            self.advance()
            self.advance()
            self.accept_word("MATCH")
            match = self.match_body(optional=False)
            self.expect_symbol("}")
            return ast.PatternSubquery(word, match)
        if self.peek().is_symbol("(") or (self.peek().is_symbol(".") and self._is_namespaced_call()):
            return self._function_call()
        self.advance()
        return ast.Variable(str(token.value))

    def _is_namespaced_call(self) -> bool:
        """``db.labels(`` is a call, ``p.title`` a property."""
        i = self.pos
        while self.tokens[i].kind == "word" and self.tokens[i + 1].is_symbol("."):
            i += 2
        return self.tokens[i].kind == "word" and self.tokens[i + 1].is_symbol("(")

    def qualified_name(self) -> str:
        """A function or procedure name: plain words joined by dots (no backticks, so that the
        name can be checked against the allowlist and sent as it is)."""
        parts = [self._plain_word()]
        while self.accept_symbol(".") is not None:
            parts.append(self._plain_word())
        return ".".join(parts)

    def _plain_word(self) -> str:
        if self.token.kind != "word":
            raise self.error("expected a function or procedure name")
        return str(self.advance().value)

    def _function_call(self) -> ast.Expression:
        name = self.qualified_name()
        self.expect_symbol("(")
        if self.accept_symbol("*") is not None:
            self.expect_symbol(")")
            return ast.FunctionCall(name, (), star=True)
        distinct = self.accept_word("DISTINCT")
        args: list[ast.Expression] = []
        if not self.token.is_symbol(")"):
            args.append(self.expression())
            while self.accept_symbol(",") is not None:
                args.append(self.expression())
        self.expect_symbol(")")
        return ast.FunctionCall(name, tuple(args), distinct=distinct)

    def _list(self) -> ast.Expression:
        self.expect_symbol("[")
        if self.token.kind in ("word", "name") and self.peek().is_word("IN"):
            return self._comprehension()
        items: list[ast.Expression] = []
        if not self.token.is_symbol("]"):
            items.append(self.expression())
            while self.accept_symbol(",") is not None:
                items.append(self.expression())
        self.expect_symbol("]")
        return ast.ListLiteral(tuple(items))

    def _comprehension(self) -> ast.Expression:
        variable = self.name()
        self.expect_word("IN")
        source = self.expression()
        where = self.expression() if self.accept_word("WHERE") else None
        projection = self.expression() if self.accept_symbol("|") is not None else None
        self.expect_symbol("]")
        return ast.ListComprehension(variable, source, where, projection)

    def map_literal(self) -> ast.MapLiteral:
        self.expect_symbol("{")
        entries: list[tuple[str, ast.Expression]] = []
        if not self.token.is_symbol("}"):
            while True:
                key = self.name("a map key")
                self.expect_symbol(":")
                entries.append((key, self.expression()))
                if self.accept_symbol(",") is None:
                    break
        self.expect_symbol("}")
        return ast.MapLiteral(tuple(entries))

    def _case(self) -> ast.Expression:
        self.expect_word("CASE")
        subject = None if self.token.is_word("WHEN") else self.expression()
        whens: list[tuple[ast.Expression, ast.Expression]] = []
        while self.accept_word("WHEN"):
            condition = self.expression()
            self.expect_word("THEN")
            whens.append((condition, self.expression()))
        if not whens:
            raise self.error("expected WHEN")
        default = self.expression() if self.accept_word("ELSE") else None
        self.expect_word("END")
        return ast.Case(subject, tuple(whens), default)


def _check_integer(subject: ast.Expression, after: Token) -> None:
    """9223372036854775808 is only an integer as the operand of a minus sign."""
    if isinstance(subject, ast.Literal) and isinstance(subject.value, int) \
            and not isinstance(subject.value, bool) and subject.value > INT64_MAX:
        raise QueryError(f"the integer before {after.describe()} is larger than a 64-bit integer")
