"""`factcheck backup DEST` and `factcheck restore SRC`: a copy of the whole database, and back.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) in one step, which copies a
consistent snapshot while the app goes on writing; the copy is checked (`PRAGMA integrity_check`)
and written to a temporary file beside DEST, renamed into place only when complete.
A restore checks the file first (a SQLite database, not truncated, intact, a factcheck database at
a migration this code knows), keeps a copy of the database it replaces, then copies the backup in
through the same API, so a running server's connections see the restored desk, not a torn file.
PostgreSQL: `pg_dump --format=custom --no-owner --no-privileges` and `pg_restore --clean
--if-exists --single-transaction` (nothing changes unless all of it loads).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL

from factcheck.migrate import alembic_config, head_revisions

DESK_TABLES = {"alembic_version", "users", "claims", "verdicts", "settings"}


class OperationError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Checked:
    path: Path
    revisions: frozenset[str]

    @property
    def behind(self) -> bool:
        return set(self.revisions) != head_revisions()


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise OperationError("An in-memory SQLite database has nothing to back up or restore.")
    return Path(url.database).resolve()


def destination(dest: Path, suffix: str) -> Path:
    """DEST itself, or a dated file inside DEST when it is a folder; its folder must be writable."""
    target = dest / f"factcheck-{stamp()}{suffix}" if dest.is_dir() else dest
    folder = target.parent
    if not folder.is_dir():
        raise OperationError(f"Cannot write the backup to {target}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OperationError(f"Cannot write the backup to {target}: this user may not write in {folder}.")
    if target.exists() and target.is_dir():
        raise OperationError(f"Cannot write the backup to {target}: it is a folder.")
    return target


@contextmanager
def partial_file(target: Path) -> Iterator[Path]:
    """A temporary file beside `target`, renamed onto it when the block ends well, removed otherwise."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            temporary.unlink()
        raise


# -- SQLite ---------------------------------------------------------------------------------------

