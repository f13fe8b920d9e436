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

#: a paper by node id (an index lookup; :func:`kg.queries.find_paper` tries this first)
FIND_PAPER = """
MATCH (p:Paper)
WHERE p.id = $ref
RETURN p.id AS id, p.title AS title
LIMIT 1
"""

#: a paper by arXiv id, when the reference is no node id (a scan: kept off the common path)
FIND_PAPER_BY_ARXIV_ID = """
MATCH (p:Paper)
WHERE p.arxiv_id = $ref
RETURN p.id AS id, p.title AS title
ORDER BY id
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


def lb_column(prop: str, type_name: str) -> str:
    """The frame column carrying property ``prop``, cast to its type.

    A DataFrame column that holds only nulls reads as STRING, and LOAD FROM does not cast
    implicitly the way COPY does.

    >>> lb_column("version", "INT64")
    'CAST(`p_version` AS INT64)'
    """
    return f"CAST({lb_name(f'p_{prop}')} AS {type_name})"


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


def lb_nodes(label: str, key: str, properties: Sequence[str], *, by_key: bool) -> str:
    """Stored nodes' ``properties``, in that order: the frame's ``_key`` nodes, or all of them.

    Past a few thousand keys a scan filtered by the caller is faster than one lookup per key.
    """
    columns = ", ".join(f"n.{lb_name(p)}" for p in properties)
    if by_key:
        return f"LOAD FROM $frame MATCH {_lb_match_node('n', label, key, '_key')} RETURN {columns}"
    return f"MATCH (n:{lb_name(label)}) RETURN {columns}"


def lb_update_nodes(label: str, key: str, properties: Mapping[str, str]) -> str:
    """Overwrite ``properties`` (name: type) of the ``_key`` nodes from the ``p_<property>`` columns."""
    sets = ", ".join(f"n.{lb_name(p)} = {lb_column(p, t)}" for p, t in properties.items())
    return f"LOAD FROM $frame MATCH {_lb_match_node('n', label, key, '_key')} SET {sets}"


def _lb_match_rel(rel_type: str, source: tuple[str, str], target: tuple[str, str], *, both: bool) -> str:
    start = _lb_match_node("a", source[0], source[1], "_src")
    end = _lb_match_node("b", target[0], target[1], "_dst") if both else f"(b:{lb_name(target[0])})"
    return f"LOAD FROM $frame MATCH {start}-[r:{lb_name(rel_type)}]->{end}"


def lb_relationships(
    rel_type: str, source: tuple[str, str], target: tuple[str, str], properties: Sequence[str], *, match: str
) -> str:
    """Stored relationships as start key, end key, then ``properties``.

    ``source``/``target`` are (label, key property) pairs. ``match``: ``"from"`` the frame's
    ``_src`` nodes, ``"between"`` the frame's (``_src``, ``_dst``) pairs, or ``"all"``.
    """
    columns = "".join(f", r.{lb_name(p)}" for p in properties)
    returns = f"RETURN a.{lb_name(source[1])}, b.{lb_name(target[1])}{columns}"
    if match == "all":
        return f"MATCH (a:{lb_name(source[0])})-[r:{lb_name(rel_type)}]->(b:{lb_name(target[0])}) {returns}"
    return f"{_lb_match_rel(rel_type, source, target, both=match == 'between')} {returns}"


def lb_update_relationships(
    rel_type: str, source: tuple[str, str], target: tuple[str, str], properties: Mapping[str, str]
) -> str:
    """Overwrite the properties (name: type) of the frame's (``_src``, ``_dst``) relationships."""
    sets = ", ".join(f"r.{lb_name(p)} = {lb_column(p, t)}" for p, t in properties.items())
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


def viz_top_nodes(labels: tuple[str, ...] = ()) -> str:
    """The best-connected nodes (of ``labels``, if given), most relationships first."""
    node = f"n:{'|'.join(labels)}" if labels else "n"
    return f"MATCH ({node})-[r]-() WITH n, count(r) AS degree RETURN n ORDER BY degree DESC LIMIT $limit"


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

