"""Rate-limit counters shared by every worker process on one machine: a small SQLite file.

flask-limiter's default `memory://` storage is per process, so N gunicorn workers allowed N times
the limit. This registers the storage scheme `factcheck-sqlite:///PATH` with the `limits` library
(fixed windows: one upsert per counted request, in a file of its own so it never waits on the
desk's database). Several machines share Redis instead (`RATELIMIT_STORAGE_URI=redis://…`).
"""
from __future__ import annotations

import sqlite3
import threading
import time

from limits.storage import Storage

SCHEMA = """CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID"""
INCREMENT = """INSERT INTO counters (key, count, expires_at) VALUES (:key, :amount, :now + :expiry)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_at <= :now THEN :amount ELSE count + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
RETURNING count"""


class SqliteFileStorage(Storage):
    STORAGE_SCHEME = ["factcheck-sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.split("://", 1)[1]  # factcheck-sqlite:///abs/path → /abs/path
        self._local = threading.local()
        self._connection().execute(SCHEMA)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        if hash(key) % 256 == 0:  # now and then, drop expired windows so the file stays small
            self._connection().execute("DELETE FROM counters WHERE expires_at <= ?", (time.time(),))
        row = self._connection().execute(INCREMENT, {"key": key, "amount": amount, "now": time.time(),
                                                     "expiry": float(expiry)}).fetchone()
        return int(row[0])

    def get(self, key: str) -> int:
        row = self._connection().execute("SELECT count FROM counters WHERE key = ? AND expires_at > ?",
                                         (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._connection().execute("SELECT expires_at FROM counters WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        self._connection().execute("SELECT 1")
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
