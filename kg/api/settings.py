"""API settings from the environment (``KG_*``), checked when the app is created.

A bad value stops the server before it listens, with one line naming the variable:

>>> load_settings(cypher_timeout=-1)
Traceback (most recent call last):
...
kg.errors.ConfigError: KG_CYPHER_TIMEOUT: Input should be greater than 0
>>> load_settings(store="/tmp/g.lbug", cors_origins="https://a.example, http://localhost:5173").cors_origins
['https://a.example', 'http://localhost:5173']
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from kg.errors import ConfigError
from kg.store import default_store

ENV_PREFIX = "KG_"
#: the largest ``limit`` any list endpoint accepts (the spec says so); settings may lower it
PAGE_LIMIT_MAX = 1000
#: the largest ``limit`` the graph endpoints accept; settings may lower it
GRAPH_LIMIT_MAX = 100_000


class ApiSettings(BaseSettings):
    """Everything the API process can be told; each field maps to ``KG_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    store: str = Field(
        default_factory=default_store,
        min_length=1,
        description="A path (embedded LadybugDB) or a bolt:// / neo4j:// URI.",
    )
    api_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for write endpoints (POST /ingest); unset turns writes off.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed by CORS, comma-separated; empty (the default) turns CORS off.",
    )
    cypher_timeout: float = Field(default=10.0, gt=0, le=600, description="Seconds before /cypher gives up.")
    cypher_max_rows: int = Field(default=1000, ge=1, le=100_000, description="Rows /cypher returns at most.")
    cypher_max_length: int = Field(default=20_000, ge=100, le=1_000_000, description="Characters per query.")
    cypher_workers: int = Field(default=2, ge=1, le=64, description="Worker processes that run /cypher.")
    cypher_memory_mb: int = Field(
        default=1024, ge=64, le=1_000_000, description="MB one /cypher worker may use before it is stopped."
    )
    cypher_queue_wait: float = Field(
        default=15.0, gt=0, le=600, description="Seconds /cypher waits for a free worker (then 429)."
    )
    response_cache_entries: int = Field(
        default=4096, ge=0, le=1_000_000,
        description="GET answers kept until the graph changes (0 turns the cache off).",
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1_000, le=1_000_000_000,
        description="Largest request body (POST /ingest has its own limit).",
    )
    page_max: int = Field(
        default=200,
        ge=1,
        le=PAGE_LIMIT_MAX,
        description="Largest page size of list endpoints (larger limits are clamped).",
    )
    graph_max_nodes: int = Field(
        default=20_000,
        ge=10,
        le=GRAPH_LIMIT_MAX,
        description="Most nodes /graph endpoints return (larger limits are clamped).",
    )
    ingest_max_bytes: int = Field(
        default=10_000_000, ge=1_000, le=1_000_000_000, description="Largest POST /ingest body."
    )

    @field_validator("api_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("api_token")
    @classmethod
    def _token_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters (or unset to turn writes off)")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins_are_urls(cls, value: list[str]) -> list[str]:
        for origin in value:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ValueError(f"{origin!r} is not '*' or an http(s):// origin")
        return value

    @property
    def writes_enabled(self) -> bool:
        return self.api_token is not None


def load_settings(**overrides: Any) -> ApiSettings:
    """Settings from the environment, ``overrides`` winning; bad values raise :class:`ConfigError`."""
    try:
        return ApiSettings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"][:1]) or "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{ENV_PREFIX}{field.upper()}: {message}")
    return "; ".join(parts)
