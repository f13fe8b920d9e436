"""GET /search, /graph/neighborhood, /graph/overview, /trends, /stats, /health over the sample graph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

Rows = Callable[..., list[list[Any]]]


@pytest.fixture(scope="module")
def busiest_model(rows: Rows) -> tuple[str, int]:
    name, papers = rows(
        "MATCH (m:Model)<--(p:Paper) WITH m, count(DISTINCT p) AS n "
        "RETURN m.name, n ORDER BY n DESC, m.name LIMIT 1"
    )[0]
    return name, papers


def test_stats_count_every_label_and_type(client: httpx.Client, rows: Rows) -> None:
    stats = client.get("/stats").json()
    assert stats["nodes"]["Paper"] == rows("MATCH (p:Paper) RETURN count(p)")[0][0] > 0
    assert (
        stats["relationships"]["USES_DATASET"] == rows("MATCH ()-[r:USES_DATASET]->() RETURN count(r)")[0][0]
    )
    assert {"Model", "Dataset", "Venue", "CodeRepository"} <= set(stats["nodes"])


def test_health(client: httpx.Client) -> None:
    assert client.get("/health").json()["status"] == "ok"


def test_search_puts_the_exact_entity_first(client: httpx.Client, busiest_model: tuple[str, int]) -> None:
    name, papers = busiest_model
    answer = client.get("/search", params={"q": name.lower()}).json()
    assert answer["query"] == name.lower()
    first = answer["results"][0]
    assert first == {
        **first,
        "kind": "entity",
        "id": f"Model:{name}",
        "label": "Model",
        "name": name,
        "papers": papers,
    }


def test_search_finds_papers_by_title(client: httpx.Client, rows: Rows) -> None:
    pid, title = rows("MATCH (p:Paper) RETURN p.id, p.title ORDER BY p.id DESC LIMIT 1")[0]
    answer = client.get("/search", params={"q": title, "limit": 50}).json()
    papers = [r for r in answer["results"] if r["kind"] == "paper"]
    assert {"kind": "paper", "id": f"Paper:{pid}", "label": "Paper", "key": pid, "title": title}.items() <= (
        next(r for r in papers if r["key"] == pid).items()
    )


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 201}, {"q": "sam", "limit": 0}])
def test_bad_search_is_422(client: httpx.Client, params: dict[str, Any]) -> None:
    assert client.get("/search", params=params).status_code == 422


def test_neighborhood_of_a_paper(client: httpx.Client, rows: Rows) -> None:
    pid = rows("MATCH (p:Paper)-[r]->() WITH p, count(r) AS n RETURN p.id ORDER BY n DESC, p.id LIMIT 1")[0][
        0
    ]
    view = client.get("/graph/neighborhood", params={"node": pid, "depth": 1}).json()
    ids = {n["id"] for n in view["nodes"]}
    assert f"Paper:{pid}" in ids
    linked = rows("MATCH (p:Paper {id: $id})-[r]-(m) RETURN count(r)", id=pid)[0][0]
    assert len(view["edges"]) == linked and not view["truncated"]
    for edge in view["edges"]:
        assert edge["source"] in ids and edge["target"] in ids
        assert edge["id"] == f"{edge['source']}-{edge['type']}->{edge['target']}"
    paper = next(n for n in view["nodes"] if n["id"] == f"Paper:{pid}")
    assert paper["caption"] and "abstract" not in paper["properties"]


def test_neighborhood_depth_limit_and_labels(client: httpx.Client, busiest_model: tuple[str, int]) -> None:
    name, papers = busiest_model
    one = client.get("/graph/neighborhood", params={"node": f"Model:{name}", "depth": 1}).json()
    assert sum(1 for n in one["nodes"] if n["label"] == "Paper") == papers
    two = client.get("/graph/neighborhood", params={"node": f"Model:{name}", "depth": 2}).json()
    assert len(two["nodes"]) > len(one["nodes"])
    capped = client.get(
        "/graph/neighborhood", params={"node": f"Model:{name}", "depth": 2, "limit": 3}
    ).json()
    assert len(capped["nodes"]) == 3 and capped["truncated"]
    only = client.get(
        "/graph/neighborhood", params={"node": f"Model:{name}", "depth": 2, "labels": "Dataset"}
    ).json()
    assert {n["label"] for n in only["nodes"]} <= {"Model", "Paper", "Dataset"}


def test_overview_is_bounded(client: httpx.Client) -> None:
    view = client.get("/graph/overview", params={"limit": 50}).json()
    assert 0 < len(view["nodes"]) <= 50
    ids = {n["id"] for n in view["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    assert view["edges"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"node": "Paper:0000.00000"}, 404),
        ({"node": "Model:No Such Model 42"}, 404),
        ({}, 422),
        ({"node": "Model:SAM", "depth": 4}, 422),
        ({"node": "Model:SAM", "depth": 0}, 422),
        ({"node": "Model:SAM", "labels": "Nope"}, 422),
        ({"node": "Model:SAM", "limit": 0}, 422),
    ],
)
def test_bad_neighborhood_requests(client: httpx.Client, params: dict[str, Any], status: int) -> None:
    response = client.get("/graph/neighborhood", params=params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_trends_count_papers_per_month(
    client: httpx.Client, rows: Rows, busiest_model: tuple[str, int]
) -> None:
    name, _ = busiest_model
    dated = rows(
        "MATCH (p:Paper)-->(m:Model {name: $n}) WHERE p.published IS NOT NULL RETURN count(DISTINCT p)",
        n=name,
    )[0][0]
    answer = client.get("/trends", params={"entity": f"Model:{name}"}).json()
    (series,) = answer["series"]
    assert series["entity"] == f"Model:{name}"
    assert sum(c["papers"] for c in series["counts"]) == dated
    months = [c["month"] for c in series["counts"]]
    assert months == sorted(months)


def test_trends_default_to_the_top_entities(client: httpx.Client, busiest_model: tuple[str, int]) -> None:
    answer = client.get("/trends", params={"label": "Model", "top": 3}).json()
    assert len(answer["series"]) == 3
    assert answer["series"][0]["entity"] == f"Model:{busiest_model[0]}"
    lengths = {len(s["counts"]) for s in answer["series"]}
    assert len(lengths) == 1, "every series shares one month axis"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"entity": "SAM"}, 422),
        ({"entity": "Paper:x"}, 422),
        ({"entity": "Model:No Such Model 42"}, 404),
        ({"top": 0}, 422),
        ({"label": "Paper"}, 422),
    ],
)
def test_bad_trends_requests(client: httpx.Client, params: dict[str, Any], status: int) -> None:
    assert client.get("/trends", params=params).status_code == status
