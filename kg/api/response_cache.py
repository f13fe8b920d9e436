"""Answers to GET requests, kept until the graph changes.

The API serves one snapshot of the graph: a read-only server never sees a later build, and a
writable one changes it only through ``POST /ingest``, which clears this cache when its write
ends (:attr:`kg.api.access.ReadWriteLock.after_write`). So a GET answer stays right until then,
and a repeated one costs a dictionary look-up instead of store queries: on the sample graph
this takes the 50-client mixed-read load from ~58 to several hundred requests/s
(bench/api_load_bench.py). Only complete 200 answers are kept, at most ``max_entries`` of them and
none larger than ``max_body_bytes``; the least recently used go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Entry = tuple[list[tuple[bytes, bytes]], bytes]


class ResponseCache:
    """The store of answers, shared by the middleware and whoever clears it."""

    def __init__(self, *, max_entries: int = 4096, max_body_bytes: int = 2_000_000) -> None:
        self.max_entries = max_entries
        self.max_body_bytes = max_body_bytes
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._lock = threading.Lock()  # cleared from the thread that ran the write
        self._generation = 0  # one more at every clear: an answer computed before it is not kept

    def get(self, key: bytes) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def generation_marker(self) -> int:
        return self._generation

    def put_if_current(self, generation: int, key: bytes, entry: Entry) -> None:
        """Keep ``entry`` unless the cache was cleared since ``generation`` was read."""
        if len(entry[1]) > self.max_body_bytes:
            return
        with self._lock:
            if generation != self._generation:
                return
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()


class CachedGets:
    """ASGI middleware answering repeated GETs from a :class:`ResponseCache`."""

    def __init__(self, app: ASGIApp, *, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        hit = self.cache.get(key)
        if hit is not None:
            await send({"type": "http.response.start", "status": 200, "headers": hit[0]})
            await send({"type": "http.response.body", "body": hit[1]})
            return
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        generation = self.cache.generation_marker()

        async def recording_send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and status == 200:
                    self.cache.put_if_current(generation, key, (headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, recording_send)
