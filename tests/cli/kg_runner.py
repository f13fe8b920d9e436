"""Run the real ``kg`` console script in a subprocess, with its store in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def kg_command() -> list[str]:
    """The installed ``kg`` script beside this interpreter, else the same entry point via ``-c``."""
    script = Path(sys.executable).with_name("kg")
    if script.is_file():
        return [str(script)]
    found = shutil.which("kg")
    return [found] if found else [sys.executable, "-c", "from kg.cli import main; main()"]


@dataclass
class Run:
    """One finished ``kg`` invocation."""

    args: Sequence[str]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, f"kg {' '.join(self.args)} failed ({self.code}): {self.err}"
        return json.loads(self.out)


Kg = Callable[..., Run]


def run_kg(*args: str, store: Path | str | None = None, timeout: float = 300) -> Run:
    """``kg ARGS`` with ``KG_STORE=store``, wide plain output and a private data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update({"COLUMNS": "250", "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8"})
    if store is not None:
        env["KG_STORE"] = str(store)
        env["XDG_DATA_HOME"] = str(Path(store).parent / "xdg")
    proc = subprocess.run([*kg_command(), *args], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=timeout, check=False)
    return Run(args, proc.returncode, proc.stdout, proc.stderr)


def assert_one_line_error(run: Run, *fragments: str) -> None:
    """A failure the way the CLI promises it: non-zero exit, one ``error:`` line, no traceback."""
    assert run.code != 0, run.out
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), run.err
    assert "Traceback" not in run.err + run.out
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
