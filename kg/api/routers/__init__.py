"""One router per resource; :data:`ROUTERS` is the order they appear in the OpenAPI spec."""

from __future__ import annotations

from fastapi import APIRouter

from kg.api.routers import cypher, entities, graph, ingest, papers, schema, search, stats, trends

ROUTERS: tuple[APIRouter, ...] = (
    papers.router,
    entities.router,
    search.router,
    graph.router,
    trends.router,
    stats.router,
    schema.router,
    cypher.router,
    ingest.router,
)
