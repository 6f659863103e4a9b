"""Engine, sessions and the base class. One session per request, kept on `g`, closed at teardown."""
from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import Callable

from flask import current_app, g
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def str_enum(enum_class: type[enum.Enum], values: Callable[[enum.Enum], str], length: int = 20) -> SAEnum:
    """A typed enum column kept as a plain string column on every database (no native type, no CHECK)."""
    return SAEnum(enum_class, native_enum=False, create_constraint=False, length=length,
                  values_callable=lambda members: [values(m) for m in members], validate_strings=True)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def db_session() -> Session:
    """The app context's one session (requests and CLI commands), opened on first use."""
    if "db" not in g:
        g.db = current_app.extensions["factcheck.sessionmaker"]()
    return g.db


def close_session(_error: BaseException | None = None) -> None:
    """Teardown: closing rolls back whatever a failed request left uncommitted."""
    session = g.pop("db", None)
    if session is not None:
        session.close()
