"""Cutting ``UNWIND $rows`` batches by row count and, for servers with a small message limit, size.

Neo4j takes batches of any sensible size; FalkorDB's Bolt endpoint crashes on a message over
about 4 KB (query text plus parameters), so there each batch also stays under a byte budget and
a row too big on its own is split into several rows for the same key, each carrying some of the
properties (the statements ``SET x += row.props``, so partial rows add up).

>>> rows = [{"key": str(i), "props": {"v": "x" * 40}} for i in range(5)]
>>> [len(b) for b in batches(rows, batch_size=2)]
[2, 2, 1]
>>> [len(b) for b in batches(rows, batch_size=100, max_bytes=160)]
[2, 2, 1]
>>> big = {"key": "k", "props": {"a": "x" * 60, "b": "y" * 60}}
>>> [sorted(r["props"]) for r in split_row(big, max_bytes=100)]
[['a'], ['b']]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from kg.errors import StoreError

Row = dict[str, Any]


def encoded_size(value: Any) -> int:
    """Bytes a value takes on the wire, estimated by its JSON (Bolt's PackStream is no larger)."""
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


Measure = Callable[[Any], int]


def split_row(row: Row, max_bytes: int, measure: Measure = encoded_size) -> list[Row]:
    """``row`` as one or more rows under ``max_bytes``, dividing its ``props`` between them."""
    if measure(row) <= max_bytes:
        return [row]
    base = {k: v for k, v in row.items() if k != "props"}
    parts: list[Row] = []
    current: dict[str, Any] = {}
    for name, value in row["props"].items():
        candidate = {**current, name: value}
        if current and measure({**base, "props": candidate}) > max_bytes:
            parts.append({**base, "props": current})
            candidate = {name: value}
        if measure({**base, "props": candidate}) > max_bytes:
            where = ", ".join(f"{k}={v!r:.60}" for k, v in base.items())
            raise StoreError(f"property {name!r} of ({where}) is {measure(value)} bytes: more than this "
                             f"server accepts in one message ({max_bytes} bytes)")
        current = candidate
    parts.append({**base, "props": current})
    return parts


def batches(rows: Sequence[Row], *, batch_size: int, max_bytes: int | None = None,
            measure: Measure = encoded_size) -> Iterator[list[Row]]:
    """Consecutive batches of at most ``batch_size`` rows and, if given, ``max_bytes`` of parameters
    (as ``measure`` counts them)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    batch: list[Row] = []
    size = 2  # the list's brackets
    for original in rows:
        for row in split_row(original, max_bytes - 2, measure) if max_bytes else [original]:
            row_size = measure(row) + 1 if max_bytes else 0
            if batch and (len(batch) >= batch_size or (max_bytes and size + row_size > max_bytes)):
                yield batch
                batch, size = [], 2
            batch.append(row)
            size += row_size
    if batch:
        yield batch
