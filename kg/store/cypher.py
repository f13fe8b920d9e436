"""All Cypher text the project sends, in one module of parameterised statements.

Sections: domain queries (both stores), LadybugDB DDL and loading, Neo4j DDL and loading, API.
Statements are plain constants or small functions that render schema-derived names; values always
travel as parameters, batched as ``UNWIND $rows``. Where the two stores' dialects differ, both
variants live here side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
# LadybugDB (embedded store): DDL generated from schema/, bulk loading, transactions
# ---------------------------------------------------------------------------------------------
# Ladybug reserves words Neo4j does not (``end``, ``from``, ``to``...), so every schema-derived
# name is back-quoted. Bulk statements read a pandas DataFrame passed as the parameter $frame
# (COPY for new rows: ~50x faster than UNWIND ... MERGE; LOAD FROM for updates and lookups).
# Frame columns: ``_key`` (node key), ``_src``/``_dst`` (relationship endpoint keys) and
# ``p_<property>``; COPY reads columns by position, in table order.

LB_BEGIN = "BEGIN TRANSACTION"
LB_BEGIN_READ_ONLY = "BEGIN TRANSACTION READ ONLY"
LB_COMMIT = "COMMIT"
LB_ROLLBACK = "ROLLBACK"
LB_SHOW_TABLES = "CALL show_tables() RETURN id, name, type"


def lb_name(name: str) -> str:
    """A back-quoted identifier.

    >>> lb_name("end")
    '`end`'
    """
    return "`" + name.replace("`", "``") + "`"


def lb_column(prop: str) -> str:
    """The frame column carrying property ``prop`` (see the section comment)."""
    return lb_name(f"p_{prop}")


def _lb_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _lb_columns(properties: Mapping[str, str]) -> str:
    return "".join(f", {lb_name(name)} {type_name}" for name, type_name in properties.items())


def lb_create_node_table(label: str, key: str, properties: Mapping[str, str]) -> str:
    """``CREATE NODE TABLE`` for a schema label, its key as primary key.

    >>> lb_create_node_table("Model", "name", {"name": "STRING", "aliases": "STRING[]"})
    'CREATE NODE TABLE IF NOT EXISTS `Model`(`name` STRING, `aliases` STRING[], PRIMARY KEY(`name`))'
    """
    columns = _lb_columns(properties).removeprefix(", ")
    return f"CREATE NODE TABLE IF NOT EXISTS {lb_name(label)}({columns}, PRIMARY KEY({lb_name(key)}))"


def lb_create_rel_table(
    rel_type: str, source: str, targets: Sequence[str], properties: Mapping[str, str]
) -> str:
    """``CREATE REL TABLE``, one ``FROM ... TO ...`` pair per target label.

    >>> lb_create_rel_table("PROPOSES", "Paper", ["Model", "Dataset"], {"end": "INT64"})[31:]
    '`PROPOSES`(FROM `Paper` TO `Model`, FROM `Paper` TO `Dataset`, `end` INT64)'
    """
    pairs = ", ".join(f"FROM {lb_name(source)} TO {lb_name(target)}" for target in targets)
    return f"CREATE REL TABLE IF NOT EXISTS {lb_name(rel_type)}({pairs}{_lb_columns(properties)})"


def lb_table_info(table: str) -> str:
    """The properties (name, type) a table has."""
    return f"CALL table_info({_lb_string(table)}) RETURN name, type"


def lb_table_pairs(rel_type: str) -> str:
    """The (from, to) label pairs a relationship table connects."""
    return f"CALL show_connection({_lb_string(rel_type)}) RETURN *"


def lb_add_property(table: str, prop: str, type_name: str) -> str:
    """Add a property the schema gained since the store was created."""
    return f"ALTER TABLE {lb_name(table)} ADD IF NOT EXISTS {lb_name(prop)} {type_name}"


def lb_copy_nodes(label: str) -> str:
    """Bulk-insert new nodes (every key must be new: COPY refuses duplicates)."""
    return f"COPY {lb_name(label)} FROM $frame"


def lb_copy_relationships(rel_type: str, source: str, target: str) -> str:
    """Bulk-insert new relationships of one (source, target) pair: ``_src, _dst, properties...``."""
    return f"COPY {lb_name(rel_type)} FROM $frame (from={_lb_string(source)}, to={_lb_string(target)})"


def _lb_match_node(var: str, label: str, key: str, column: str) -> str:
    return f"({var}:{lb_name(label)} {{{lb_name(key)}: {lb_name(column)}}})"


def lb_nodes_by_key(label: str, key: str) -> str:
    """The stored nodes whose keys are in the frame's ``_key`` column."""
    return f"LOAD FROM $frame MATCH {_lb_match_node('n', label, key, '_key')} RETURN n"


