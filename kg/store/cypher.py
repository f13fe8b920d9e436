"""All Cypher text the project sends, in one module of parameterised statements.

Sections: domain queries (both stores), LadybugDB DDL and loading, Neo4j DDL and loading, API.
Statements are plain constants or small functions that render schema-derived names; values always
travel as parameters, batched as ``UNWIND $rows``. Where the two stores' dialects differ, both
variants live here side by side.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Domain queries (run unchanged on every store)
# ---------------------------------------------------------------------------------------------

#: resolve a user-given paper reference (node id, arXiv id, or arXiv id with a version suffix)
FIND_PAPER = """
MATCH (p:Paper)
WHERE p.id = $ref OR p.arxiv_id = $ref
RETURN p.id AS id, p.title AS title
LIMIT 1
"""

#: papers sharing at least one dataset with $id, most shared first (a proposed dataset counts too)
SHARED_DATASETS = """
MATCH (p:Paper {id: $id})-[:USES_DATASET|PROPOSES]->(d:Dataset)<-[:USES_DATASET|PROPOSES]-(other:Paper)
WHERE other.id <> p.id
WITH other, collect(DISTINCT d.name) AS datasets
RETURN other.id AS id, other.title AS title, datasets
ORDER BY size(datasets) DESC, id ASC
LIMIT $limit
"""

# ---------------------------------------------------------------------------------------------
# Views (viz: `kg viz` ego graphs, `kg trends`); labels and keys are rendered from schema/ names
# ---------------------------------------------------------------------------------------------


def viz_neighbours(label: str, key: str, towards: tuple[str, ...] = ()) -> str:
    """One hop, either direction, around the ``label`` nodes whose ``key`` is in $keys.

    ``towards`` limits the far end to those labels (``(m:Model|Paper)`` runs on both stores).
    """
    far = f"m:{'|'.join(towards)}" if towards else "m"
    return f"MATCH (n:{label})-[r]-({far}) WHERE n.{key} IN $keys RETURN n, r, m LIMIT $limit"


#: any relationships with both ends, for an overview when no focus is given
VIZ_EDGES = """
MATCH (n)-[r]->(m)
RETURN n, r, m
LIMIT $limit
"""


def viz_node_exists(label: str, key: str) -> str:
    """The node ``label`` with ``key`` = $key, if it exists."""
    return f"MATCH (n:{label}) WHERE n.{key} = $key RETURN n LIMIT 1"


def viz_find_entity(label: str) -> str:
    """``label`` entities whose name or one of whose aliases equals $name, ignoring case."""
    return (
        f"WITH toLower($name) AS q MATCH (n:{label}) "
        "WHERE toLower(n.name) = q OR any(a IN n.aliases WHERE toLower(a) = q) "
        "RETURN n.name AS name ORDER BY name LIMIT 10"
    )


def viz_entity_papers(label: str) -> str:
    """Distinct papers linked to the ``label`` entity named $name, with their dates (``kg trends``)."""
    return (
        f"MATCH (p:Paper)-[]->(e:{label}) WHERE e.name = $name "
        "RETURN DISTINCT p.id AS id, p.published AS published"
    )
