"""``POST /cypher``: one bounded read of the graph, in a worker process, with a timeout and a row cap.

:func:`kg.cypher.read_only_query` parses the query with the read subset's grammar and returns its
canonical text; only that text reaches the engine, in a worker of the :class:`CypherPool`, which
opened the store read-only. Neo4j sessions there run in READ access mode as well.
"""

from __future__ import annotations

from typing import Any

import anyio
import anyio.to_thread

from kg.api.cypher_pool import CypherPool, WorkerBusy
from kg.api.errors import BadParameter
from kg.api.models import CypherResult
from kg.api.settings import ApiSettings
from kg.cypher import read_only_query
from kg.cypher.policy import check_param_names
from kg.errors import QueryError


class CypherRunner:
    """The pool and the two gates in front of it: at most ``size`` queries wait in threads (so
    /cypher never takes the threads the other endpoints run in), the rest wait here."""

    def __init__(self, pool: CypherPool) -> None:
        self.pool = pool
        self._slots = anyio.Semaphore(pool.size)
        self._threads = anyio.CapacityLimiter(pool.size)

    async def run(self, query: str, params: dict[str, Any], settings: ApiSettings) -> CypherResult:
        """Rows of a read-only query, at most ``settings.cypher_max_rows`` (``truncated`` says if cut)."""
        if len(query) > settings.cypher_max_length:
            most = settings.cypher_max_length
            raise BadParameter(f"the query is {len(query)} characters long; at most {most}")
        try:
            check_param_names(params)
        except QueryError as exc:  # well-formed JSON that names nothing: a bad parameter, 422
            raise BadParameter(str(exc)) from None
        statement = read_only_query(query, params)
        cap = settings.cypher_max_rows
        try:
            with anyio.fail_after(settings.cypher_queue_wait):
                await self._slots.acquire()
        except TimeoutError:
            raise WorkerBusy("every /cypher worker is busy; try again in a moment") from None
        try:
            result = await anyio.to_thread.run_sync(
                lambda: self.pool.run(statement, params, max_rows=cap + 1, timeout=settings.cypher_timeout),
                limiter=self._threads,
            )
        finally:
            self._slots.release()
        return CypherResult(columns=result.columns, rows=result.rows[:cap], truncated=len(result.rows) > cap)
