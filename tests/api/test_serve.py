"""``kg serve`` end to end: a real process, a real port, one clear line when it cannot start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import copy_store

KG = [sys.executable, "-c", "from kg.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(extra)
    return env


def test_kg_serve_answers_over_http(api_sample_store: Path, tmp_path: Path) -> None:
    path = copy_store(api_sample_store, tmp_path / "graph.lbug")
    port = _free_port()
    process = subprocess.Popen(
        [*KG, "serve", "--store", str(path), "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "kg serve did not start listening"
                time.sleep(0.2)
        assert stats.status_code == 200 and stats.json()["nodes"]["Paper"] > 0
        refused = httpx.post(f"http://127.0.0.1:{port}/ingest", content="{}", timeout=5)
        assert refused.status_code == 403, "no KG_API_TOKEN: writes are off"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert f"serving {path}" in err and "read-only" in err


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--store", "{tmp}/missing.lbug"], {}, "no graph store at"),
        (["--store", "{tmp}"], {}, "is a folder"),
        (["--store", "{tmp}/g.lbug"], {"KG_CYPHER_TIMEOUT": "0"}, "KG_CYPHER_TIMEOUT"),
        (["--store", "{tmp}/g.lbug", "--port", "0"], {}, "--port"),
    ],
)
def test_kg_serve_fails_with_one_clear_line(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run([*KG, "serve", *argv], capture_output=True, text=True, env=_env(**env), timeout=60)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
