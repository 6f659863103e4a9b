"""HTTP caching for public pages: ETag, Last-Modified, 304s, Cache-Control, and an in-process cache
of rendered pages keyed by what they show (a verdict's id and modified_at), bounded and short-lived.

Only anonymous requests are cached or marked public: a logged-in editor's page carries their name.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Response, current_app, request
from flask_login import current_user

SHARED_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
EXPORT_KEY = "factcheck.static_export"


@dataclass(frozen=True)
class Rendered:
    body: bytes
    mimetype: str
    etag: str
    made_at: float


class PageCache:
    """A bounded LRU of rendered bodies; entries also expire after `ttl` seconds so that changes
    outside the key (the organisation's settings, a rating's label) reach readers soon."""

    def __init__(self, size: int = 1024, ttl: float = 300.0):
        self.size, self.ttl = size, ttl
        self.renders = 0
        self._entries: OrderedDict[Hashable, Rendered] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Rendered | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry.made_at > self.ttl:
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: Hashable, body: bytes, mimetype: str) -> Rendered:
        entry = Rendered(body, mimetype, hashlib.sha256(body).hexdigest()[:32], time.monotonic())
        with self._lock:
            self.renders += 1
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class Memo:
    """Remembers a lookup (slug -> verdict id and modified_at) for `ttl` seconds, so a busy page
    does not ask the database on every request; a change reaches readers within `ttl`.
    `ttl` 0 turns it off (the test suite, where a change must show at once)."""

    def __init__(self, ttl: float, size: int = 4096):
        self.ttl, self.size = ttl, size
        self._entries: dict[Hashable, tuple[float, object]] = {}

    def get(self, key: Hashable, load: Callable[[], object]) -> object:
        if self.ttl <= 0:
            return load()
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        if len(self._entries) >= self.size:
            self._entries.clear()  # crude but bounded; entries live a second anyway
        self._entries[key] = (now + self.ttl, value)
        return value


def page_cache() -> PageCache:
    return current_app.extensions["factcheck.page_cache"]


def anonymous() -> bool:
    return not current_user.is_authenticated


def exporting() -> bool:
    """True while factcheck.export renders the site as static files."""
    return bool(request.environ.get(EXPORT_KEY))


def as_bytes(rendered: str | bytes) -> bytes:
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def conditional(body: bytes, mimetype: str, last_modified: datetime | None = None,
                etag: str | None = None) -> Response:
    """A response that readers' browsers and shared caches may keep, answering 304 when unchanged."""
    response = Response(body, mimetype=mimetype)
    if not anonymous():
        return response  # security_headers marks it private, no-store
    response.set_etag(etag or hashlib.sha256(body).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified.replace(tzinfo=UTC, microsecond=0)
    response.headers["Cache-Control"] = SHARED_CACHE
    return response.make_conditional(request)


def cached(key: Hashable, render: Callable[[], str | bytes], mimetype: str = "text/html",
           last_modified: datetime | None = None) -> Response:
    """Serve the rendered body for `key` from the page cache (anonymous readers only)."""
    if not anonymous():
        return conditional(as_bytes(render()), mimetype, last_modified)
    key = (key, exporting())
    cache = page_cache()
    entry = cache.get(key) or cache.put(key, as_bytes(render()), mimetype)
    return conditional(entry.body, entry.mimetype, last_modified, entry.etag)