def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)  # pages=-1: one step, so the copy is one consistent snapshot
    target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def backup_sqlite(url: URL, dest: Path) -> Path:
    database = sqlite_path(url)
    if not database.is_file():
        raise OperationError(f"There is no database at {database} to back up.")
    target = destination(dest, ".db")
    try:
        with partial_file(target) as temporary:
            source, copy = _read_only(database), sqlite3.connect(temporary)
            try:
                _copy(source, copy)
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
                source.close()
            if verdict != "ok":
                raise OperationError(f"The copy of {database} failed SQLite's integrity check ({verdict}): "
                                     "the database itself may be damaged; nothing was written.")
    except (sqlite3.Error, OSError) as error:
        raise OperationError(f"Cannot back up {database} to {target}: {error}. Nothing was written.") from None
    return target


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _truncated(path: Path) -> bool:
    """SQLite's header records the page size and, when current, the page count: a shorter file is cut."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, valid_for, counter = (int.from_bytes(header[i:i + 4], "big") for i in (28, 92, 24))
    return bool(pages) and valid_for == counter and path.stat().st_size < pages * page_size


def check_sqlite_backup(path: Path) -> Checked:
    """Refuse anything but an intact factcheck database at a migration this code knows."""
    if not path.is_file():
        raise OperationError(f"There is no file at {path}.")
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise OperationError(f"{path} is not a SQLite database (a PostgreSQL dump? restore it into "
                                 "PostgreSQL). Nothing was changed.")
    if _truncated(path):
        raise OperationError(f"{path} is shorter than its own header says: the file is truncated. "
                             "Nothing was changed.")
    try:
        connection = _read_only(path)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = (frozenset(row[0] for row in connection.execute("SELECT version_num FROM alembic_version"))
                         if "alembic_version" in tables else frozenset())
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise OperationError(f"{path} cannot be read as a database ({error}): it is damaged or truncated. "
                             "Nothing was changed.") from None
    if verdict != "ok":
        raise OperationError(f"{path} failed SQLite's integrity check ({verdict}). Nothing was changed.")
    if not DESK_TABLES <= tables or not revisions:
        raise OperationError(f"{path} is a SQLite database but not a factcheck desk (no "
                             f"{', '.join(sorted(DESK_TABLES - tables)) or 'migration revision'}). Nothing was changed.")
    unknown = set(revisions) - known_revisions()
    if unknown:
        raise OperationError(f"{path} is at migration {', '.join(sorted(unknown))}, which this code does not know "
                             "(a newer version of factcheck made it): upgrade factcheck first. Nothing was changed.")
    return Checked(path, revisions)


def restore_sqlite(url: URL, checked: Checked) -> Path | None:
    """Copy the checked backup into the database; returns where the replaced database was kept."""
    database = sqlite_path(url)
    kept = None
    if database.is_file():
        kept = database.with_name(f"{database.name}.before-restore-{stamp()}")
        source, copy = _read_only(database), sqlite3.connect(kept)
        try:
            _copy(source, copy)
        finally:
            copy.close()
            source.close()
    elif not database.parent.is_dir():
        raise OperationError(f"Cannot restore to {database}: the folder {database.parent} does not exist.")
    source, live = _read_only(checked.path), sqlite3.connect(database, timeout=30)
    try:
        source.backup(live)
    except sqlite3.Error as error:
        raise OperationError(f"Cannot restore into {database}: {error}.") from None
    finally:
        live.close()
        source.close()
    return kept


# -- PostgreSQL -----------------------------------------------------------------------------------

def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise OperationError(f"{name} is not on PATH: install PostgreSQL's client programs of the server's major "
                             f"version (Debian: apt install postgresql-client-15) or put their bin folder on PATH.")
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A connection string without the password, and the environment that carries it (not argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str], doing: str) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise OperationError(f"{doing} failed: {said[-1] if said else f'exit {done.returncode}'}")


def backup_postgresql(url: URL, dest: Path) -> Path:
    pg_dump = _tool("pg_dump")
    target = destination(dest, ".dump")
    dbname, env = _libpq(url)
    with partial_file(target) as temporary:
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}",
              f"--dbname={dbname}"], env, "pg_dump")
    return target


def check_postgresql_backup(path: Path) -> Checked:
    pg_restore = _tool("pg_restore")
    if not path.is_file():
        raise OperationError(f"There is no file at {path}.")
    with open(path, "rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise OperationError(f"{path} is not a pg_dump custom-format file (a SQLite backup? restore it into "
                                 "SQLite). Nothing was changed.")
    done = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise OperationError(f"{path} cannot be read by pg_restore ({done.stderr.strip()}). Nothing was changed.")
    if "TABLE public alembic_version" not in done.stdout or "TABLE public claims" not in done.stdout:
        raise OperationError(f"{path} is a PostgreSQL dump but not of a factcheck desk. Nothing was changed.")
    return Checked(path, frozenset())


def restore_postgresql(url: URL, checked: Checked) -> None:
    dbname, env = _libpq(url)
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={dbname}", str(checked.path)], env,
         "pg_restore (one transaction: nothing was changed)")


# -- the doors ------------------------------------------------------------------------------------

def backup(url: URL, dest: Path) -> Path:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return backup_sqlite(url, dest)
    if backend == "postgresql":
        return backup_postgresql(url, dest)
    raise OperationError(f"Backups of {backend} databases are not supported.")


def check(url: URL, src: Path) -> Checked:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return check_sqlite_backup(src)
    if backend == "postgresql":
        return check_postgresql_backup(src)
    raise OperationError(f"Restores into {backend} databases are not supported.")


def restore(url: URL, checked: Checked) -> Path | None:
    if url.get_backend_name() == "sqlite":
        return restore_sqlite(url, checked)
    restore_postgresql(url, checked)
    return None
