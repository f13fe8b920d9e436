"""A /cypher worker: ``python -m kg.api.cypher_worker FD STORE``, started by :mod:`kg.api.cypher_pool`.

It opens the store read-only, says ``("ready",)`` on the socket ``FD``, then answers each
``(text, params, max_rows, timeout)`` with ``("ok", columns, rows)`` or ``("error", kind, message)``
until it receives ``None`` or the socket closes.
"""

from __future__ import annotations

import signal
import sys
from multiprocessing.connection import Connection

from kg.errors import KGError


def serve_queries(conn: Connection, store_uri: str) -> None:
    """A worker's life: open the store read-only, then answer queries until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    from kg.api.services.common import json_safe
    from kg.store import open_store

    try:
        store = open_store(store_uri, read_only=True)
    except KGError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    conn.send(("ready",))
    with store:
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
            if request is None:
                return
            text, params, max_rows, timeout = request
            try:
                result = store.query(text, params, read_only=True, timeout=timeout, max_rows=max_rows)
                rows = [[json_safe(value) for value in row] for row in result.rows]
                conn.send(("ok", list(result.columns), rows))
            except KGError as exc:
                conn.send(("error", type(exc).__name__, str(exc)))
            except (ValueError, TypeError, OverflowError, RuntimeError) as exc:
                # the driver choking on odd parameter values is still the request's fault
                conn.send(("error", "QueryError", f"the store could not run the query: {exc}"))


def main(argv: list[str]) -> None:
    serve_queries(Connection(int(argv[0])), argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
