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
