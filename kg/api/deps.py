"""``Annotated`` dependencies: settings, the store for reading, the store for writing (token checked)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kg.api.access import GraphAccess
from kg.api.services.cypher import CypherRunner
from kg.api.settings import ApiSettings
from kg.store.base import GraphStore

_bearer = HTTPBearer(auto_error=False, description="The server's KG_API_TOKEN.")


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


def get_access(request: Request) -> GraphAccess:
    access: GraphAccess = request.app.state.graph
    return access


def get_cypher(request: Request) -> CypherRunner:
    runner: CypherRunner = request.app.state.cypher
    return runner


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
AccessDep = Annotated[GraphAccess, Depends(get_access)]
CypherDep = Annotated[CypherRunner, Depends(get_cypher)]


def reading_store(access: AccessDep) -> Iterator[GraphStore]:
    """The store, shared with other readers for the length of the request."""
    with access.lock.reading():
        yield access.store


StoreDep = Annotated[GraphStore, Depends(reading_store)]


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need ``Authorization: Bearer <KG_API_TOKEN>``; with no token configured they are off."""
    if settings.api_token is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "writes are turned off on this server: start it with KG_API_TOKEN set"
        )
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing API token: send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    expected = settings.api_token.get_secret_value().encode()
    if not secrets.compare_digest(credentials.credentials.encode(), expected):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid API token")


TokenDep = Annotated[None, Depends(require_token)]
