"""``/graph``: nodes and edges for the viewer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kg.api.deps import SettingsDep, StoreDep
from kg.api.errors import ERROR_RESPONSES, BadParameter
from kg.api.models import GraphView
from kg.api.services import graph
from kg.api.settings import GRAPH_LIMIT_MAX
from kg.schema import load_schema

router = APIRouter(prefix="/graph", tags=["graph"], responses=ERROR_RESPONSES)

GraphLimit = Annotated[
    int, Query(ge=1, le=GRAPH_LIMIT_MAX, description="Most nodes (clamped to the server's).")
]


@router.get("/neighborhood", response_model=GraphView, summary="Nodes and edges around one node")
def neighborhood(
    store: StoreDep,
    settings: SettingsDep,
    node: Annotated[
        str, Query(min_length=1, max_length=300, description="Label:key (Model:SAM) or a paper / arXiv id.")
    ],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: GraphLimit = 300,
    labels: Annotated[
        str | None, Query(max_length=300, description="Comma-separated labels to keep (papers always kept).")
    ] = None,
) -> GraphView:
    return graph.neighborhood(
        store, node, depth=depth, limit=min(limit, settings.graph_max_nodes), labels=_labels(labels)
    )


@router.get("/overview", response_model=GraphView, summary="The best-connected part of the graph")
def overview(store: StoreDep, settings: SettingsDep, limit: GraphLimit = 2000) -> GraphView:
    return graph.overview(store, limit=min(limit, settings.graph_max_nodes))


def _labels(text: str | None) -> list[str]:
    wanted = [part.strip() for part in (text or "").split(",") if part.strip()]
    known = load_schema().nodes
    unknown = [label for label in wanted if label not in known]
    if unknown:
        raise BadParameter(f"unknown label(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return wanted
