"""Connecting to a Bolt server: URI options, credentials, one driver per process, error messages.

A store URI is a Bolt URI plus two options of the project's own, stripped before the driver
sees the URI: ``dialect`` (``neo4j`` or ``falkordb``; detected when absent) and ``database``.

>>> s = BoltSettings.from_uri("bolt://kg:secret@localhost:7687?dialect=falkordb", env={})
>>> s.driver_uri, s.auth, s.dialect, s.display
('bolt://localhost:7687', ('kg', 'secret'), 'falkordb', 'bolt://kg@localhost:7687')
>>> BoltSettings.from_uri("neo4j://db:7687", env={"NEO4J_PASSWORD": "pw"}).auth
('neo4j', 'pw')
>>> BoltSettings.from_uri("bolt://localhost:7687", env={}).auth is None
True
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from kg.errors import ConfigError, KGError, MissingExtraError, QueryError, ReadOnlyViolation, StoreError
from kg.store.cypher import BOLT_DIALECTS

if TYPE_CHECKING:
    from neo4j import Driver

#: how long to wait for a connection and for retried transactions: fail with advice, not hang
CONNECTION_TIMEOUT = 10.0
ACQUISITION_TIMEOUT = 30.0
RETRY_TIME = 15.0

_DRIVERS: dict[tuple[str, tuple[str, str] | None], Driver] = {}
_LOCK = threading.Lock()
_OPTIONS = ("dialect", "database")

# Neo4j 5 sends notifications (e.g. "property `aliases` does not exist" while a graph is still
# empty) and the driver logs them as WARNINGs on "neo4j.notifications"; with no logging set up,
# Python's last-resort handler would print each one, a multi-line record, on the CLI's stderr.
# A NullHandler keeps them out of a plain `kg` run; an application that configures logging still
# receives them through propagation.
logging.getLogger("neo4j.notifications").addHandler(logging.NullHandler())


def driver_module() -> ModuleType:
    """The ``neo4j`` driver package, or :class:`MissingExtraError` naming the extra."""
    try:
        return importlib.import_module("neo4j")
    except ImportError:
        raise MissingExtraError(package="neo4j", extra="neo4j") from None


@dataclass(frozen=True)
class BoltSettings:
    """Everything needed to reach one Bolt server, read from a store URI and the environment."""

    driver_uri: str
    display: str
    auth: tuple[str, str] | None
    dialect: str | None
    database: str | None

    @classmethod
    def from_uri(cls, uri: str, env: Mapping[str, str] | None = None) -> BoltSettings:
        """Credentials from the URI's ``user:password@``, else ``NEO4J_USER``/``NEO4J_PASSWORD``."""
        env = os.environ if env is None else env
        parts = urlsplit(uri)
        if not parts.hostname:
            raise ConfigError(f"store URI {uri!r} names no host: use bolt://HOST:7687")
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        dialect = query.get("dialect") or None
        if dialect is not None and dialect not in BOLT_DIALECTS:
            raise ConfigError(f"store URI option dialect={dialect!r}: use one of {', '.join(BOLT_DIALECTS)}")
        driver_query = urlencode({k: v for k, v in query.items() if k not in _OPTIONS})
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        netloc = f"{host}:{parts.port}" if parts.port else host
        user = unquote(parts.username) if parts.username else env.get("NEO4J_USER", "").strip()
        password = unquote(parts.password) if parts.password else env.get("NEO4J_PASSWORD", "")
        auth = (user or "neo4j", password) if password else None
        shown = f"{user}@{netloc}" if user else netloc
        return cls(
            driver_uri=urlunsplit((parts.scheme, netloc, "", driver_query, "")),
            display=urlunsplit((parts.scheme, shown, "", "", "")),
            auth=auth,
            dialect=dialect,
            database=query.get("database") or None,
        )


def shared_driver(settings: BoltSettings) -> Driver:
    """The process's one driver for this server and user, created on first use.

    Drivers pool connections and are meant to live as long as the process; closing stores does
    not close them (``close_drivers`` does, at exit).
    """
    key = (settings.driver_uri, settings.auth)
    with _LOCK:
        driver = _DRIVERS.get(key)
        if driver is None:
            neo4j = driver_module()
            try:
                driver = neo4j.GraphDatabase.driver(
                    settings.driver_uri,
                    auth=settings.auth,
                    connection_timeout=CONNECTION_TIMEOUT,
                    connection_acquisition_timeout=ACQUISITION_TIMEOUT,
                    max_transaction_retry_time=RETRY_TIME,
                    user_agent="medimg-kg",
                )
            except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
                raise ConfigError(f"store URI {settings.display}: {exc}") from exc
            _DRIVERS[key] = driver
        return driver


def close_drivers() -> None:
    """Close every driver this process opened (registered to run at exit)."""
    with _LOCK:
        drivers = list(_DRIVERS.values())
        _DRIVERS.clear()
    for driver in drivers:
        driver.close()


atexit.register(close_drivers)

_ACCESS_MODE_CODES = ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.Security.Forbidden")
_TIMEOUT_CODES = ("Neo.ClientError.Transaction.TransactionTimedOut",
                  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")


def translate(exc: Exception, target: str) -> KGError:
    """A project error with an actionable message for a driver error raised talking to ``target``."""
    errors = driver_module().exceptions
    message = getattr(exc, "message", None) or str(exc)
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, errors.AuthError | errors.AuthConfigurationError):
        return StoreError(f"{target} refused the credentials: check NEO4J_USER/NEO4J_PASSWORD "
                          "(or user:password@ in the store URI)")
    unreachable = errors.ServiceUnavailable | errors.SessionExpired | errors.ConnectionAcquisitionTimeoutError
    if isinstance(exc, unreachable):
        return StoreError(f"cannot reach {target}: is Neo4j running? docker compose up -d neo4j "
                          f"(or scripts/neo4j-local start) ({message})")
    if isinstance(exc, errors.ConstraintError):
        return StoreError(f"constraint violation on {target}: {message} (each label's key must be unique; "
                          "run `kg stats` and fix or clear the duplicate)")
    if code in _ACCESS_MODE_CODES:
        return ReadOnlyViolation(f"read-only query refused by {target}: {message}")
    if code in _TIMEOUT_CODES:
        return QueryError(f"query timeout: {target} cancelled it ({message})")
    if isinstance(exc, errors.CypherSyntaxError):
        return QueryError(f"Cypher syntax error: {message}")
    if isinstance(exc, errors.Neo4jError):
        return QueryError(f"{target} refused the query ({code or 'no code'}): {message}")
    return StoreError(f"{target}: {message}")
