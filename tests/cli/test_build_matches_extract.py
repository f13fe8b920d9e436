"""The graph ``kg build`` writes carries exactly the entities ``kg extract`` reports."""

from __future__ import annotations

import json
from pathlib import Path

from kg_runner import Run, run_kg

from kg.schema import load_schema

#: one row per Paper->entity link, whatever the store's dialect: the serialised relationship says it all
LINKS = "MATCH (p:Paper)-[r]->(e) RETURN r"
NOT_EXTRACTED = {"HAS_CODE", "PUBLISHED_IN"}

Link = tuple[str, str, str, str]  # paper id, entity label, canonical name, relationship type


def extracted_links() -> set[Link]:
    run = run_kg("extract", "--format", "jsonl")
    assert run.code == 0, run.err
    schema = load_schema()
    links: set[Link] = set()
    for line in run.out.splitlines():
        record = json.loads(line)
        for entity in record["entities"]:
            rel_type = schema.edge_type(entity["type"], entity["role"])
            links.add((record["id"], entity["type"], entity["name"], rel_type))
    return links


def stored_links(store: Path) -> set[Link]:
    rows = run_kg("query", LINKS, "--format", "json", store=store).json()
    return {
        (row["r"]["start"]["key"], row["r"]["end"]["label"], row["r"]["end"]["key"], row["r"]["type"])
        for row in rows
        if row["r"]["type"] not in NOT_EXTRACTED
    }


def test_the_built_graph_holds_exactly_the_extracted_entities(built_store: tuple[Path, Run]) -> None:
    expected = extracted_links()
    assert len(expected) > 1000  # the sample is not trivially empty
    assert stored_links(built_store[0]) == expected
