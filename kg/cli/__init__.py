"""The ``kg`` command line. Errors become one clear line on stderr and a non-zero exit."""

from __future__ import annotations

import sys

# Command modules register themselves on ``app`` when imported.
from kg.cli import build as _build  # noqa: F401
from kg.cli import eval as _eval  # noqa: F401
from kg.cli import export as _export  # noqa: F401
from kg.cli import query as _query  # noqa: F401
from kg.cli import schema as _schema  # noqa: F401
from kg.cli import serve as _serve  # noqa: F401
from kg.cli import viz as _viz  # noqa: F401
from kg.cli._app import app
from kg.errors import KGError

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: run the app, translating project errors into one line."""
    try:
        app()
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
