"""Can the configured database be reached? One short check with a clear sentence when it cannot.

`factcheck serve`, `factcheck db upgrade` and `factcheck worker` call `problem(url)` before they
start, so a wrong or unreachable DATABASE_URL is "Cannot reach the database at
postgresql://desk@db:5432/factcheck: connection refused", not a stack trace.
"""
from __future__ import annotations

import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

CONNECT_TIMEOUT = 5  # seconds


def _masked(raw: str) -> str:
    """A string that is not a URL may still hold a password: hide all between its // and its last @."""
    if "@" not in raw:
        return raw
    start = raw.find("//") + 2 if "//" in raw else 0
    return raw[:start] + "***" + raw[raw.rfind("@"):]


def display(url: str | URL) -> str:
    """The URL without its password, for messages (also for a string that does not parse)."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return _masked(url)
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=True)


def quick_engine(url: str | URL, timeout: float = CONNECT_TIMEOUT):
    """An engine that connects once per use (no pool) and gives up after `timeout` seconds."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": max(1, int(timeout)),
                        "options": f"-c statement_timeout={int(timeout * 1000)}"}
    elif parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": timeout}
    else:
        connect_args = {}
    return create_engine(parsed, poolclass=NullPool, connect_args=connect_args)


def reason(error: BaseException) -> str:
    """The driver's words, shortened to what a person acts on ("connection refused")."""
    original = getattr(error, "orig", None) or error
    words = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    lowered = words.lower()
    for known, said in (("connection refused", "connection refused"),
                        ("could not translate host name", "unknown host name"),
                        ("name or service not known", "unknown host name"),
                        ("timeout expired", "no answer (timed out)"),
                        ("timed out", "no answer (timed out)"),
                        ("password authentication failed", "password authentication failed"),
                        ("unable to open database file", "cannot open the file (does its folder exist, "
                                                         "and may this user write there?)")):
        if known in lowered:
            return said
    if "failed:" in words:  # libpq: 'connection to server at "h", port 5 failed: FATAL:  database "x" does not exist'
        words = words.rsplit("failed:", 1)[1].strip()
    return re.sub(r"^(FATAL|ERROR):\s*", "", words)


def problem(url: str | URL, timeout: float = CONNECT_TIMEOUT) -> str | None:
    """None when the database answers; else the sentence to print."""
    shown = display(url)
    try:
        engine = quick_engine(url, timeout)
    except (ArgumentError, ValueError):
        return (f"The database URL {shown!r} is not one factcheck can use: write sqlite:////absolute/path.db "
                "or postgresql://user:password@host:5432/dbname.")
    except (NoSuchModuleError, ImportError):
        return (f"The database URL {shown!r} names a database factcheck does not support: use sqlite:///… "
                "or postgresql://….")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (DBAPIError, SQLAlchemyError, OSError) as error:
        return f"Cannot reach the database at {shown}: {reason(error)}"
    finally:
        engine.dispose()
    return None
