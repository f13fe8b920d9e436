"""One root exception class; the CLI and the API translate it at their edges.

Every error the project raises on purpose is a :class:`KGError`, so the CLI can print one clear
line and the API can answer with a JSON message instead of a traceback.
"""

from __future__ import annotations


class KGError(Exception):
    """Root of every error the project raises deliberately."""


class ConfigError(KGError):
    """A setting, option or environment variable has a bad value."""


class MissingExtraError(KGError):
    """An optional dependency is not installed; the message names the extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed: pip install 'medimg-kg[{extra}]'")
        self.package = package
        self.extra = extra


class LoaderError(KGError):
    """A listing could not be read at all (missing file, unknown format, strict mode)."""


class SchemaError(KGError):
    """The graph schema in ``schema/`` is inconsistent or a record does not fit it."""


class StoreError(KGError):
    """A graph store failed: unreachable, refused credentials, broken constraint, bad Cypher."""


class QueryError(StoreError):
    """A Cypher query was refused or failed; the message says why."""


class ReadOnlyViolation(QueryError):
    """A query tried to write through a read-only access path."""


class NotFoundError(KGError):
    """A paper or entity that was asked for does not exist in the graph."""
