"""docker-compose.yml: Neo4j 5.26 Community with a healthcheck, a named volume and a password taken
from the environment only (needed to start, not to stop), the API starting once Neo4j is healthy;
the Dockerfile serves it. The start script and the healthcheck run here under ``sh``.

``docker compose config`` (no engine needed) validates the file where the Compose plugin exists;
the content checks run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def _docker_compose() -> str:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("the docker CLI is not installed")
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, timeout=30,
                           check=False)
    if probe.returncode != 0:
        pytest.skip("the docker CLI has no Compose plugin (docker compose): install docker-compose-plugin")
    return docker


def _config(docker: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    return subprocess.run([docker, "compose", "-f", str(COMPOSE), "config"], capture_output=True, text=True,
                          timeout=60, check=False, env={**clean, **env}, cwd=ROOT)


def test_docker_compose_config_accepts_the_file() -> None:
    docker = _docker_compose()
    done = _config(docker, {"NEO4J_PASSWORD": "not-a-real-secret"})
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)
    assert resolved["services"]["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/not-a-real-secret"


def test_docker_compose_stop_and_down_need_no_password() -> None:
    docker = _docker_compose()
    done = _config(docker, {})
    assert done.returncode == 0, done.stderr


def _entrypoint(compose: dict[str, Any]) -> str:
    """The neo4j service's start script as the container's shell gets it ($$ is compose's $)."""
    entrypoint = compose["services"]["neo4j"]["entrypoint"]
    assert entrypoint[:2] == ["/bin/sh", "-c"]
    return str(entrypoint[2]).replace("$$", "$")


@pytest.mark.parametrize(("password", "starts"), [("", False), ("short", False), ("long-enough-1", True)])
def test_neo4j_refuses_to_start_without_a_real_password(
    compose: dict[str, Any], password: str, starts: bool
) -> None:
    script = _entrypoint(compose).replace("exec /startup/docker-entrypoint.sh neo4j", 'echo "$NEO4J_AUTH"')
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=30, check=False,
                          env={"NEO4J_PASSWORD": password, "PATH": os.environ.get("PATH", "")})
    if starts:
        assert done.returncode == 0 and done.stdout.strip() == f"neo4j/{password}"
    else:
        assert done.returncode != 0 and "set NEO4J_PASSWORD" in done.stderr


def test_a_failing_healthcheck_after_a_password_change_says_why(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    check = str(compose["services"]["neo4j"]["healthcheck"]["test"][1]).replace("$$", "$")
    refusing = tmp_path / "cypher-shell"  # answers as Neo4j does to a wrong password
    refusing.write_text('#!/bin/sh\necho "The client is unauthorized due to authentication failure."\n'
                        "exit 1\n")
    refusing.chmod(0o755)
    path = f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(["sh", "-c", check], capture_output=True, text=True, timeout=30, check=False,
                          env={"NEO4J_PASSWORD": "changed-password", "PATH": path})
    assert done.returncode == 1
    assert "keeps the password it was created with" in done.stdout and "down -v" in done.stdout


def test_neo4j_is_5_community_with_healthcheck_and_a_named_volume(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26\.\d+-community", neo4j["image"])  # pinned: the LTS line
    health = neo4j["healthcheck"]
    assert "cypher-shell" in " ".join(health["test"]) and health["retries"] >= 10
    volume, _, target = neo4j["volumes"][0].partition(":")
    assert target == "/data" and volume in compose["volumes"]  # a named volume, not a bind mount
    assert {"127.0.0.1:7687:7687", "127.0.0.1:7474:7474"} <= set(neo4j["ports"])


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_the_password_comes_from_the_environment_with_no_default(compose: dict[str, Any]) -> None:
    assert compose["services"]["neo4j"]["environment"]["NEO4J_PASSWORD"] == "${NEO4J_PASSWORD-}"
    assert compose["services"]["api"]["environment"]["NEO4J_PASSWORD"] == "${NEO4J_PASSWORD-}"
    # compose's own interpolations ($$ is a literal $ for the container's shell)
    uses = [m for s in _strings(compose) for m in re.findall(r"(?<!\$)\$\{NEO4J_PASSWORD([^}]*)\}", s)]
    assert uses and all(m == "-" for m in uses)  # never a `:-default`
    assert "NEO4J_AUTH" not in compose["services"]["neo4j"]["environment"]  # built from it at start
    assert all(s.lower() != "none" for s in _strings(compose["services"]["neo4j"]["environment"]))


def test_no_plugin_is_promised(compose: dict[str, Any]) -> None:
    environment = compose["services"]["neo4j"]["environment"]
    assert not any(name.startswith("NEO4J_PLUGINS") for name in environment)
    for doc in ("README.md", "docs/neo4j.md"):
        for line in (ROOT / doc).read_text(encoding="utf-8").splitlines():
            if re.search(r"Bloom|GDS|Graph Data Science|APOC", line):
                assert re.search(r"\bno\b", line), f"{doc} promises a plugin compose does not set up: {line}"


def test_the_api_waits_for_a_healthy_neo4j_and_serves_it(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert api["build"] == "."
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "'.[api,neo4j]'" in dockerfile
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, flags=re.MULTILINE)
    assert cmd is not None
    assert yaml.safe_load(cmd.group(1)) == ["kg", "serve", "--host", "0.0.0.0", "--port", "8000",
                                            "--store", "bolt://neo4j:7687"]
