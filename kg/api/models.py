"""The JSON shapes the API answers with (see notes/API_CONTRACT.md); they document the OpenAPI spec."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Out):
    """Every error: one message a person can act on."""

    detail: str


class PaperSummary(_Out):
    id: str
    arxiv_id: str | None = None
    title: str
    published: str | None = None
    url: str | None = None
    code_url: str | None = None


class PaperPage(_Out):
    total: int
    limit: int
    offset: int
    items: list[PaperSummary]


class PaperEntity(_Out):
    """One Paper->entity link with the evidence sentence behind it."""

    label: str
    name: str
    relationship: str
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    field: str | None = None
    confidence: float | None = None
    mentions: list[str] = Field(default_factory=list)


class PaperDetail(_Out):
    id: str
    arxiv_id: str | None = None
    title: str
    other_titles: list[str] = Field(default_factory=list)
    abstract: str | None = None
    published: str | None = None
    url: str | None = None
    code_url: str | None = None
    comment: str | None = None
    sources: list[str] = Field(default_factory=list)
    venue: str | None = None
    entities: list[PaperEntity]


class PaperRef(_Out):
    id: str
    title: str


class DatedPaperRef(PaperRef):
    published: str | None = None


class SharedDatasetsResult(_Out):
    paper: DatedPaperRef
    datasets: list[str]
    shared: int


class SharedDatasets(_Out):
    paper: PaperRef
    results: list[SharedDatasetsResult]


class EntitySummary(_Out):
    name: str
    aliases: list[str]
    papers: int


class EntityPage(_Out):
    label: str
    total: int
    limit: int
    offset: int
    items: list[EntitySummary]


class EntityPaper(DatedPaperRef):
    relationship: str


class CooccurringEntity(_Out):
    label: str
    name: str
    papers: int


class EntityDetail(_Out):
    label: str
    name: str
    aliases: list[str]
    papers: list[EntityPaper] = Field(description="Linked papers, newest first (at most 100).")
    papers_total: int = Field(description="How many papers link to the entity in all.")
    cooccurring: list[CooccurringEntity]
    variants: list[str]
    variant_of: list[str]


class SearchHit(_Out):
    kind: str
    id: str
    label: str
    name: str | None = None
    aliases: list[str] | None = None
    papers: int | None = None
    key: str | None = None
    title: str | None = None
    published: str | None = None


class SearchResults(_Out):
    query: str
    results: list[SearchHit]


class GraphNode(_Out):
    id: str
    label: str
    key: str
    caption: str
    properties: dict[str, Any]


class GraphEdge(_Out):
    id: str
    source: str
    target: str
    type: str
    properties: dict[str, Any]


class GraphView(_Out):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


class MonthCount(_Out):
    month: str
    papers: int


class TrendSeries(_Out):
    entity: str
    counts: list[MonthCount]


class Trends(_Out):
    series: list[TrendSeries]


class Stats(_Out):
    nodes: dict[str, int]
    relationships: dict[str, int]


class CypherRequest(_Out):
    query: str = Field(min_length=1, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(default_factory=dict, description="Values for $parameters.")


class CypherResult(_Out):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


class IngestIssue(_Out):
    path: str
    line: int
    reason: str


class IngestReport(_Out):
    papers: int
    issues: list[IngestIssue]
    nodes: int
    relationships: int
