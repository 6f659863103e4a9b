"""`factcheck backup` and `factcheck restore` as an operator runs them: a consistent copy while the desk
writes, refusal of a damaged, truncated or foreign file with nothing changed, no partial file left."""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, insert, select, text

from factcheck import migrate
from factcheck.cli import main
from factcheck.db import make_engine
from factcheck.models import AuditEvent, User
from factcheck.operations import backup


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory):
    """One migrated SQLite desk, copied for each test (migrating takes seconds)."""
    path = tmp_path_factory.mktemp("template") / "desk.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    return path


@pytest.fixture
def desk(migrated_template, tmp_path):
    path = tmp_path / "desk.db"
    path.write_bytes(migrated_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(insert(User), [{"email": f"u{n}@example.org", "name": f"User {n}", "role": "reviewer",
                                           "password_hash": "x"} for n in range(20)])
    yield path, engine
    engine.dispose()


def cli(path: Path, *args, input=None):
    env = {"FACTCHECK_DATABASE_URL": f"sqlite:///{path}", "FACTCHECK_INSTANCE": str(path.parent / "instance")}
    return CliRunner().invoke(main, list(args), env=env, input=input)


def users(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT email FROM users ORDER BY id")]


def test_backup_is_consistent_while_the_app_writes(desk, tmp_path):
    path, engine = desk
    stop, written = threading.Event(), [0]

    def writer():  # each transaction adds two audit events naming the same pair: a copy holds both or neither
        n = 0
        while not stop.is_set():
            with engine.begin() as connection:
                for half in ("first", "second"):
                    connection.execute(insert(AuditEvent), {"action": "pair", "note": f"{n}-{half}", "data": {"n": n}})
            n += 1
            written[0] = n

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        while written[0] < 20:
            time.sleep(0.01)
        for number in range(4):
            result = cli(path, "backup", str(tmp_path / f"copy{number}.db"))
            assert result.exit_code == 0, result.output
            copies.append(tmp_path / f"copy{number}.db")
    finally:
        stop.set()
        thread.join()
    seen = []
    for copy in copies:
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            notes = [row[0] for row in connection.execute("SELECT note FROM audit_events WHERE action = 'pair'")]
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        pairs = {note.split("-")[0] for note in notes}
        assert sorted(notes) == sorted(f"{n}-{half}" for n in pairs for half in ("first", "second"))
        assert len(users(copy)) == 20
        seen.append(len(pairs))
    assert seen == sorted(seen) and seen[0] >= 20 and seen[-1] <= written[0]
    assert not Path(str(copies[0]) + "-wal").exists()


def test_backup_into_a_folder_gets_a_dated_file(desk, tmp_path):
    path, _ = desk
    folder = tmp_path / "backups"
    folder.mkdir()
    result = cli(path, "backup", str(folder))
    assert result.exit_code == 0, result.output
    (written,) = folder.iterdir()
    assert written.name.startswith("factcheck-") and written.suffix == ".db"
    assert f"to {written}" in result.output


@pytest.mark.parametrize("where", ["missing/folder/copy.db", "a-file/copy.db"])
def test_unwritable_destination_is_a_clear_message_and_leaves_nothing(desk, tmp_path, where):
    path, _ = desk
    (tmp_path / "a-file").write_text("not a folder")
    result = cli(path, "backup", str(tmp_path / where))
    assert result.exit_code == 1
    assert f"Error: Cannot write the backup to {tmp_path / where}: the folder" in result.output
    assert "does not exist" in result.output
    assert [p for p in tmp_path.rglob("*") if "copy" in p.name or p.suffix == ".partial"] == []


def test_a_failing_copy_leaves_no_partial_file(desk, tmp_path, monkeypatch):
    path, _ = desk
    folder = tmp_path / "out"
    folder.mkdir()

    def broken(source, target):
        target.execute("CREATE TABLE half_written (x)")
        target.commit()
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup, "_copy", broken)
    with pytest.raises(backup.OperationError, match="disk I/O error. Nothing was written"):
        backup.backup_sqlite(make_engine(f"sqlite:///{path}").url, folder / "copy.db")
    assert list(folder.iterdir()) == []


def test_restore_replaces_the_desk_and_keeps_what_it_replaced(desk, tmp_path):
    path, engine = desk
    assert cli(path, "backup", str(tmp_path / "copy.db")).exit_code == 0
    with engine.begin() as connection:
        connection.execute(insert(User), {"email": "late@example.org", "name": "Late", "role": "editor",
                                          "password_hash": "x"})
    refused = cli(path, "restore", str(tmp_path / "copy.db"), input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert "late@example.org" in users(path)
    result = cli(path, "restore", str(tmp_path / "copy.db"), "--yes")
    assert result.exit_code == 0, result.output
    assert "late@example.org" not in users(path) and len(users(path)) == 20
    kept = next(tmp_path.glob("desk.db.before-restore-*"))
    assert f"kept at {kept}" in result.output and "late@example.org" in users(kept)
    with engine.connect() as connection:  # the app's own pool sees the restored desk
        assert connection.scalar(select(func.count()).select_from(User)) == 20


def damaged(tmp_path, kind: str, source: Path) -> Path:
    target = tmp_path / f"{kind}.db"
    data = source.read_bytes()
    if kind == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif kind == "not-sqlite":
        target.write_bytes(b"PGDMP" + data[5:])
    elif kind == "corrupt":
        page = int.from_bytes(data[16:18], "big")
        target.write_bytes(data[: page * 2] + bytes(range(256)) * (page // 256) + data[page * 3:])
    elif kind == "foreign":
        with sqlite3.connect(target) as connection:
            connection.execute("CREATE TABLE notes (x)")
    elif kind == "unknown-migration":  # made by a newer factcheck
        target.write_bytes(data)
        with sqlite3.connect(target) as connection:
            connection.execute("DELETE FROM alembic_version")
            connection.execute("INSERT INTO alembic_version VALUES ('0099zz')")
    return target


@pytest.mark.parametrize("kind, said", [
    ("truncated", "truncated"), ("not-sqlite", "is not a SQLite database"), ("corrupt", "Nothing was changed"),
    ("foreign", "not a factcheck desk"), ("unknown-migration", "which this code does not know"),
])
def test_restore_refuses_a_bad_file_and_changes_nothing(desk, tmp_path, kind, said):
    path, _ = desk
    assert cli(path, "backup", str(tmp_path / "good.db")).exit_code == 0
    bad = damaged(tmp_path, kind, tmp_path / "good.db")
    before = path.read_bytes()
    result = cli(path, "restore", str(bad), "--yes")
    assert result.exit_code == 1, result.output
    assert said in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before and len(users(path)) == 20
    assert not list(tmp_path.glob("desk.db.before-restore-*"))


def test_postgresql_without_pg_dump_on_path_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    url = make_engine("postgresql://desk@127.0.0.1:5432/factcheck").url
    with pytest.raises(backup.OperationError, match="pg_dump is not on PATH: install PostgreSQL's client"):
        backup.backup(url, tmp_path / "desk.dump")
    assert list(tmp_path.iterdir()) == []


# -- PostgreSQL: only where a server is configured (CI's second pass) -----------------------------

def scratch_postgresql(name: str):
    """A database of its own on the test server (never the test database itself)."""
    url = os.environ.get("FACTCHECK_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set FACTCHECK_TEST_DATABASE_URL=postgresql://… (CI's second pass does)")
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_engine(admin.url.set(database=name).render_as_string(hide_password=False))


def test_postgresql_backup_and_restore(tmp_path):
    engine = scratch_postgresql("factcheck_backup_test")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(insert(User), [{"email": f"pg{n}@example.org", "name": f"PG {n}", "role": "reviewer",
                                           "password_hash": "x"} for n in range(5)])
    env = {"FACTCHECK_DATABASE_URL": engine.url.render_as_string(hide_password=False),
           "FACTCHECK_INSTANCE": str(tmp_path / "instance")}
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "desk.dump")], env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "desk.dump").read_bytes()[:5] == b"PGDMP"
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM users WHERE email = 'pg0@example.org'"))
    truncated = tmp_path / "cut.dump"
    truncated.write_bytes((tmp_path / "desk.dump").read_bytes()[:-2000])
    refused = CliRunner().invoke(main, ["restore", str(truncated), "--yes"], env=env)
    assert refused.exit_code == 1 and "nothing was changed" in refused.output.lower()
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM users")) == 4
    result = CliRunner().invoke(main, ["restore", str(tmp_path / "desk.dump"), "--yes"], env=env)
    assert result.exit_code == 0, result.output
    engine.dispose()
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM users")) == 5
        assert migrate.is_up_to_date(engine)
    engine.dispose()
