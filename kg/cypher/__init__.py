"""The read subset of Cypher: parse, check, and re-serialise what ``POST /cypher`` may run.

``read_only_query`` is the one entry point: it parses ``query`` with the project's own grammar of
the read subset (:mod:`kg.cypher.parser`), checks the tree against ``schema/cypher-read.yaml``
(:mod:`kg.cypher.policy`) and returns the canonical text of the tree (:mod:`kg.cypher.serialize`).
The engine only ever receives that text, so no difference between lexers (comments, quotes,
glued tokens, unicode) can smuggle a clause past the check.

>>> read_only_query("match (m:Model {name: $m})<-[:USES]-(p) return p.title limit 5 // newest?", {"m": "SAM"})
'MATCH (m:Model {name: $m})<-[:USES]-(p) RETURN p.title AS `p.title` LIMIT 5'
>>> read_only_query("MATCH (n) RETURN n LIMIT 1 COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'")
Traceback (most recent call last):
...
kg.errors.ReadOnlyViolation: COPY is not allowed here: /cypher is read-only, with no file, network, \
settings or transaction access
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.cypher.parser import parse
from kg.cypher.policy import ReadPolicy, check_params, check_tree, read_policy
from kg.cypher.serialize import serialize
from kg.errors import QueryError

__all__ = ["ReadPolicy", "parse", "read_only_query", "read_policy", "serialize"]


def read_only_query(
    query: str, params: Mapping[str, Any] | None = None, *, policy: ReadPolicy | None = None
) -> str:
    """The canonical text of ``query`` if it is a bounded read of the graph.

    Raises :class:`kg.errors.ReadOnlyViolation` for anything outside the read subset and
    :class:`kg.errors.QueryError` for a syntax error or bad parameters.
    """
    policy = policy or read_policy()
    params = params or {}
    check_params(params, policy)
    if not query.strip():
        raise QueryError("the query is empty")
    tree = parse(query)
    check_tree(tree, params, policy)
    return serialize(tree)
