"""GET /papers, /papers/{id}, /papers/{id}/shared-datasets over the sample graph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

Rows = Callable[..., list[list[Any]]]


@pytest.fixture(scope="module")
def sharing_paper(client: httpx.Client, rows: Rows) -> dict[str, Any]:
    """The paper sharing datasets with the most other papers, and those papers per the graph."""
    found = rows(
        "MATCH (p:Paper)-[:USES_DATASET|PROPOSES]->(d:Dataset)<-[:USES_DATASET|PROPOSES]-(o:Paper) "
        "WHERE o.id <> p.id RETURN p.id AS id, p.arxiv_id AS arxiv_id, collect(DISTINCT o.id) AS others "
        "ORDER BY size(others) DESC, id LIMIT 1",
    )
    assert found, "the sample graph has papers sharing a dataset"
    pid, arxiv_id, others = found[0]
    return {"id": pid, "arxiv_id": arxiv_id, "others": set(others)}


def test_papers_page_is_bounded_and_newest_first(client: httpx.Client, rows: Rows) -> None:
    total = rows("MATCH (p:Paper) RETURN count(p)")[0][0]
    page = client.get("/papers", params={"limit": 5}).json()
    assert page["total"] == total > 5
    assert page["limit"] == 5 and len(page["items"]) == 5
    dates = [item["published"] or "" for item in page["items"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get("/papers", params={"limit": 5, "offset": 5}).json()
    assert not {i["id"] for i in page["items"]} & {i["id"] for i in second["items"]}


def test_page_limit_is_clamped_to_the_server_maximum(client: httpx.Client) -> None:
    page = client.get("/papers", params={"limit": 1000}).json()
    assert page["limit"] == 200 and len(page["items"]) <= 200


@pytest.mark.parametrize(
    ("param", "label", "relationships"),
    [
        ("model", "Model", "USES|PROPOSES"),
        ("dataset", "Dataset", "USES_DATASET|PROPOSES"),
        ("modality", "Modality", "HAS_MODALITY"),
        ("task", "Task", "ADDRESSES"),
        ("anatomy", "Anatomy", "STUDIES"),
    ],
)
def test_entity_filter_matches_the_graph(
    client: httpx.Client, rows: Rows, param: str, label: str, relationships: str
) -> None:
    name, expected = rows(
        f"MATCH (p:Paper)-[:{relationships}]->(e:{label}) WITH e, collect(DISTINCT p.id) AS ids "
        "RETURN e.name, ids ORDER BY size(ids) DESC, e.name LIMIT 1",
    )[0]
    page = client.get("/papers", params={param: name, "limit": 200}).json()
    assert page["total"] == len(expected)
    assert {item["id"] for item in page["items"]} == set(expected)


def test_filters_combine_and_dates_bound_the_range(client: httpx.Client, rows: Rows) -> None:
    dated = rows("MATCH (p:Paper) WHERE p.published IS NOT NULL RETURN p.published ORDER BY p.published")
    dates = [r[0] for r in dated]
    middle = dates[len(dates) // 2]
    page = client.get("/papers", params={"from": middle, "limit": 200}).json()
    assert page["total"] == sum(1 for d in dates if d >= middle)
    assert all(item["published"] >= middle for item in page["items"])
    both = client.get("/papers", params={"from": middle, "to": middle, "limit": 200}).json()
    assert {item["published"] for item in both["items"]} == {middle}


def test_text_search_looks_at_titles(client: httpx.Client, rows: Rows) -> None:
    title = rows("MATCH (p:Paper) RETURN p.title ORDER BY p.id LIMIT 1")[0][0]
    word = max(title.split(), key=len)
    page = client.get("/papers", params={"q": word.upper(), "limit": 200}).json()
    assert page["total"] >= 1
    assert any(item["title"] == title for item in page["items"])


def test_unknown_entity_filter_gives_an_empty_page(client: httpx.Client) -> None:
    page = client.get("/papers", params={"model": "No Such Model 9000"}).json()
    assert page == {"total": 0, "limit": 20, "offset": 0, "items": []}


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 5000},
        {"offset": -1},
        {"from": "2025-13-01"},
        {"to": "yesterday"},
        {"from": "2025-10-01", "to": "2025-09-01"},
        {"limit": "ten"},
    ],
)
def test_bad_parameters_are_422(client: httpx.Client, params: dict[str, Any]) -> None:
    response = client.get("/papers", params=params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_paper_detail_has_entities_with_evidence(
    client: httpx.Client, rows: Rows, sharing_paper: dict[str, Any]
) -> None:
    paper = client.get(f"/papers/{sharing_paper['id']}").json()
    assert paper["id"] == sharing_paper["id"]
    assert paper["title"] and paper["sources"]
    links = rows("MATCH (p:Paper {id: $id})-[r]->(e:Dataset) RETURN e.name", id=paper["id"])
    datasets = {e["name"] for e in paper["entities"] if e["label"] == "Dataset"}
    assert datasets == {row[0] for row in links}
    for entity in paper["entities"]:
        if entity["sentence"]:
            text = paper["abstract"] if entity["field"] == "abstract" else paper["title"]
            assert entity["sentence"] in text or text in entity["sentence"]
            assert 0 <= entity["start"] <= entity["end"]


def test_paper_by_arxiv_id_with_version_suffix(client: httpx.Client, rows: Rows) -> None:
    pid, arxiv_id = rows(
        "MATCH (p:Paper) WHERE p.arxiv_id IS NOT NULL RETURN p.id, p.arxiv_id ORDER BY p.id LIMIT 1"
    )[0]
    for ref in (arxiv_id, f"{arxiv_id}v3", f"  {arxiv_id}v12"):
        response = client.get(f"/papers/{ref}")
        assert response.status_code == 200, ref
        assert response.json()["id"] == pid


def test_shared_datasets_are_ranked_and_explained(
    client: httpx.Client, rows: Rows, sharing_paper: dict[str, Any]
) -> None:
    answer = client.get(f"/papers/{sharing_paper['id']}/shared-datasets", params={"limit": 200}).json()
    assert answer["paper"]["id"] == sharing_paper["id"]
    results = answer["results"]
    assert {r["paper"]["id"] for r in results} == sharing_paper["others"]
    assert [r["shared"] for r in results] == sorted((r["shared"] for r in results), reverse=True)
    own = rows(
        "MATCH (p:Paper {id: $id})-[:USES_DATASET|PROPOSES]->(d:Dataset) RETURN collect(d.name)",
        id=sharing_paper["id"],
    )[0][0]
    for result in results:
        assert result["shared"] == len(result["datasets"]) >= 1
        assert set(result["datasets"]) <= set(own)


@pytest.mark.parametrize("path", ["/papers/0000.00000", "/papers/0000.00000/shared-datasets", "/papers/%20"])
def test_unknown_paper_is_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "no paper" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    ["/papers?offset=1000000", "/entities/Model?offset=1000000", "/entities/Task?offset=999999&q=a"],
)
def test_offsets_past_the_end_give_empty_pages(client: httpx.Client, path: str) -> None:
    page = client.get(path).json()
    assert page["items"] == [] and page["total"] >= 0
    assert client.get("/health").status_code == 200


def test_shared_datasets_pages_by_offset(client: httpx.Client, sharing_paper: dict[str, Any]) -> None:
    url = f"/papers/{sharing_paper['id']}/shared-datasets"
    everything = client.get(url, params={"limit": 200}).json()["results"]
    second = client.get(url, params={"limit": 1, "offset": 1}).json()["results"]
    assert second == everything[1:2]
    assert client.get(url, params={"offset": 10_000}).json()["results"] == []