def lb_update_nodes(label: str, key: str, properties: Sequence[str]) -> str:
    """Overwrite ``properties`` of the nodes keyed by ``_key`` from the ``p_<property>`` columns."""
    sets = ", ".join(f"n.{lb_name(p)} = {lb_column(p)}" for p in properties)
    return f"LOAD FROM $frame MATCH {_lb_match_node('n', label, key, '_key')} SET {sets}"


def _lb_match_rel(rel_type: str, source: tuple[str, str], target: tuple[str, str], *, both: bool) -> str:
    start = _lb_match_node("a", source[0], source[1], "_src")
    end = _lb_match_node("b", target[0], target[1], "_dst") if both else f"(b:{lb_name(target[0])})"
    return f"LOAD FROM $frame MATCH {start}-[r:{lb_name(rel_type)}]->{end}"


def lb_relationships_from(rel_type: str, source: tuple[str, str], target: tuple[str, str]) -> str:
    """Every stored ``rel_type`` relationship to a ``target`` node, from the ``_src`` nodes.

    ``source`` and ``target`` are (label, key property) pairs; returns start key, end key, r.
    """
    match = _lb_match_rel(rel_type, source, target, both=False)
    return f"{match} RETURN a.{lb_name(source[1])}, b.{lb_name(target[1])}, r"


def lb_relationships_between(rel_type: str, source: tuple[str, str], target: tuple[str, str]) -> str:
    """The stored relationships among the frame's (``_src``, ``_dst``) pairs: start key, end key, r."""
    match = _lb_match_rel(rel_type, source, target, both=True)
    return f"{match} RETURN a.{lb_name(source[1])}, b.{lb_name(target[1])}, r"


def lb_update_relationships(
    rel_type: str, source: tuple[str, str], target: tuple[str, str], properties: Sequence[str]
) -> str:
    """Overwrite the properties of the frame's (``_src``, ``_dst``) relationships."""
    sets = ", ".join(f"r.{lb_name(p)} = {lb_column(p)}" for p in properties)
    return f"{_lb_match_rel(rel_type, source, target, both=True)} SET {sets}"


def lb_delete_relationships(rel_type: str, source: tuple[str, str], target: tuple[str, str]) -> str:
    """Delete the frame's (``_src``, ``_dst``) relationships."""
    return f"{_lb_match_rel(rel_type, source, target, both=True)} DELETE r"


def lb_delete_orphans(label: str, key: str) -> str:
    """Delete the frame's ``_key`` nodes that are left without any relationship."""
    match = _lb_match_node("n", label, key, "_key")
    return f"LOAD FROM $frame MATCH {match} WHERE NOT EXISTS {{ MATCH (n)--() }} DELETE n"


def lb_count_nodes(label: str) -> str:
    return f"MATCH (n:{lb_name(label)}) RETURN count(n)"


def lb_count_relationships(rel_type: str) -> str:
    return f"MATCH ()-[r:{lb_name(rel_type)}]->() RETURN count(r)"


def lb_delete_all(label: str) -> str:
    return f"MATCH (n:{lb_name(label)}) DETACH DELETE n"


def lb_keys_by_offset(label: str, key: str) -> str:
    """Map Ladybug's internal node offsets ($offsets) to node keys, to serialise relationships."""
    node = f"(n:{lb_name(label)})"
    return f"MATCH {node} WHERE offset(id(n)) IN $offsets RETURN offset(id(n)), n.{lb_name(key)}"


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
