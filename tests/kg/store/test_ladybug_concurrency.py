"""Reads on different threads run at once: each thread has its own LadybugDB connection.

The assertions are about order and overlap (a fast read finishes while a slow one is still
running), never about absolute times, which vary with the machine's load.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from kg.errors import QueryError, StoreError
from kg.store.ladybug import LadybugStore

# Seconds of work for one engine thread, and no way for the engine to shortcut it.
SLOW = "UNWIND range(1, 40000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*) AS n"
SLOW_ANSWER = 5714286
ENDLESS = ("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
           "WITH x, y WHERE (x + y) % 7 = 3 RETURN count(*) AS n")  # 10^10 rows: hours


class Background:
    """``work`` on its own thread; ``done`` is set when it returns or raises."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.started, self.done = threading.Event(), threading.Event()
        self.outcome: object = None
        self._work = work
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self.started.wait(30)

    def _run(self) -> None:
        self.started.set()
        try:
            self.outcome = self._work()
        except Exception as exc:  # handed to the test, which asserts on it
            self.outcome = exc
        finally:
            self.done.set()

    def result(self) -> object:
        self._thread.join(120)
        assert self.done.is_set(), "the background query never finished"
        return self.outcome


def reads_finished_while(background: Background, read: Callable[[], object]) -> int:
    """How many times ``read`` finished on this thread while ``background`` was still running."""
    finished = 0
    while not background.done.is_set():
        read()
        if not background.done.is_set():
            finished += 1
    return finished


@pytest.mark.parametrize("handle", ["read-write", "read-only"])
def test_a_slow_read_on_one_thread_does_not_hold_up_fast_reads_on_another(
    built: LadybugStore, handle: str
) -> None:
    store = built
    if handle == "read-only":
        built.close()
        store = LadybugStore.open(str(built.path), read_only=True)
    try:
        slow = Background(lambda: store.query(SLOW, read_only=True).rows)

        def fast_reads() -> None:
            assert store.stats().nodes["Paper"] == 4
            assert store.query("MATCH (p:Paper) RETURN count(p)", read_only=True).rows == [[4]]

        # Behind one shared lock at most the read already under way could finish before the
        # slow query; here many do.
        assert reads_finished_while(slow, fast_reads) >= 5
        assert slow.result() == [[SLOW_ANSWER]]
    finally:
        store.close()


def test_a_timeout_on_one_thread_cuts_short_only_that_threads_query(built: LadybugStore) -> None:
    """Timeouts are set per connection, so the other thread's long query runs to its end."""
    endless = Background(lambda: built.query(ENDLESS, read_only=True, timeout=1))
    assert built.query(SLOW, read_only=True).rows == [[SLOW_ANSWER]]
    outcome = endless.result()
    assert isinstance(outcome, QueryError) and "timeout" in str(outcome)
    assert built.query("MATCH (p:Paper) RETURN count(p)", read_only=True).rows == [[4]]


def test_a_write_goes_ahead_while_another_thread_reads(built: LadybugStore) -> None:
    slow = Background(lambda: built.query(SLOW, read_only=True).rows)
    built.query("CREATE (:Model {name: 'written meanwhile'})")
    assert not slow.done.is_set(), "the slow read should still be running"
    assert built.query("MATCH (m:Model {name: 'written meanwhile'}) RETURN count(m)").rows == [[1]]
    assert slow.result() == [[SLOW_ANSWER]]


def test_connections_of_finished_threads_are_closed(built: LadybugStore) -> None:
    for _ in range(20):
        worker = threading.Thread(target=built.stats)
        worker.start()
        worker.join()
    built.stats()
    assert len(built._connections) <= 2  # this thread's and at most the last worker's


def test_close_closes_every_threads_connection(built: LadybugStore) -> None:
    Background(built.stats).result()
    built.close()
    assert built._connections == {}
    outcome = Background(built.stats).result()
    assert isinstance(outcome, StoreError) and "closed" in str(outcome)
    with pytest.raises(StoreError, match="closed"):
        built.query("RETURN 1", read_only=True)
