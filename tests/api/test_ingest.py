"""POST /ingest: off without a token, 401/403 without the right one, idempotent with it, and every
bad-input fixture of ``tests/loaders/bad_inputs.py`` answered with its issues, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import TOKEN, LiveServer, copy_store, start_server
from tests.loaders.bad_inputs import CASE_NAMES, FILE_CASES, Case, all_cases

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_PAPERS = [
    {
        "id": "2601.99901",
        "arxiv_id": "2601.99901",
        "title": "Prompting SAM for cardiac MRI segmentation on ACDC",
        "abstract": "We fine-tune the Segment Anything Model (SAM) for cardiac MRI segmentation. "
        "Experiments on the ACDC dataset report Dice scores.",
        "published": "2026-01-15",
    },
    {
        "id": "2601.99902",
        "arxiv_id": "2601.99902",
        "title": "U-Net baselines for brain tumour segmentation",
        "abstract": "We train a U-Net on BraTS 2020 brain MRI scans.",
        "published": "2026-01-20",
    },
]
BODY = "\n".join(json.dumps(p) for p in NEW_PAPERS) + "\n"


def test_writes_are_off_without_a_configured_token(client: httpx.Client) -> None:
    response = client.post("/ingest", content=BODY, headers=AUTH)
    assert response.status_code == 403
    assert "KG_API_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": "Bearer wrong-token-0123456789"}, 403),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403),
    ],
)
def test_missing_or_wrong_token_is_refused(
    writer_client: httpx.Client, headers: dict[str, str], status: int
) -> None:
    before = writer_client.get("/stats").json()
    response = writer_client.post("/ingest", content=BODY, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"]
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert writer_client.get("/stats").json() == before


def test_ingest_adds_papers_once(writer_client: httpx.Client) -> None:
    before = writer_client.get("/stats").json()
    response = writer_client.post("/ingest", content=BODY, headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["papers"] == 2 and report["issues"] == []
    after = writer_client.get("/stats").json()
    assert after["nodes"]["Paper"] == before["nodes"]["Paper"] + 2
    paper = writer_client.get("/papers/2601.99901").json()
    assert paper["title"] == NEW_PAPERS[0]["title"]
    assert paper["sources"] and all(s.startswith("api:ingest-") for s in paper["sources"])
    assert {e["name"] for e in paper["entities"] if e["label"] == "Dataset"} >= {"ACDC"}
    again = writer_client.post("/ingest", content=BODY, headers=AUTH)
    assert again.status_code == 200
    assert writer_client.get("/stats").json() == after, "ingesting the same body twice changes nothing"


def test_bad_records_are_reported_and_good_ones_load(writer_client: httpx.Client) -> None:
    good = {
        "id": "2601.99903",
        "title": "Federated nnU-Net for liver CT",
        "abstract": "We use nnU-Net on CT.",
    }
    body = "\n".join([json.dumps(good), "{not json", json.dumps({"title": 5})]) + "\n"
    report = writer_client.post("/ingest", content=body, headers=AUTH).json()
    assert report["papers"] == 1
    assert [issue["line"] for issue in report["issues"]] == [2, 3]
    assert all(issue["path"].startswith("api:ingest-") for issue in report["issues"])
    assert writer_client.get("/papers/2601.99903").status_code == 200


@pytest.mark.parametrize(
    ("body", "params", "status"),
    [
        ("", {}, 422),
        ("   \n", {}, 422),
        ("just some words, no listing", {}, 422),
        (BODY, {"format": "pdf"}, 422),
        (BODY, {"format": "../../etc"}, 422),
        (BODY, {"reference_date": "someday"}, 422),
    ],
)
def test_bad_bodies_and_parameters(
    writer_client: httpx.Client, body: str, params: dict[str, str], status: int
) -> None:
    response = writer_client.post("/ingest", content=body, params=params, headers=AUTH)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


@pytest.fixture(scope="module")
def small_writer(api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("api-small") / "graph.lbug")
    live = start_server(path, api_token=TOKEN, ingest_max_bytes=1000)
    yield live
    live.stop()


def test_oversized_body_is_413(small_writer: LiveServer) -> None:
    with small_writer.client() as http:
        response = http.post("/ingest", content=BODY * 5, headers=AUTH)
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]


def test_reads_while_ingesting_all_succeed(writer: LiveServer) -> None:
    """Reads share the store and an ingest takes it alone: nothing fails, every read is whole."""
    body = "\n".join(
        json.dumps(
            {
                "id": f"2602.{i:05d}",
                "title": f"Concurrent study {i} of U-Net on ACDC",
                "abstract": "We train U-Net on ACDC cardiac MRI.",
            }
        )
        for i in range(20)
    )

    def read(i: int) -> int:
        with writer.client() as http:
            path = ("/stats", "/papers?limit=50", "/search?q=unet", "/graph/overview?limit=100")[i % 4]
            return http.get(path).status_code

    with writer.client() as http, ThreadPoolExecutor(max_workers=6) as pool:
        before = http.get("/stats").json()["nodes"]["Paper"]
        reads = [pool.submit(read, i) for i in range(40)]
        ingest = pool.submit(lambda: http.post("/ingest", content=body, headers=AUTH))
        reads += [pool.submit(read, i) for i in range(40)]
        assert ingest.result().status_code == 200
        assert [r.result() for r in reads] == [200] * len(reads)
        assert http.get("/stats").json()["nodes"]["Paper"] == before + 20


@pytest.fixture(scope="module")
def bad_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """Every bad-input fixture a client can send as a body (no FIFO, device, folder or 256 MB file)."""
    cases = all_cases(tmp_path_factory.mktemp("bad-bodies"))
    return {case.name: case for case in cases if case.sendable}


@pytest.fixture(scope="module")
def bad_input_writer(
    api_sample_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    """A writable server of its own: the fixtures' papers must not change other tests' counts."""
    path = copy_store(api_sample_store, tmp_path_factory.mktemp("api-bad-input") / "graph.lbug")
    live = start_server(path, api_token=TOKEN)
    with live.client() as http:
        yield http
    live.stop()


#: every case but the files no client can send (their ``sendable`` flag is the last field)
SENDABLE = [name for name in CASE_NAMES if all(name != n or sendable for n, *_, sendable in FILE_CASES)]


@pytest.mark.parametrize("name", SENDABLE)
def test_every_bad_input_fixture_is_reported_never_a_500(
    bad_input_writer: httpx.Client, bad_cases: dict[str, Case], name: str
) -> None:
    case = bad_cases[name]
    params = {"format": case.format} if case.format else {}
    before = bad_input_writer.get("/stats").json()["nodes"]["Paper"]
    response = bad_input_writer.post("/ingest", content=case.path.read_bytes(), params=params, headers=AUTH)
    after = bad_input_writer.get("/stats").json()["nodes"]["Paper"]
    if case.file_level:
        # a body that is no listing at all: refused as a whole, naming the body, not a temporary file
        assert response.status_code == 422, response.text
        assert case.bad[0] in response.json()["detail"]
        assert response.json()["detail"].startswith("api:ingest-")
        assert after == before
        return
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["papers"] == case.good
    reported = {issue["line"]: issue["reason"] for issue in report["issues"]}
    assert sorted(reported) == sorted(case.bad), report["issues"]
    for line, fragment in case.bad.items():
        assert fragment in reported[line], reported[line]
    assert all(issue["path"].startswith("api:ingest-") for issue in report["issues"])
    assert after == before + case.good
