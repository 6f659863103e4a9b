"""`factcheck dump --format jsonl` and `factcheck load FILE`: a whole desk as lines of JSON, to move it
between SQLite and PostgreSQL (or keep a copy that any tool can read) with nothing lost.

The file, one JSON value per line:

    {"format": "factcheck-dump", "version": 1, "revision": ["0009p", …], "dialect": "sqlite", …}
    {"table": "users", "columns": ["id", "email", …]}         every table of Base.metadata, parents first
    {"id": 1, "email": "…", …}                                 one object per row, in primary-key order
    {"end": "users", "rows": 12}
    …
    {"end": "dump", "tables": 31, "rows": 5120}               a file without this line is truncated

Values: dates and datetimes as ISO 8601 strings (microseconds kept), bytes as base64, enums as the
stored word, and JSON columns as the exact JSON text the database holds (so SQL NULL and JSON null,
key order and numbers come back as they were). The dump is read in one transaction (REPEATABLE READ
on PostgreSQL, one read snapshot on SQLite): a desk in use gives a consistent file.

Search indexes are derived data and are not in the file: SQLite's FTS5 tables (verdict_search,
match_search, claim_search) and PostgreSQL's tsvector columns are rebuilt by the database's own
triggers and generated columns as the rows go in, and load then runs FTS5's 'rebuild' on SQLite.
The matching tables (match_documents, match_terms) are ordinary tables and travel as rows.

`load` runs in one transaction: a truncated or damaged file, a row the target refuses, anything,
and nothing is changed. It refuses a dump from another migration revision and a target that already
holds a desk unless told (`replace=True`); on PostgreSQL the id sequences are moved past the loaded ids.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    String,
    Table,
    Text,
    bindparam,
    cast,
    func,
    insert,
    select,
    text,
    type_coerce,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.types import Date, DateTime, LargeBinary

import factcheck.models  # noqa: F401  (every table on Base.metadata)
from factcheck import migrate
from factcheck.db import Base

FORMAT, VERSION = "factcheck-dump", 1
INSTALLED = {"settings", "rating_levels"}  # rows the migrations install: a fresh database's are replaced
BATCH = 1000


class DumpError(Exception):
    """A dump that cannot be written or loaded; the message says why (and that nothing changed)."""


def tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


# -- values ---------------------------------------------------------------------------------------

def _kind(column) -> str:
    kind = column.type
    if isinstance(kind, JSON):
        return "json"
    if isinstance(kind, SAEnum):
        return "enum"
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, LargeBinary):
        return "bytes"
    return "plain"


def _selected(column):
    """JSON as the text stored, enums as the word stored: nothing parsed or re-serialised on the way."""
    kind = _kind(column)
    if kind == "json":
        return cast(column, Text).label(column.name)
    if kind == "enum":
        return type_coerce(column, String()).label(column.name)
    return column


_ENCODE: dict[str, Callable[[Any], Any]] = {
    "datetime": lambda v: v.isoformat(), "date": lambda v: v.isoformat(),
    "bytes": lambda v: base64.b64encode(bytes(v)).decode("ascii"),
}
_DECODE: dict[str, Callable[[Any], Any]] = {
    "datetime": datetime.fromisoformat, "date": date.fromisoformat,
    "bytes": lambda v: base64.b64decode(v.encode("ascii"), validate=True),
}


def encode_row(columns, kinds, row) -> dict[str, Any]:
    return {name: (value if value is None or kind not in _ENCODE else _ENCODE[kind](value))
            for name, kind, value in zip(columns, kinds, row)}


# -- dump -----------------------------------------------------------------------------------------

@dataclass
class Summary:
    tables: int = 0
    rows: int = 0


def _snapshot(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")  # one read snapshot for every SELECT that follows


def dump(engine: Engine, out: IO[str]) -> Summary:
    """Write the whole desk to `out` (text, one JSON value per line)."""
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    summary = Summary()
    with engine.connect().execution_options(**options) as connection:
        _snapshot(connection)
        revisions = sorted(MigrationContext.configure(connection).get_current_heads())
        if not revisions:
            raise DumpError("The database has no migrations applied: there is no desk to dump.")
        write = lambda value: out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")  # noqa: E731
        write({"format": FORMAT, "version": VERSION, "revision": revisions, "dialect": engine.dialect.name,
               "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "tables": len(tables())})
        for table in tables():
            columns = [c.name for c in table.columns]
            kinds = [_kind(c) for c in table.columns]
            write({"table": table.name, "columns": columns})
            count = 0
            statement = select(*map(_selected, table.columns)).order_by(*table.primary_key.columns)
            for row in connection.execution_options(stream_results=True, yield_per=BATCH).execute(statement):
                write(encode_row(columns, kinds, row))
                count += 1
            write({"end": table.name, "rows": count})
            summary.tables, summary.rows = summary.tables + 1, summary.rows + count
        write({"end": "dump", "tables": summary.tables, "rows": summary.rows})
        connection.rollback()
    return summary


# -- load -----------------------------------------------------------------------------------------

class Lines:
    """The file's lines as JSON values, with the line number for messages."""

    def __init__(self, source: Iterable[str]):
        self._source = iter(source)
        self.number = 0

    def next(self, expecting: str) -> Any:
        try:
            raw = next(self._source)
        except StopIteration:
            raise DumpError(f"The dump ends at line {self.number}, before {expecting}: the file is truncated. "
                            "Nothing was changed.") from None
        self.number += 1
        if not raw.endswith("\n"):
            raise DumpError(f"Line {self.number} of the dump is cut off: the file is truncated. Nothing was changed.")
        try:
            return json.loads(raw)
        except ValueError:
            raise DumpError(f"Line {self.number} of the dump is not JSON: the file is damaged. "
                            "Nothing was changed.") from None


