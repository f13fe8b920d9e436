"""``POST /cypher``: one read-only statement, a timeout and a row cap.

The store enforces read-only access (:meth:`GraphStore.query` with ``read_only=True``);
:mod:`kg.api.cypher_guard` refuses file, network and settings access first.
"""

from __future__ import annotations

import re
from typing import Any

from kg.api.cypher_guard import check_cypher
from kg.api.errors import BadParameter
from kg.api.models import CypherResult
from kg.api.services.common import json_safe
from kg.api.settings import ApiSettings
from kg.errors import KGError, QueryError
from kg.store.base import GraphStore

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def run_cypher(store: GraphStore, query: str, params: dict[str, Any], settings: ApiSettings) -> CypherResult:
    """Rows of a read-only query, at most ``settings.cypher_max_rows`` (``truncated`` says if cut)."""
    if len(query) > settings.cypher_max_length:
        raise BadParameter(f"the query is {len(query)} characters long; at most {settings.cypher_max_length}")
    for name in params:
        if not _PARAM_NAME.match(name):
            raise BadParameter(f"parameter name {name!r} is not a plain identifier")
    statement = check_cypher(query, params)
    cap = settings.cypher_max_rows
    try:
        result = store.query(
            statement, params, read_only=True, timeout=settings.cypher_timeout, max_rows=cap + 1
        )
    except KGError:
        raise
    except (ValueError, TypeError, OverflowError, RuntimeError) as exc:
        # the driver choking on odd parameter values is still the request's fault, not the server's
        raise QueryError(f"the store could not run the query: {exc}") from exc
    rows = [[json_safe(value) for value in row] for row in result.rows[:cap]]
    return CypherResult(columns=list(result.columns), rows=rows, truncated=len(result.rows) > cap)
