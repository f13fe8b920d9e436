"""Where the project's data files live, in a checkout and in an installed wheel.

``schema/`` sits at the repository root (it is data, not a package); a wheel carries it as
``kg/_schema``. The bundled sample corpus ships as package data in ``kg/data/sample``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.errors import SchemaError

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def schema_dir() -> Path:
    """The folder holding ``graph.yaml``, the vocabularies and the ontology."""
    for candidate in (_PACKAGE_DIR / "_schema", _PACKAGE_DIR.parent / "schema"):
        if (candidate / "graph.yaml").is_file():
            return candidate
    raise SchemaError(f"schema/graph.yaml not found beside {_PACKAGE_DIR}; reinstall the package")


def sample_dir() -> Path:
    """The bundled sample corpus (copies of the two seed listings)."""
    return _PACKAGE_DIR / "data" / "sample"