# ---------------------------------------------------------------------------------------------
# API (kg/api): reads behind the HTTP resources, on every store. Labels, relationship types and
# property names are rendered only from schema/ names the API has checked; values are parameters.
# ---------------------------------------------------------------------------------------------

#: the Paper node with every property
API_PAPER = "MATCH (p:Paper {id: $id}) RETURN p"

#: every outgoing link of a paper with its far end (entities, code, venue) and evidence
API_PAPER_LINKS = "MATCH (p:Paper {id: $id})-[r]->(e) RETURN r, e"

#: papers sharing a dataset with $id, with the datasets that explain each result (the first
#: $limit; callers page by slicing, as ORDER BY … SKIP past the end crashes LadybugDB 0.22)
API_SHARED_DATASETS = """
MATCH (p:Paper {id: $id})-[:USES_DATASET|PROPOSES]->(d:Dataset)<-[:USES_DATASET|PROPOSES]-(other:Paper)
WHERE other.id <> p.id
WITH other, collect(DISTINCT d.name) AS datasets
RETURN other.id AS id, other.title AS title, other.published AS published, datasets,
       size(datasets) AS shared
ORDER BY shared DESC, id ASC
LIMIT $limit
"""


def api_paper_filter(labels: tuple[str, ...], *, since: bool, until: bool, text: bool) -> str:
    """``MATCH (p:Paper) WHERE …`` for GET /papers: one EXISTS per entity filter ($f0, $f1, …),
    an ISO date range ($since, $until) and a lower-cased text match ($text) on title or abstract."""
    conditions = [f"EXISTS {{ MATCH (p)-->(f{i}:{label}) WHERE f{i}.name = $f{i} }}"
                  for i, label in enumerate(labels)]
    if since:
        conditions.append("p.published >= $since")
    if until:
        conditions.append("p.published <= $until")
    if text:
        conditions.append("(lower(p.title) CONTAINS $text OR lower(coalesce(p.abstract, '')) CONTAINS $text)")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"MATCH (p:Paper){where}"


def api_papers_page(paper_filter: str) -> str:
    """One page of the filtered papers, newest first (undated last). Callers keep $offset below
    the count: ORDER BY … SKIP past the end crashes LadybugDB 0.22."""
    return (
        f"{paper_filter} RETURN p.id AS id, p.arxiv_id AS arxiv_id, p.title AS title, "
        "p.published AS published, p.url AS url, p.code_url AS code_url "
        "ORDER BY coalesce(p.published, '') DESC, id ASC SKIP $offset LIMIT $limit"
    )


def api_papers_count(paper_filter: str) -> str:
    return f"{paper_filter} RETURN count(p) AS total"


def _api_entity_match(label: str, text: bool) -> str:
    if not text:
        return f"MATCH (e:{label})"
    return (
        f"WITH $text AS text MATCH (e:{label}) "
        "WHERE lower(e.name) CONTAINS text OR any(a IN e.aliases WHERE lower(a) CONTAINS text)"
    )


def api_entities_page(label: str, *, text: bool) -> str:
    """``label`` entities (optionally whose name or an alias contains $text), most papers first;
    $offset below the count (see :func:`api_papers_page`)."""
    return (
        f"{_api_entity_match(label, text)} "
        "OPTIONAL MATCH (e)<--(p:Paper) "
        "WITH e, count(DISTINCT p) AS papers "
        "RETURN e.name AS name, e.aliases AS aliases, papers "
        "ORDER BY papers DESC, name ASC SKIP $offset LIMIT $limit"
    )


def api_entities_count(label: str, *, text: bool) -> str:
    return f"{_api_entity_match(label, text)} RETURN count(e) AS total"


