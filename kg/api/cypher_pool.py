"""``POST /cypher`` runs in a small pool of worker processes, never in the API process.

A user's query can crash the engine (LadybugDB 0.22 segfaults on some plans), use gigabytes, or
ignore the engine's own timeout; in a worker process each of these ends that worker only. The
parent watches every query: past its timeout (plus a grace second) or past the memory limit
(resident set size, read from ``/proc``) the worker is killed; a worker that dies is replaced.
The request gets a clear 400 either way and the server goes on. Each worker opens the store
read-only itself, so ``/cypher`` shares no connection and no lock with the other endpoints.

>>> import pathlib, tempfile
>>> from kg.store import open_store
>>> path = str(pathlib.Path(tempfile.mkdtemp()) / "graph.lbug")
>>> with open_store(path) as store:
...     store.ensure_schema()
>>> with CypherPool(path, size=1, memory_mb=1024) as pool:
...     pool.run("RETURN 1 + 1 AS two", {}, max_rows=10, timeout=5.0).rows
[[2]]
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from kg.errors import KGError, QueryError, StoreError

log = logging.getLogger(__name__)

#: seconds a worker may run past the engine's own timeout before it is killed
GRACE_SECONDS = 1.0
#: how often the parent looks at a running query's clock and memory
POLL_SECONDS = 0.05
#: seconds a new worker may take to import the project and open the store
START_SECONDS = 120.0
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class WorkerBusy(KGError):
    """Every /cypher worker stayed busy for longer than the request may wait (answered with 429)."""


@dataclass(frozen=True)
class PoolResult:
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    generation: int

    def is_alive(self) -> bool:
        return self.process.poll() is None


class CypherPool:
    """``size`` worker processes, each holding the store at ``store_uri`` open read-only."""

    def __init__(self, store_uri: str, *, size: int, memory_mb: int) -> None:
        self.store_uri = store_uri
        self.size = size
        self.memory_bytes = memory_mb * 1024 * 1024
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._generation = 0
        self._closed = False
        self._start_error: str | None = None
        for _ in range(size):
            self._start_in_background()

    # -- running a query -------------------------------------------------------------------------

    def run(self, text: str, params: Mapping[str, Any], *, max_rows: int, timeout: float,
            wait: float = START_SECONDS) -> PoolResult:
        """Run one checked read-only statement in a worker; see the module docstring."""
        worker = self._take(wait)
        try:
            reply = self._ask(worker, (text, dict(params), max_rows, timeout), timeout + GRACE_SECONDS)
        except BaseException:
            self._replace(worker)
            raise
        self._give_back(worker)
        if reply[0] == "ok":
            return PoolResult(columns=reply[1], rows=reply[2])
        raise _error_from(reply[1], reply[2])

    def _take(self, wait: float) -> _Worker:
        deadline = time.monotonic() + wait
        while True:
            if self._start_error is not None and self._idle.empty():
                raise StoreError(f"/cypher is unavailable: {self._start_error}")
            try:
                worker = self._idle.get(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    raise WorkerBusy("every /cypher worker is busy; try again in a moment") from None
                continue
            if worker.is_alive():
                return worker
            self._replace(worker)  # died while idle (killed from outside): not this query's doing

    def _ask(self, worker: _Worker, request: tuple[Any, ...], limit: float) -> tuple[Any, ...]:
        try:
            worker.conn.send(request)
        except OSError:
            message = "the /cypher worker had gone away and is replaced; send the query again"
            raise QueryError(message) from None
        deadline = time.monotonic() + limit
        while not worker.conn.poll(POLL_SECONDS):
            if not worker.is_alive():
                raise QueryError(f"the query crashed the query engine ({_exit_reason(worker.process)}); "
                                 "it was stopped and the server goes on")
            used = _resident_bytes(worker.process.pid)
            if used > self.memory_bytes:
                _kill(worker)
                raise QueryError(f"the query used more than {self.memory_bytes // 2**20} MB of memory "
                                 "and was stopped")
            if time.monotonic() > deadline:
                _kill(worker)
                raise QueryError(f"the query ran longer than its {limit - GRACE_SECONDS:g}s timeout "
                                 "and was stopped")
        try:
            reply: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            _wait(worker.process, 1)
            raise QueryError(f"the query crashed the query engine ({_exit_reason(worker.process)}); "
                             "it was stopped and the server goes on") from None
        return reply

    # -- the workers -----------------------------------------------------------------------------

    def _give_back(self, worker: _Worker) -> None:
        if self._closed or worker.generation != self._generation:
            self._replace(worker)
        else:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        _stop(worker)
        if not self._closed:
            self._start_in_background()

    def refresh(self) -> None:
        """Workers see the graph as it was when they opened it: after a write, open it anew."""
        with self._lock:
            self._generation += 1
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            self._replace(worker)

    def _start_in_background(self) -> None:
        threading.Thread(target=self._start_logged, name="cypher-worker-start", daemon=True).start()

    def _start_logged(self) -> None:
        try:
            self._start()
        except OSError as exc:  # no process could be started: say so to the requests that wait
            self._start_error = f"a worker could not be started: {exc}"
            log.warning("/cypher %s", self._start_error)

    def _start(self) -> None:
        generation = self._generation
        # a fresh interpreter, not a fork of this threaded server; it talks over a socket pair
        parent_socket, child_socket = socket.socketpair()
        with parent_socket, child_socket:
            process = subprocess.Popen(
                [sys.executable, "-m", "kg.api.cypher_worker", str(child_socket.fileno()), self.store_uri],
                pass_fds=(child_socket.fileno(),), stdin=subprocess.DEVNULL, close_fds=True,
                env=_worker_environment(),
            )
            parent = Connection(os.dup(parent_socket.fileno()))
        worker = _Worker(process, parent, generation)
        if not parent.poll(START_SECONDS):
            _stop(worker)
            self._start_error = "a worker did not start in time"
            return
        try:
            hello = parent.recv()
        except (EOFError, OSError):
            _wait(process, 5)
            hello = ("error", "StoreError", f"a worker exited on start ({_exit_reason(process)})")
        if hello[0] != "ready":
            self._start_error = str(hello[2])
            log.warning("/cypher worker did not start: %s", hello[2])
            _stop(worker)
            return
        self._start_error = None
        self._give_back(worker)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                _stop(self._idle.get_nowait())
            except queue.Empty:
                return

    def __enter__(self) -> CypherPool:
        deadline = time.monotonic() + START_SECONDS
        while self._idle.qsize() < self.size and self._start_error is None and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _worker_environment() -> dict[str, str]:
    """This process's environment, with its import path: the worker imports the same ``kg``
    even where it was put on ``sys.path`` by hand (a checkout run without installing)."""
    path = os.pathsep.join(entry for entry in sys.path if entry)
    return {**os.environ, "PYTHONPATH": path}


def _error_from(kind: str, message: str) -> KGError:
    from kg import errors

    error_type = getattr(errors, kind, None)
    if isinstance(error_type, type) and issubclass(error_type, KGError):
        return error_type(message)
    return QueryError(message)


def _resident_bytes(pid: int | None) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return 0


def _exit_reason(process: subprocess.Popen[bytes]) -> str:
    code = process.poll()
    if code is not None and code < 0:
        return f"the worker died of {signal.Signals(-code).name}"
    return f"the worker exited with code {code}"


def _wait(process: subprocess.Popen[bytes], seconds: float) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(seconds)


def _kill(worker: _Worker) -> None:
    if worker.is_alive():
        worker.process.kill()
    _wait(worker.process, 5)


def _stop(worker: _Worker) -> None:
    """Ask a worker to end; kill it if it does not within a second."""
    try:
        if worker.is_alive():
            worker.conn.send(None)
            _wait(worker.process, 1)
    except (OSError, ValueError):
        pass
    _kill(worker)
    worker.conn.close()