def read_header(lines: Lines) -> dict:
    header = lines.next("its first line")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DumpError("This is not a factcheck dump (its first line does not say format factcheck-dump). "
                        "Nothing was changed.")
    if header.get("version") != VERSION:
        raise DumpError(f"This dump is format version {header.get('version')!r}; this code reads version {VERSION}. "
                        "Nothing was changed.")
    return header


def desk_rows(connection: Connection) -> dict[str, int]:
    """Rows in the tables a fresh database has none in (what a load would overwrite)."""
    counts = {}
    for table in tables():
        if table.name not in INSTALLED:
            number = connection.scalar(select(func.count()).select_from(table))
            if number:
                counts[table.name] = number
    return counts


def _statement(table: Table, dialect: str):
    """INSERT with JSON columns taking the JSON text as it is (cast on PostgreSQL, stored as-is on SQLite)."""
    values = {}
    for column in table.columns:
        kind = _kind(column)
        if kind == "json":
            raw = bindparam(column.name, type_=Text())
            values[column.name] = cast(raw, column.type) if dialect == "postgresql" else raw
        elif kind == "enum":
            values[column.name] = bindparam(column.name, type_=String())
        else:
            values[column.name] = bindparam(column.name, type_=column.type)
    return insert(table).values(values)


def _parents_first(table: Table, rows: list[dict]) -> list[dict]:
    """Rows of a table that refers to itself (a claim that duplicates another) with each referred row first."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not links or len(table.primary_key.columns) != 1:
        return rows
    key = next(iter(table.primary_key.columns)).name
    pending, placed, ordered = list(rows), set(), []
    present = {row[key] for row in rows}
    while pending:
        ready = [row for row in pending if all(row[child] is None or row[child] not in present or row[child] in placed
                                               or row[child] == row[key] for child, _ in links)]
        if not ready:
            raise DumpError(f"Rows of {table.name} refer to each other in a circle: the dump cannot be loaded. "
                            "Nothing was changed.")
        ordered += ready
        placed.update(row[key] for row in ready)
        taken = {id(row) for row in ready}
        pending = [row for row in pending if id(row) not in taken]
    return ordered


def _decode(table: Table, columns: list[str], record: Any, lines: Lines) -> dict:
    if not isinstance(record, dict) or set(record) != set(columns):
        raise DumpError(f"Line {lines.number} is not a row of {table.name} with its columns: the file is damaged. "
                        "Nothing was changed.")
    row = {}
    for name in columns:
        value, kind = record[name], _kind(table.c[name])
        try:
            row[name] = value if value is None or kind not in _DECODE else _DECODE[kind](value)
        except (TypeError, ValueError):
            raise DumpError(f"Line {lines.number}: {table.name}.{name} holds {value!r}, which is not a {kind}. "
                            "Nothing was changed.") from None
    return row


def _insert(connection: Connection, table: Table, statement, rows: list[dict]) -> None:
    if not rows:
        return
    try:
        connection.execute(statement, rows)
    except (DBAPIError, StatementError) as error:
        said = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise DumpError(f"The target database refused a row of {table.name} ({said}). Nothing was changed.") from None


def _load_table(connection: Connection, table: Table, lines: Lines, columns: list[str]) -> int:
    known = [c.name for c in table.columns]
    if columns != known:
        raise DumpError(f"Table {table.name} has the columns {', '.join(known)} here but {', '.join(columns)} in "
                        "the dump. Nothing was changed.")
    statement = _statement(table, connection.dialect.name)
    self_referring = any(fk.column.table is table for fk in table.foreign_keys)
    batch: list[dict] = []
    count = 0
    while True:
        record = lines.next(f"the end of table {table.name}")
        if isinstance(record, dict) and set(record) == {"end", "rows"}:
            if record["end"] != table.name or record["rows"] != count:
                raise DumpError(f"Table {table.name} should end with {count} rows at line {lines.number}: "
                                "the file is damaged. Nothing was changed.")
            break
        batch.append(_decode(table, columns, record, lines))
        count += 1
        if len(batch) >= BATCH and not self_referring:
            _insert(connection, table, statement, batch)
            batch = []
    _insert(connection, table, statement, _parents_first(table, batch) if self_referring else batch)
    return count


def reset_sequences(connection: Connection) -> None:
    for table in tables():
        if "id" in table.c and table.c.id.autoincrement is not False and table.c.id.primary_key:
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                # names from the models (bandit B608)
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))  # nosec B608


def rebuild_search(connection: Connection) -> list[str]:
    """SQLite: FTS5's 'rebuild' on every full-text table (their triggers filled them as rows went in)."""
    names = [row[0] for row in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'")]
    for name in names:
        # names from sqlite_master (bandit B608)
        connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('rebuild')")  # nosec B608
    return names


@dataclass
class Loaded:
    tables: int
    rows: int
    replaced: dict[str, int]
    reindexed: list[str]


def load(engine: Engine, source: Iterable[str], *, replace: bool = False, ignore_revision: bool = False) -> Loaded:
    """Load a dump into `engine`'s database, all of it or (on any problem) nothing."""
    lines = Lines(source)
    header = read_header(lines)
    wanted = migrate.current_revisions(engine)
    if not wanted:
        raise DumpError("The target database has no migrations applied: run `factcheck db upgrade` on it first. "
                        "Nothing was changed.")
    theirs = set(header.get("revision") or [])
    if theirs != wanted and not ignore_revision:
        raise DumpError(f"The dump is at migration {', '.join(sorted(theirs))}, the target database at "
                        f"{', '.join(sorted(wanted))}: bring both to the same revision (`factcheck db upgrade`) "
                        "and dump again. Nothing was changed.")
    by_name = {table.name: table for table in tables()}
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        existing = desk_rows(connection)
        if existing and not replace:
            shown = ", ".join(f"{n} {name}" for name, n in sorted(existing.items(), key=lambda item: -item[1])[:5])
            raise DumpError(f"The target database already holds a desk ({shown}…): load into a freshly migrated "
                            "database, or pass --replace to delete everything in it first. Nothing was changed.")
        for table in reversed(tables()):
            connection.execute(table.delete())
        seen, rows = [], 0
        while True:
            record = lines.next("the end of the dump")
            if isinstance(record, dict) and record.get("end") == "dump":
                if record.get("tables") != len(seen) or record.get("rows") != rows:
                    raise DumpError("The dump's last line does not match what came before: the file is damaged. "
                                    "Nothing was changed.")
                break
            if not isinstance(record, dict) or set(record) != {"table", "columns"}:
                raise DumpError(f"Line {lines.number} should start a table: the file is damaged. Nothing was changed.")
            table = by_name.get(record["table"])
            if table is None:
                raise DumpError(f"The dump holds a table {record['table']!r} this code does not have. "
                                "Nothing was changed.")
            rows += _load_table(connection, table, lines, list(record["columns"]))
            seen.append(table.name)
        missing = [name for name in by_name if name not in seen]
        if missing and not ignore_revision:
            raise DumpError(f"The dump has no {', '.join(missing)}: it is incomplete. Nothing was changed.")
        if connection.dialect.name == "postgresql":
            reset_sequences(connection)
            reindexed: list[str] = []  # tsvector columns: filled by their trigger or generated as rows went in
        else:
            reindexed = rebuild_search(connection)
    return Loaded(len(seen), rows, existing, reindexed)