def api_entity_lookup(label: str) -> str:
    """The ``label`` entity a user means by $name: canonical name, then alias, then either ignoring case."""
    return (
        f"WITH $name AS wanted, lower($name) AS lowered MATCH (e:{label}) "
        "WHERE e.name = wanted OR wanted IN e.aliases OR lower(e.name) = lowered "
        "OR any(a IN e.aliases WHERE lower(a) = lowered) "
        "RETURN e.name AS name, e.aliases AS aliases, "
        "CASE WHEN e.name = wanted THEN 0 WHEN wanted IN e.aliases THEN 1 "
        "WHEN lower(e.name) = lowered THEN 2 ELSE 3 END AS rank "
        "ORDER BY rank ASC, name ASC LIMIT 1"
    )


def api_entity_papers(label: str) -> str:
    """Papers linked to the ``label`` entity $name, with the link, newest first."""
    return (
        f"MATCH (e:{label} {{name: $name}})<-[r]-(p:Paper) "
        "RETURN p.id AS id, p.title AS title, p.published AS published, r AS link "
        "ORDER BY coalesce(p.published, '') DESC, id ASC LIMIT $limit"
    )


def api_entity_papers_count(label: str) -> str:
    return f"MATCH (e:{label} {{name: $name}})<--(p:Paper) RETURN count(DISTINCT p) AS total"


def api_cooccurring(label: str) -> str:
    """Nodes linked to the same papers as the ``label`` entity $name, by shared papers."""
    return (
        f"MATCH (e:{label} {{name: $name}})<--(p:Paper)-->(o) "
        "WITH o, count(DISTINCT p) AS papers "
        "RETURN o AS node, papers ORDER BY papers DESC, coalesce(o.name, o.url) ASC LIMIT $limit"
    )


def api_family(label: str, rel_type: str, *, children: bool) -> str:
    """Names of the ``label`` entities linked to $name by ``rel_type`` (VARIANT_OF / VERSION_OF):
    its variants/versions when ``children``, else what it is a variant/version of."""
    pattern = (f"(c:{label})-[:{rel_type}]->(e:{label} {{name: $name}})" if children
               else f"(e:{label} {{name: $name}})-[:{rel_type}]->(c:{label})")
    return f"MATCH {pattern} RETURN c.name AS name ORDER BY name"


def api_node(label: str, key: str) -> str:
    """The ``label`` node whose ``key`` property is $key."""
    return f"MATCH (n:{label}) WHERE n.{key} = $key RETURN n LIMIT 1"


def api_neighbours(label: str, key: str) -> str:
    """One hop, either direction, from the ``label`` nodes whose ``key`` is in $keys."""
    return f"MATCH (n:{label})-[r]-(m) WHERE n.{key} IN $keys RETURN r, m LIMIT $limit"


#: the papers with the most links, for the overview graph
API_TOP_PAPERS = """
MATCH (p:Paper)-[r]->()
WITH p, count(r) AS degree
RETURN p.id AS id
ORDER BY degree DESC, id ASC
LIMIT $limit
"""

#: every outgoing link of the papers in $ids, with both ends
API_PAPERS_LINKS = "MATCH (p:Paper)-[r]->(e) WHERE p.id IN $ids RETURN p, r, e"


def api_family_links(label: str, rel_type: str) -> str:
    """``rel_type`` links (VARIANT_OF / VERSION_OF) touching the ``label`` entities named in $names."""
    return (
        f"MATCH (a:{label})-[r:{rel_type}]->(b:{label}) "
        "WHERE a.name IN $names OR b.name IN $names RETURN a, r, b"
    )


def api_entity_dates(label: str) -> str:
    """Publication dates of the distinct papers linked to the ``label`` entity $name."""
    return (
        f"MATCH (p:Paper)-->(e:{label} {{name: $name}}) WHERE p.published IS NOT NULL "
        "RETURN DISTINCT p.id AS id, p.published AS published"
    )


