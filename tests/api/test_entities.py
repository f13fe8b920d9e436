"""GET /entities/{label} and /entities/{label}/{name} (alias-aware) over the sample graph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest

Rows = Callable[..., list[list[Any]]]


@pytest.fixture(scope="module")
def aliased_model(rows: Rows) -> tuple[str, str]:
    """A Model with the most papers among those with an alias that differs from its name by more
    than case, and that alias."""
    found = rows(
        "MATCH (m:Model)<--(p:Paper) WITH m, count(DISTINCT p) AS n WHERE size(m.aliases) > 0 "
        "RETURN m.name, m.aliases ORDER BY n DESC, m.name"
    )
    for name, aliases in found:
        for alias in aliases:
            if alias.lower() != name.lower():
                return name, alias
    pytest.fail("no Model in the sample graph has an alias")


@pytest.mark.parametrize("label", ["Model", "Dataset", "Modality", "Task", "Anatomy"])
def test_entity_pages_count_papers(client: httpx.Client, rows: Rows, label: str) -> None:
    page = client.get(f"/entities/{label}", params={"limit": 1000}).json()
    assert page["label"] == label
    assert page["total"] == rows(f"MATCH (e:{label}) RETURN count(e)")[0][0] > 0
    counts = [item["papers"] for item in page["items"]]
    assert counts == sorted(counts, reverse=True)
    top = page["items"][0]
    expected = rows(
        f"MATCH (e:{label} {{name: $name}})<--(p:Paper) RETURN count(DISTINCT p)", name=top["name"]
    )
    assert top["papers"] == expected[0][0]


def test_entity_page_text_filter_matches_aliases(
    client: httpx.Client, aliased_model: tuple[str, str]
) -> None:
    name, alias = aliased_model
    page = client.get("/entities/Model", params={"q": alias.upper()}).json()
    assert name in {item["name"] for item in page["items"]}


def test_entity_by_alias_answers_with_the_canonical_entity(
    client: httpx.Client, rows: Rows, aliased_model: tuple[str, str]
) -> None:
    name, alias = aliased_model
    entity = client.get(f"/entities/Model/{quote(alias)}").json()
    assert entity["name"] == name
    assert alias in entity["aliases"]
    linked = rows("MATCH (m:Model {name: $name})<--(p:Paper) RETURN DISTINCT p.id", name=name)
    assert {p["id"] for p in entity["papers"]} == {row[0] for row in linked}
    assert entity["papers_total"] == len(linked)
    assert all(p["relationship"] in {"USES", "PROPOSES"} for p in entity["papers"])


def test_segment_anything_model_finds_sam(client: httpx.Client, rows: Rows) -> None:
    if not rows("MATCH (m:Model {name: 'SAM'}) RETURN m.name"):
        pytest.skip("no SAM in this graph")
    entity = client.get("/entities/Model/Segment Anything Model").json()
    assert entity["name"] == "SAM"


def test_lookup_knows_the_vocabulary_spellings(client: httpx.Client, rows: Rows) -> None:
    """A spelling no paper used still finds the entity: the extractor's vocabulary knows it."""
    if not rows("MATCH (m:Model {name: 'U-Net'}) RETURN m.name"):
        pytest.skip("no U-Net in this graph")
    for spelling in ("U Net", "unet", "U-NET"):
        assert client.get(f"/entities/Model/{quote(spelling)}").json()["name"] == "U-Net"


def test_lookup_ignores_case(client: httpx.Client, aliased_model: tuple[str, str]) -> None:
    name, _ = aliased_model
    assert client.get(f"/entities/Model/{quote(name.swapcase())}").json()["name"] == name


def test_cooccurring_entities_share_papers(
    client: httpx.Client, rows: Rows, aliased_model: tuple[str, str]
) -> None:
    name, _ = aliased_model
    entity = client.get(f"/entities/Model/{quote(name)}").json()
    assert entity["cooccurring"], "a model shares papers with datasets, modalities or tasks"
    assert ("Model", name) not in {(c["label"], c["name"]) for c in entity["cooccurring"]}
    first = entity["cooccurring"][0]
    together = rows(
        f"MATCH (m:Model {{name: $name}})<--(p:Paper)-->(o:{first['label']} {{name: $other}}) "
        "RETURN count(DISTINCT p)",
        name=name,
        other=first["name"],
    )
    assert first["papers"] == together[0][0] >= 1


def test_variants_and_versions_both_ways(client: httpx.Client, rows: Rows) -> None:
    links = rows("MATCH (c:Model)-[:VARIANT_OF]->(p:Model) RETURN c.name, p.name LIMIT 1") or rows(
        "MATCH (c:Dataset)-[:VERSION_OF]->(p:Dataset) RETURN c.name, p.name LIMIT 1"
    )
    if not links:
        pytest.skip("no VARIANT_OF / VERSION_OF link in this graph")
    child, parent = links[0]
    label = "Model" if rows("MATCH (m:Model {name: $n}) RETURN m.name", n=child) else "Dataset"
    assert child in client.get(f"/entities/{label}/{quote(parent)}").json()["variants"]
    assert parent in client.get(f"/entities/{label}/{quote(child)}").json()["variant_of"]


def test_unknown_entity_is_404(client: httpx.Client) -> None:
    response = client.get("/entities/Model/Definitely Not A Model 42")
    assert response.status_code == 404
    assert "Definitely Not A Model 42" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/entities/Paper", {}),
        ("/entities/Nope/SAM", {}),
        ("/entities/Model", {"limit": 0}),
        ("/entities/Model", {"offset": -5}),
        ("/entities/model", {}),
    ],
)
def test_bad_label_or_paging_is_422(client: httpx.Client, path: str, params: dict[str, Any]) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
