"""Small helpers every service shares: labels and their keys, JSON-safe values.

>>> json_safe({"x": float("nan"), "d": __import__("datetime").date(2025, 9, 1)})
{'x': 'NaN', 'd': '2025-09-01'}
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from kg.schema import load_schema


class EntityLabel(StrEnum):
    """Labels browsable under /entities: every node label with a ``name`` key."""

    Model = "Model"
    Dataset = "Dataset"
    Modality = "Modality"
    Task = "Task"
    Setting = "Setting"
    Anatomy = "Anatomy"
    Metric = "Metric"
    Venue = "Venue"


def key_property(label: str) -> str:
    """The property that identifies a node of ``label`` (``id``, ``name`` or ``url``)."""
    return load_schema().node(label).key


def is_node(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("kind") == "node"


def is_relationship(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("kind") == "relationship"


def json_safe(value: Any) -> Any:
    """A value JSON can carry: non-finite floats and dates as strings, bytes as base64."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return json_safe(float(value))
    if isinstance(value, UUID):
        return str(value)
    return str(value)
