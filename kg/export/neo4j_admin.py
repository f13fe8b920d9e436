"""CSV files for ``neo4j-admin database import full``: the path to millions of papers.

One node file per label (``Paper.csv``: ``id:ID(Paper)``, typed properties, ``:LABEL``) and one
relationship file per type and target label (``USES_DATASET-Dataset.csv``: ``:START_ID(Paper)``,
``:END_ID(Dataset)``, ``:TYPE``, typed properties). Keys are unique per label only, so each label
is its own ID space. Lists are joined with U+001F (a character no text contains) and imported
with ``--array-delimiter=U+001F``; an unset property or an empty list is an empty unquoted field
(no property), an empty string a quoted one. ``import.sh`` beside the files holds the exact command.

>>> header_for("version", "INT64"), header_for("aliases", "STRING[]"), header_for("title", "STRING")
('version:long', 'aliases:string[]', 'title')
>>> csv_field(None), csv_field(""), csv_field(3), csv_field("a, b"), csv_field(["a", "b"])
('', '""', '3', '"a, b"', '"a\\x1fb"')
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.model import GraphDocument
from kg.schema import Schema, load_schema

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
NEO4J_TYPES = {"STRING": "", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean",
               "STRING[]": "string[]"}


def header_for(name: str, type_name: str) -> str:
    """A property column header with its neo4j-admin type (strings need none)."""
    suffix = NEO4J_TYPES[type_name]
    return f"{name}:{suffix}" if suffix else name


def csv_field(value: Any) -> str:
    """One CSV field: null empty and unquoted, numbers bare, text and lists quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        if not value:
            return ""  # no property: a quoted "" could import as [""] rather than []
        value = ARRAY_DELIMITER.join(str(item) for item in value)
    text = str(value).replace('"', '""')
    return f'"{text}"'


@dataclass
class CsvFile:
    """One CSV file of the import: its name, header and rows."""

    name: str
    kind: str  # "nodes" or "relationships"
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def text(self) -> str:
        lines = [",".join(self.header), *(",".join(row) for row in self.rows)]
        return "\n".join(lines) + "\n"


def node_files(doc: GraphDocument, schema: Schema) -> list[CsvFile]:
    """A file per label in schema order (labels without nodes too: the header alone)."""
    files = []
    for label, spec in schema.nodes.items():
        props = [p for p in spec.properties if p != spec.key]
        header = [f"{spec.key}:ID({label})", *(header_for(p, spec.properties[p]) for p in props), ":LABEL"]
        out = CsvFile(f"{label}.csv", "nodes", header)
        for node in sorted((n for n in doc.nodes if n.label == label), key=lambda n: n.key):
            values = [node.key, *(node.properties.get(p) for p in props)]
            out.rows.append([*(csv_field(v) for v in values), csv_field(label)])
        files.append(out)
    return files


def relationship_files(doc: GraphDocument, schema: Schema) -> list[CsvFile]:
    """A file per relationship type and target label, in schema order."""
    files = []
    for rel_type, spec in schema.relationships.items():
        props = schema.relationship_properties(rel_type)
        for target in spec.targets:
            header = [f":START_ID({spec.source})", f":END_ID({target})", ":TYPE",
                      *(header_for(name, type_name) for name, type_name in props.items())]
            out = CsvFile(f"{rel_type}-{target}.csv", "relationships", header)
            chosen = (r for r in doc.relationships if r.type == rel_type and r.end.label == target)
            for rel in sorted(chosen, key=lambda r: (r.start.key, r.end.key)):
                values = [rel.start.key, rel.end.key, rel_type, *(rel.properties.get(p) for p in props)]
                out.rows.append([csv_field(v) for v in values])
            files.append(out)
    return files


def import_command(files: Sequence[CsvFile], database: str = "neo4j") -> list[str]:
    """The neo4j-admin command importing ``files`` (paths relative to the export folder)."""
    command = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
               f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--multiline-fields=true"]
    command += [f"--{f.kind}={f.name}" for f in files if f.rows]
    return command


def import_script(files: Sequence[CsvFile]) -> str:
    """``import.sh``: run it where neo4j-admin is, with Neo4j stopped (import replaces the database)."""
    command = " \\\n  ".join(shlex.quote(part) for part in import_command(files))
    return (
        "#!/bin/sh\n"
        "# Import this graph into an empty, stopped Neo4j 5 database (it replaces database 'neo4j').\n"
        "# With docker compose: docker compose stop neo4j, then run this script inside the container\n"
        "# (docker compose run --rm -v \"$PWD:/import\" -w /import neo4j sh import.sh), then start it.\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        f"{command}\n"
    )


def export_neo4j_admin(doc: GraphDocument, folder: Path, schema: Schema | None = None) -> list[Path]:
    """Write the CSV files and ``import.sh`` into ``folder``; returns the paths written."""
    schema = schema or load_schema()
    folder.mkdir(parents=True, exist_ok=True)
    files = node_files(doc, schema) + relationship_files(doc, schema)
    written = []
    for csv_file in files:
        path = folder / csv_file.name
        path.write_text(csv_file.text(), encoding="utf-8")
        written.append(path)
    script = folder / "import.sh"
    script.write_text(import_script(files), encoding="utf-8")
    script.chmod(0o755)
    return [*written, script]


def row_counts(files: Iterable[CsvFile]) -> dict[str, int]:
    """Rows per file name (for reports and tests)."""
    return {f.name: len(f.rows) for f in files}