def api_top_entities(label: str) -> str:
    """The ``label`` entities linked to the most papers."""
    return (
        f"MATCH (p:Paper)-->(e:{label}) WITH e, count(DISTINCT p) AS papers "
        "RETURN e.name AS name ORDER BY papers DESC, name ASC LIMIT $limit"
    )

# ---------------------------------------------------------------------------------------------
# Neo4j over Bolt (kg/store/neo4j.py): DDL, batched loading, housekeeping, result lookups.
# Two dialects: "neo4j" (Neo4j 5, the production server) and "falkordb" (FalkorDB's Bolt
# endpoint, the real Bolt server the default test suite runs against). Where they differ, both
# variants sit side by side here. Names are rendered only from schema/ identifiers (checked by
# _bolt_name); values always travel as parameters, batched as UNWIND $rows.
# ---------------------------------------------------------------------------------------------

BOLT_DIALECTS = ("neo4j", "falkordb")

#: properties indexed for lookups beyond each label's key (keys get uniqueness constraints)
BOLT_LOOKUP_INDEXES: dict[str, tuple[str, ...]] = {"Paper": ("arxiv_id", "published")}

#: answers on Neo4j; FalkorDB has no such procedure, which tells the dialects apart
NEO4J_COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"

#: FalkorDB's indexes (it has no IF NOT EXISTS: the store creates only the missing ones)
FALKORDB_INDEXES = "CALL db.indexes() YIELD label, properties RETURN label, properties"

#: delete up to $limit nodes with their relationships; repeated until nothing is left
BOLT_CLEAR_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"


def _bolt_name(name: str) -> str:
    """A label, type or property name safe to splice into Cypher (schema names only)."""
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"not a plain Cypher identifier: {name!r}")
    return name


def neo4j_unique(label: str, key: str) -> str:
    """Neo4j 5: the uniqueness constraint on a label's key (it also indexes the key)."""
    label, key = _bolt_name(label), _bolt_name(key)
    return (f"CREATE CONSTRAINT {label.lower()}_{key}_unique IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE")


def neo4j_index(label: str, prop: str) -> str:
    """Neo4j 5: a range index for lookups on ``label.prop``."""
    label, prop = _bolt_name(label), _bolt_name(prop)
    return f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


def falkordb_index(label: str, prop: str) -> str:
    """FalkorDB: an index on ``label.prop`` (no constraint syntax over Bolt, no IF NOT EXISTS)."""
    return f"CREATE INDEX FOR (n:{_bolt_name(label)}) ON (n.{_bolt_name(prop)})"


def bolt_merge_nodes(label: str, key: str) -> str:
    """Merge $rows ``{key, props}`` of one label by key; ``props`` carries every schema property
    (a null removes it), so properties are replaced wholesale; aliases arrive already unioned."""
    label, key = _bolt_name(label), _bolt_name(key)
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n += row.props RETURN count(n) AS n"


def bolt_node_aliases(label: str, key: str) -> str:
    """The stored aliases of the ``label`` nodes whose key is in $keys (to union with new ones)."""
    label, key = _bolt_name(label), _bolt_name(key)
    return f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN n.{key} AS key, n.aliases AS aliases"


def bolt_stored_keys(label: str, key: str) -> str:
    """Which of the keys $keys the store holds for ``label`` (relationship endpoints must exist)."""
    label, key = _bolt_name(label), _bolt_name(key)
    return f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) RETURN n.{key} AS key"


def bolt_drop_links(rel_type: str, start: tuple[str, str], end: tuple[str, str]) -> str:
    """Delete the ``rel_type`` relationships from the ``start`` nodes keyed $keys to ``end`` nodes,
    returning the end keys (a re-upserted Paper's links are replaced, and ends left without any
    relationship are then removed)."""
    (s_label, s_key), (e_label, e_key) = start, end
    return (f"UNWIND $keys AS k MATCH (a:{_bolt_name(s_label)} {{{_bolt_name(s_key)}: k}})"
            f"-[r:{_bolt_name(rel_type)}]->(b:{_bolt_name(e_label)}) "
            f"DELETE r RETURN DISTINCT b.{_bolt_name(e_key)} AS key")


