"""The one store an API process holds, shared by every request.

Reads share the store; a write (``POST /ingest``) waits for running reads and holds new ones
back until it is done, so no read ever runs inside a writer's transaction and every read sees a
whole ingest or none of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kg.store.base import GraphStore


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before readers that come after it.

    Not tied to threads: a request may take the lock in one worker thread and release it in another.
    """

    def __init__(self) -> None:
        #: called after every write, e.g. so that /cypher workers reopen the store and see it
        self.after_write: list[Callable[[], None]] = []
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
            for callback in self.after_write:
                callback()


class GraphAccess:
    """The store plus the lock that keeps reads and writes apart."""

    def __init__(self, store: GraphStore, *, owned: bool) -> None:
        self.store = store
        self.owned = owned  # opened by the app (closed on shutdown) or handed in by the caller
        self.lock = ReadWriteLock()

    def close(self) -> None:
        if self.owned:
            self.store.close()
