"""The /cypher attack suite: every entry of ``data/cypher_attacks.yaml`` through real HTTP.

The app runs in its own process (the real app over a copy of the sample store, served by uvicorn
the way ``kg serve`` does), so an attack that crashes the engine shows up as a dead server and a
failed test, not as a dead test run; a watchdog kills it if its process tree grows past
:data:`MAX_RSS` bytes. Both ways the API holds its store are attacked: read-only (no token) and
writable (a token is set, so ``/cypher`` alone must keep the store read-only).

After every entry: the status is the expected one, the answer carries no file contents, no file
appeared in the scratch folder the attacks aim at nor in the store's folder, ``GET /health``
answers 200, and — unless it was refused as expected — the graph's counts are those the server
started with. After every class the counts and files are checked once more, with "no node named
pwned" and "the server never had to be restarted in this class".
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.api.conftest import TOKEN, copy_store

ATTACKS_FILE = Path(__file__).parent / "data" / "cypher_attacks.yaml"

#: the server's whole process tree (app and any query workers) is killed above this resident size
MAX_RSS = 3 * 1024**3
#: seconds the server gets per /cypher query (KG_CYPHER_TIMEOUT); the client waits a bit longer
CYPHER_TIMEOUT = 2.0
REQUEST_TIMEOUT = 20.0

SECRET_MARKER = "medimg-kg-secret-7f3c9a1e-not-for-clients"
#: text that only a file read can put into an answer
LEAK_MARKERS = ("root:x:0:0", "daemon:x:", "/usr/sbin/nologin", SECRET_MARKER)

_REPEAT = re.compile(r"<<(\d+)\*(.*?)>>", re.S)

# uvicorn on a socket bound to a free port, the port printed first (no race for the port)
SERVER_SCRIPT = """
import socket, sys
import uvicorn
from kg.api import create_app, load_settings
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
app = create_app(load_settings(store=sys.argv[1]))
config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
uvicorn.Server(config).run(sockets=[sock])
"""


@dataclass(frozen=True)
class Attack:
    """One entry of the attack file."""

    klass: str
    name: str
    query: str
    params: dict[str, Any]
    expect: str  # "refused" or "harmless"
    statuses: tuple[int, ...]  # the statuses a refusal may answer with

    @property
    def id(self) -> str:
        return f"{self.klass}/{self.name}"


def load_attacks(path: Path = ATTACKS_FILE) -> list[Attack]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    attacks = []
    for klass, entries in data.items():
        for entry in entries:
            unknown = set(entry) - {"name", "query", "params", "expect", "status"}
            assert not unknown, f"{klass}/{entry.get('name')}: unknown keys {unknown}"
            assert entry["expect"] in {"refused", "harmless"}, entry
            attacks.append(
                Attack(
                    klass=klass,
                    name=str(entry["name"]),
                    query=str(entry["query"]),
                    params=dict(entry.get("params") or {}),
                    expect=entry["expect"],
                    statuses=_statuses(entry.get("status", 400)),
                )
            )
    return attacks


def _statuses(value: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in value) if isinstance(value, list) else (int(value),)


ATTACKS = load_attacks()
CLASSES = list(dict.fromkeys(attack.klass for attack in ATTACKS))


def expand(text: str, places: dict[str, str]) -> str:
    """``<<N*TEXT>>`` repeated, then the ``{scratch}``-style placeholders filled in."""
    text = _REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), text)
    for key, value in places.items():
        text = text.replace("{" + key + "}", value)
    return text


def expand_value(value: Any, places: dict[str, str]) -> Any:
    if isinstance(value, str):
        return expand(value, places)
    if isinstance(value, list):
        return [expand_value(v, places) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$repeat"}:
            item, count = value["$repeat"]
            return [expand_value(item, places)] * int(count)
        return {expand(str(k), places): expand_value(v, places) for k, v in value.items()}
    return value


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (0 once gone)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match.group(1)) * 1024 if match else 0
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue
    return total


@dataclass
class Target:
    """The app in its own process over ``store``, restartable after an attack kills it."""

    mode: str
    store: Path
    pristine: Path
    scratch: Path
    process: subprocess.Popen[str] | None = None
    base_url: str = ""
    http: httpx.Client | None = None
    restarts: dict[str, int] = field(default_factory=dict)
    memory_kills: list[int] = field(default_factory=list)
    _watchdog_stop: threading.Event = field(default_factory=threading.Event)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env["KG_CYPHER_TIMEOUT"] = str(CYPHER_TIMEOUT)
        if self.mode == "writable":
            env["KG_API_TOKEN"] = TOKEN
        return env

    def start(self) -> None:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER_SCRIPT, str(self.store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=self.env(),
            start_new_session=True,  # its query workers die with it (killpg)
        )
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        if not port.isdigit():
            process.kill()
            process.wait(timeout=30)
            raise RuntimeError(f"the API server did not start over {self.store}")
        self.process, self.base_url = process, f"http://127.0.0.1:{port}"
        if self.http is not None:
            self.http.close()
        self.http = httpx.Client(base_url=self.base_url, timeout=REQUEST_TIMEOUT)
        deadline = time.monotonic() + 60
        while not self.healthy():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the API server over {self.store} did not answer /health")
            time.sleep(0.05)
        self._watchdog_stop = threading.Event()
        threading.Thread(target=self._watch, args=(process, self._watchdog_stop), daemon=True).start()

    def _watch(self, process: subprocess.Popen[str], stop: threading.Event) -> None:
        while not stop.wait(0.05):
            if process.poll() is not None:
                return
            rss = tree_rss(process.pid)
            if rss > MAX_RSS:
                self.memory_kills.append(rss)
                self._kill(process)
                return

    @staticmethod
    def _kill(process: subprocess.Popen[str]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        self._watchdog_stop.set()
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._kill(self.process)
        self.process = None
        if self.http is not None:
            self.http.close()
            self.http = None

    def restart(self, klass: str) -> None:
        """After a crash or a hang: a fresh server, over a fresh copy if the old store will not open."""
        self.restarts[klass] = self.restarts.get(klass, 0) + 1
        self._watchdog_stop.set()
        if self.process is not None and self.process.poll() is None:
            self._kill(self.process)
        try:
            self.start()
        except RuntimeError:
            for sibling in self.store.parent.glob(self.store.name + "*"):
                sibling.unlink()
            copy_store(self.pristine, self.store)
            self.start()

    def healthy(self) -> bool:
        try:
            return self.client().get("/health", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None and self.healthy()

    def client(self) -> httpx.Client:
        assert self.http is not None, "the server was never started"
        return self.http

    def get(self, path: str) -> httpx.Response:
        return self.client().get(path)

    def cypher(self, query: str, params: dict[str, Any] | None = None) -> httpx.Response:
        return self.client().post("/cypher", json={"query": query, "params": params or {}})


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@dataclass
class Arena:
    """A target and what it must still look like after any attack."""

    target: Target
    places: dict[str, str]
    stats: dict[str, Any]
    store_files: set[str]


def _stats(target: Target) -> dict[str, Any]:
    response = target.get("/stats")
    assert response.status_code == 200, response.text
    stats: dict[str, Any] = response.json()
    return stats


@pytest.fixture(scope="module", params=["writable", "read-only"])
def arena(
    request: pytest.FixtureRequest, api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Arena]:
    mode = request.param
    root = tmp_path_factory.mktemp(f"attacks-{mode}")
    store = copy_store(api_sample_store, root / "store" / "graph.lbug")
    pristine = copy_store(api_sample_store, root / "pristine" / "graph.lbug")
    scratch = root / "scratch"
    scratch.mkdir()
    secret = root / "secret" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET_MARKER}|1\n{SECRET_MARKER}|2\n", encoding="utf-8")
    target = Target(mode=mode, store=store, pristine=pristine, scratch=scratch)
    target.start()
    try:
        warm = target.cypher("MATCH (p:Paper) RETURN count(p) AS n")
        assert warm.status_code == 200 and warm.json()["rows"][0][0] > 0, warm.text
        places = {"scratch": str(scratch), "store_dir": str(store.parent), "secret": str(secret)}
        yield Arena(target, places, _stats(target), listing(store.parent))
    finally:
        target.stop()


def _leaks(text: str) -> list[str]:
    return [marker for marker in LEAK_MARKERS if marker in text]


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.id for attack in ATTACKS])
def test_attack(arena: Arena, attack: Attack) -> None:
    target = arena.target
    if not target.alive():
        target.restart(attack.klass)
    query = expand(attack.query, arena.places)
    params = expand_value(attack.params, arena.places)
    problems: list[str] = []
    try:
        response: httpx.Response | None = target.cypher(query, params)
    except httpx.TransportError as exc:
        response = None
        problems.append(f"no answer ({type(exc).__name__}): the server hung or died")
        target.restart(attack.klass)  # a hung query would hold the store for the next attacks
    if response is not None:
        status = response.status_code
        if attack.expect == "refused" and status not in attack.statuses:
            problems.append(f"expected {attack.statuses} (refused), got {status}: {response.text[:300]}")
        if attack.expect == "harmless" and status not in {200, 400}:
            problems.append(f"expected 200 or 400, got {status}: {response.text[:300]}")
        if status != 200:
            detail = response.json().get("detail") if _is_json(response) else None
            if not (isinstance(detail, str) and detail.strip()):
                problems.append(f"a {status} answer without a detail message: {response.text[:300]}")
        if leaked := _leaks(response.text):
            problems.append(f"the answer carries file contents: {leaked}")
    if target.memory_kills:
        problems.append(f"the server grew to {target.memory_kills[-1] / 1024**3:.1f} GB and was killed")
        target.memory_kills.clear()
    if not target.alive():
        problems.append("the server is dead after the attack (GET /health does not answer 200)")
        target.restart(attack.klass)
    # a refusal ran nothing: its counts are checked with its class (test_class_leaves_no_trace)
    refused_as_expected = response is not None and response.status_code in attack.statuses
    if not (attack.expect == "refused" and refused_as_expected) and (stats := _stats(target)) != arena.stats:
        problems.append(f"the graph's counts changed: {stats} != {arena.stats}")
    if appeared := listing(target.scratch):
        problems.append(f"files appeared in the scratch folder: {sorted(appeared)}")
    if appeared := listing(target.store.parent) - arena.store_files:
        problems.append(f"files appeared beside the store: {sorted(appeared)}")
    assert not problems, f"{attack.id} ({target.mode} store): {query[:200]!r}\n" + "\n".join(problems)


def _is_json(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    return content_type.startswith("application/json")


@pytest.mark.parametrize("klass", CLASSES)
def test_class_leaves_no_trace(arena: Arena, klass: str) -> None:
    """Runs after the class's attacks on the same server: still up, counts as at the start, no
    marker node, no file, and no restart was needed."""
    target = arena.target
    assert target.restarts.get(klass, 0) == 0, f"{klass}: the server died or hung {target.restarts[klass]}x"
    assert target.alive()
    assert _stats(target) == arena.stats
    pwned = target.cypher("MATCH (m:Model) WHERE m.name STARTS WITH 'pwned' RETURN count(m) AS n")
    assert pwned.status_code == 200 and pwned.json()["rows"] == [[0]], pwned.text
    assert not listing(target.scratch)
    assert listing(target.store.parent) == arena.store_files


def test_attack_file_is_big_and_covers_every_class() -> None:
    assert len(ATTACKS) >= 150
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS), "names are unique within a class"
    counts = {klass: sum(a.klass == klass for a in ATTACKS) for klass in CLASSES}
    assert set(counts) >= {
        "writes",
        "file_network",
        "table_functions",
        "settings",
        "transactions",
        "comments_strings",
        "glued_tokens",
        "unicode",
        "multi_statement",
        "resource_abuse",
        "procedures",
        "parameters",
    }
    assert min(counts.values()) >= 10, counts
    # every file-touching attack aims at a watched folder, never at a shared path
    for attack in ATTACKS:
        for path in re.findall(r"TO\s+['\"]([^'\"]+)", attack.query):
            assert path.startswith(("{scratch}", "{store_dir}")), attack.id


def test_expand_fills_placeholders_and_repeats() -> None:
    places = {"scratch": "/s"}
    assert expand("<<3*(>>1<<3*)>> '{scratch}/x'", places) == "(((1))) '/s/x'"
    assert expand_value({"<<2*a>>": {"$repeat": ["{scratch}", 2]}}, places) == {"aa": ["/s", "/s"]}