def bolt_merge_relationships(rel_type: str, start: tuple[str, str], end: tuple[str, str]) -> str:
    """Merge $rows ``{start, end, props}`` as ``rel_type`` between (label, key) ``start`` and ``end``."""
    (s_label, s_key), (e_label, e_key) = start, end
    return (f"UNWIND $rows AS row MATCH (a:{_bolt_name(s_label)} {{{_bolt_name(s_key)}: row.start}}) "
            f"MATCH (b:{_bolt_name(e_label)} {{{_bolt_name(e_key)}: row.end}}) "
            f"MERGE (a)-[r:{_bolt_name(rel_type)}]->(b) SET r += row.props RETURN count(r) AS n")


def bolt_delete_orphans(label: str, key: str, dialect: str) -> str:
    """Delete the ``label`` nodes keyed $keys that are left without any relationship.

    Neo4j 5 wants an EXISTS subquery; FalkorDB has none but keeps the pattern predicate.
    """
    label, key = _bolt_name(label), _bolt_name(key)
    match = f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}})"
    if dialect == "falkordb":
        return f"{match} WHERE NOT (n)--() DELETE n RETURN count(*) AS n"
    return f"{match} WHERE NOT EXISTS {{ (n)--() }} DELETE n RETURN count(*) AS n"


def bolt_stats(labels: tuple[str, ...], rel_types: tuple[str, ...]) -> str:
    """One round trip of counts (Neo4j answers each from its count store): rows (kind, name, n).

    FalkorDB drops the zero rows of unknown types from a UNION; the store fills zeros itself.
    """
    parts = [f"MATCH (n:{_bolt_name(label)}) RETURN 'node' AS kind, '{label}' AS name, count(n) AS n"
             for label in labels]
    parts += [f"MATCH ()-[r:{_bolt_name(t)}]->() RETURN 'relationship' AS kind, '{t}' AS name, count(r) AS n"
              for t in rel_types]
    return " UNION ALL ".join(parts)


def bolt_endpoints(dialect: str) -> str:
    """Labels and properties of the nodes $ids at the ends of returned relationships.

    Neo4j identifies nodes by elementId(); FalkorDB has no elementId() but the driver's element
    ids there are ``node_<id>``, so the store sends the integer id().
    """
    node_id = "id(n)" if dialect == "falkordb" else "elementId(n)"
    return (f"MATCH (n) WHERE {node_id} IN $ids "
            f"RETURN {node_id} AS id, labels(n) AS labels, properties(n) AS props")


def bolt_explain(cypher: str) -> str:
    """The plan-only form of a query: Neo4j reports its query type (read/write/schema) without running it."""
    return f"EXPLAIN {cypher}"

# ---------------------------------------------------------------------------------------------
# Export (kg/export: neo4j-admin CSV, Turtle): every node and relationship, page by page, on
# every store; ordered by key so pages are stable
# ---------------------------------------------------------------------------------------------


def export_nodes(label: str, key: str) -> str:
    """One page ($skip, $limit) of the ``label`` nodes, by key."""
    return f"MATCH (n:{label}) RETURN n ORDER BY n.{key} SKIP $skip LIMIT $limit"


def export_relationships(rel_type: str, start: tuple[str, str], end: tuple[str, str]) -> str:
    """One page ($skip, $limit) of the ``rel_type`` relationships between (label, key) ``start``/``end``."""
    (s_label, s_key), (e_label, e_key) = start, end
    return (f"MATCH (a:{s_label})-[r:{rel_type}]->(b:{e_label}) RETURN r "
            f"ORDER BY a.{s_key}, b.{e_key} SKIP $skip LIMIT $limit")
