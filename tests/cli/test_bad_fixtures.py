"""``kg build`` over every bad-input fixture at once: good records kept, each bad one one report line.

One real build loads a good companion listing and all the fixtures of
``tests/loaders/bad_inputs.py`` together (FIFO, ``/dev/zero``, a folder and a missing file among
them), on a terminal 40 columns wide: every ``skipped file:line: reason`` line must arrive whole.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from kg_runner import REPO, Run, assert_one_line_error, kg_command, run_kg

from tests.loaders.bad_inputs import CASE_NAMES, COMPANION, Case, all_cases, companion

#: narrower than any report line, so rich would wrap them if it were allowed to
NARROW_COLUMNS = "40"
#: strict mode is checked for every fixture by the loader tests; here one of each kind
STRICT_CASES = [
    "empty_title.jsonl", "upvotes_over_int64.jsonl", "arxiv_punctuation_title.md", "hf_huge_upvotes.txt",
    "deep.jsonl", "fifo", "dev-zero", "huge", "prose", "missing",
]  # fmt: skip


@dataclass
class Built:
    store: Path
    run: Run
    cases: dict[str, Case]
    companion: Path
    #: the ``sources`` of every Paper node in the built store
    sources: list[list[str]]


def run_narrow(*args: str, store: Path) -> Run:
    """``kg ARGS`` the way :func:`kg_runner.run_kg` runs it, but on a 40-column terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update({"COLUMNS": NARROW_COLUMNS, "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8",
                "KG_STORE": str(store), "XDG_DATA_HOME": str(store.parent / "xdg")})  # fmt: skip
    proc = subprocess.run([*kg_command(), *args], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=600, check=False)  # fmt: skip
    return Run(args, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("bad-fixtures")
    cases = {case.name: case for case in all_cases(folder / "generated")}
    good = companion(folder)
    store = folder / "store" / "graph.lbug"
    store.parent.mkdir()
    run = run_narrow("build", str(good), *(str(case.path) for case in cases.values()), store=store)
    assert run.code == 0, run.err
    query = run_kg("query", "--format", "json", "MATCH (p:Paper) RETURN p.sources AS sources", store=store)
    return Built(store, run, cases, good, [row["sources"] for row in query.json()])


def report_lines(run: Run, path: Path) -> list[str]:
    """The report lines of ``path``: ``skipped PATH:LINE: reason``, or ``skipped PATH: reason``."""
    return [line for line in run.err.splitlines() if line.startswith(f"skipped {path}:")]


def papers_from(built: Built, path: Path) -> int:
    return sum(1 for sources in built.sources if any(s.rsplit(":", 1)[0] == str(path) for s in sources))


def test_the_build_succeeds_without_a_traceback(built: Built) -> None:
    assert "Traceback" not in built.run.err + built.run.out
    bad = sum(len(case.bad) for case in built.cases.values())
    assert f"{bad} bad record(s) skipped" in built.run.out.splitlines()[0]
    papers = len(COMPANION) + sum(case.good for case in built.cases.values())
    assert f"{papers} papers loaded, {bad} bad record(s) skipped" in built.run.err.splitlines()
    assert papers_from(built, built.companion) == len(COMPANION)
    assert len(built.sources) == len(COMPANION) + sum(case.good for case in built.cases.values())


@pytest.mark.parametrize("name", CASE_NAMES)
def test_good_records_are_written_and_each_bad_one_reported_on_one_line(built: Built, name: str) -> None:
    case = built.cases[name]
    assert papers_from(built, case.path) == case.good
    lines = report_lines(built.run, case.path)
    assert len(lines) == len(case.bad), built.run.err
    for line, fragment in case.bad.items():
        where = f"skipped {case.path}:{line}: " if line else f"skipped {case.path}: "
        [reported] = [text for text in lines if text.startswith(where)]
        assert fragment in reported, reported


@pytest.fixture(scope="module")
def companion_store(built: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    store = tmp_path_factory.mktemp("strict") / "graph.lbug"
    assert run_kg("build", str(built.companion), store=store).code == 0
    return store, run_kg("stats", "--format", "json", store=store).json()


@pytest.mark.parametrize("name", STRICT_CASES)
def test_strict_writes_nothing(built: Built, companion_store: tuple[Path, object], name: str) -> None:
    store, before = companion_store
    case = built.cases[name]
    strict = run_narrow("build", "--strict", str(built.companion), str(case.path), store=store)
    assert_one_line_error(strict, "nothing written", str(case.path))
    assert run_kg("stats", "--format", "json", store=store).json() == before
