"""The one typed data model passed between every pipeline stage.

Loaders produce :class:`Paper` records, the extractor produces :class:`Extraction` records
(a paper plus :class:`ExtractedEntity` items, each with :class:`Evidence`), the graph builder
turns those into a :class:`GraphDocument` of :class:`Node` and :class:`Relationship` items, and
stores only ever see a ``GraphDocument``. No stage hands spaCy objects to the next.

>>> p = Paper(id="2509.06617", arxiv_id="2509.06617", title="MM-DINOv2", abstract="...")
>>> p.key_fields()
{'id': '2509.06617', 'arxiv_id': '2509.06617', 'title': 'MM-DINOv2'}
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EntityLabel = Literal["Model", "Dataset", "Modality", "Task", "Setting", "Anatomy", "Metric"]
ENTITY_LABELS: tuple[EntityLabel, ...] = (
    "Model",
    "Dataset",
    "Modality",
    "Task",
    "Setting",
    "Anatomy",
    "Metric",
)
Role = Literal["proposed", "used"]
TextField = Literal["title", "abstract"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Record):
    """Where one listing of a paper was read: file, line and format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    line: int = Field(ge=1)
    format: str
    version: int | None = None
    title: str | None = None

    def ref(self) -> str:
        """A compact ``path:line`` reference, as stored on the graph."""
        return f"{self.path}:{self.line}"


class Paper(_Record):
    """One paper, possibly merged from several listings (see :mod:`kg.identity`)."""

    id: str
    arxiv_id: str | None = None
    version: int | None = None
    title: str
    other_titles: list[str] = Field(default_factory=list)
    abstract: str = ""
    abstract_raw: str = ""
    published: date | None = None
    url: str | None = None
    code_url: str | None = None
    comment: str | None = None
    venue: str | None = None
    authors_count: int | None = None
    upvotes: int | None = None
    #: the listing sections the paper appears under (a daily-arXiv README's ``## keyword``)
    topics: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)

    def key_fields(self) -> dict[str, Any]:
        return {"id": self.id, "arxiv_id": self.arxiv_id, "title": self.title}


class Evidence(_Record):
    """The sentence behind a link, with character offsets into the paper's title or abstract."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    field: TextField = "abstract"
    extractor: str
    confidence: float = Field(ge=0.0, le=1.0)


class ExtractedEntity(_Record):
    """One entity found in one paper: canonical name, surface forms, role and evidence."""

    type: EntityLabel
    name: str
    mentions: list[str] = Field(default_factory=list)
    role: Role = "used"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)


class EntityLink(_Record):
    """A link between two canonical entities, e.g. ``SAM 2 -VARIANT_OF-> SAM``."""

    type: Literal["VARIANT_OF", "VERSION_OF"]
    label: Literal["Model", "Dataset"]
    child: str
    parent: str


class Extraction(_Record):
    """What the extractor found in one paper."""

    paper: Paper
    entities: list[ExtractedEntity] = Field(default_factory=list)
    links: list[EntityLink] = Field(default_factory=list)

    def to_jsonl_record(self) -> dict[str, Any]:
        """The ``kg extract --format jsonl`` line for this paper."""
        return {
            "id": self.paper.id,
            "arxiv_id": self.paper.arxiv_id,
            "title": self.paper.title,
            "entities": [e.model_dump(mode="json") for e in self.entities],
        }


class NodeRef(_Record):
    """A node's identity: its label and its key (``id`` for papers, ``url`` for code, else ``name``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    key: str


class Node(_Record):
    """A node ready for a store: label, key and flat, store-friendly properties."""

    label: str
    key: str
    properties: dict[str, Any] = Field(default_factory=dict)

    @property
    def ref(self) -> NodeRef:
        return NodeRef(label=self.label, key=self.key)


class Relationship(_Record):
    """A relationship ready for a store; Paper->entity edges carry evidence properties."""

    type: str
    start: NodeRef
    end: NodeRef
    properties: dict[str, Any] = Field(default_factory=dict)


class GraphDocument(_Record):
    """Everything a store upserts in one go."""

    nodes: list[Node] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)


class GraphStats(_Record):
    """Counts per node label and per relationship type (``kg stats``)."""

    nodes: dict[str, int] = Field(default_factory=dict)
    relationships: dict[str, int] = Field(default_factory=dict)


class LoadIssue(_Record):
    """One bad record: where it is and why it was skipped; line 0 means the whole file.

    >>> str(LoadIssue(path="a.md", line=7, reason="truncated row"))
    'a.md:7: truncated row'
    >>> str(LoadIssue(path="pipe", line=0, reason="is a FIFO (named pipe), not a regular file"))
    'pipe: is a FIFO (named pipe), not a regular file'
    """

    path: str
    line: int = Field(ge=0)
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class LoadResult(_Record):
    """The papers a loader read and the records it had to skip."""

    papers: list[Paper] = Field(default_factory=list)
    issues: list[LoadIssue] = Field(default_factory=list)
