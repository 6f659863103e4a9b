"""`factcheck dump` / `factcheck load`: a desk made through the app's own services (claims in several
states, a published verdict with a correction, evidence, notes, tips, audit events, accounts) moved to
a fresh database and back, every row compared; damaged or foreign dumps refused with nothing changed.

The PostgreSQL legs need FACTCHECK_TEST_DATABASE_URL=postgresql://… (CI's second pass sets it); they
use a database of their own on that server (factcheck_roundtrip), never the test database."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Text, cast, insert, null, select, text, update
from sqlalchemy.types import JSON

from factcheck import matching, migrate
from factcheck.cli import main
from factcheck.db import Base, make_engine, make_sessionmaker
from factcheck.models import Claim, MatchDocument, Setting, User
from factcheck.operations import dump as dumping
from factcheck.services import editorial, notes, research, tips, triage
from factcheck.services.public import search
from factcheck.services.settings import update_settings


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "empty.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def fresh_sqlite(sqlite_template, tmp_path):
    made = []

    def make(name: str) -> str:
        path = tmp_path / f"{name}.db"
        shutil.copyfile(sqlite_template, path)
        made.append(path)
        return f"sqlite:///{path}"

    return make


@pytest.fixture
def desk(app, session, make_user, make_claim, publish):
    """A desk worked through the services; returns its database URL."""
    admin, reviewer = make_user("admin"), make_user("reviewer")
    make_user("reviewer", active=False, name="Gone Reviewer")
    accepted = make_claim("new", text="Unemployment fell to 3.1% in March, the minister said.", score=0.1 + 0.2)
    triage.accept(session, reviewer, accepted.id, accepted.version)
    dismissed = make_claim("new", text="It was a lovely day for it, said the mayor — ☀️ שלום")
    triage.dismiss(session, reviewer, dismissed.id, dismissed.version, "opinion")
    earlier = make_claim("new", text="Crime rose by 50% in Lakeshore in 2022.")
    later = make_claim("new", text="Lakeshore crime went up 50 percent in 2022.")
    triage.mark_duplicate(session, reviewer, earlier.id, earlier.version, later.id)  # refers to a later row
    taken = make_claim("queued", text="The council spent £2m on consultants last year.")
    taken = research.take(session, reviewer, taken.id, taken.version)
    notes.add(session, reviewer, taken.id, "Ask the council's press office for the invoice list.")
    verdict = publish("Crime did not rise by half", claim_text="Crime in Lakeshore rose by 50% in 2022.", sources=2)
    claim = session.get(Claim, verdict.claim_id)
    editorial.correct(session, publish.editor, claim.id, claim.version,
                      editorial.Change("We had the year wrong.", summary="Police figures show a 3% rise in 2022."))
    tips.submit_tip(session, tips.TipInput(text="Is it true that crime rose by half in Lakeshore?",
                                           contact="reader@example.org", wants_updates=True), address_hash="abc123")
    tips.submit_tip(session, tips.TipInput(text="The new bridge cost twice its budget, a councillor said."),
                    address_hash=None)
    update_settings(session, admin, {"org_name": "Lakeshore Checks"})
    session.add_all([Setting(key="dump_json_null", value=None), Setting(key="dump_sql_null", value=null()),
                     Setting(key="dump_nested", value={"z": [1, 2.5, None, {"b": True}], "a": "é"})])
    session.execute(update(MatchDocument).where(MatchDocument.id == session.scalar(select(MatchDocument.id).limit(1)))
                    .values(embedding=bytes(range(256))))
    session.commit()
    return app.config["DATABASE_URL"]


def snapshot(url: str) -> dict[str, list]:
    """Every row of every table as SQLAlchemy reads it, and every JSON column as the text stored."""
    engine = make_engine(url)
    taken = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            taken[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
            raw = [cast(c, Text) for c in table.columns if isinstance(c.type, JSON)]
            if raw:
                taken[table.name + " (JSON text)"] = [tuple(row) for row in
                                                      connection.execute(select(*raw).order_by(*order))]
    engine.dispose()
    return taken


def cli(url: str, tmp_path: Path, *args):
    return CliRunner().invoke(main, list(args), env={"FACTCHECK_DATABASE_URL": url,
                                                      "FACTCHECK_INSTANCE": str(tmp_path / "instance")})


def move(source: str, target: str, tmp_path: Path, name: str) -> Path:
    file = tmp_path / f"{name}.jsonl"
    dumped = cli(source, tmp_path, "dump", "--format", "jsonl", "--out", str(file))
    assert dumped.exit_code == 0, dumped.output
    loaded = cli(target, tmp_path, "load", str(file))
    assert loaded.exit_code == 0, loaded.output
    return file


def searchable(url: str) -> None:
    """The derived search data works on the loaded database: public search and claim matching."""
    engine = make_engine(url)
    session = make_sessionmaker(engine)()
    try:
        assert [row.verdict.headline for row in search.search(session, "crime rise").rows] == ["Crime did not rise by half"]
        assert search.search(session, "consultants").rows == []  # not published, not searchable
        found = matching.similar(session, "Lakeshore crime rose by half in 2022")
        assert found and found[0].score > 0.5
    finally:
        session.close()
        engine.dispose()


def test_every_row_survives_a_move_to_a_fresh_sqlite(desk, fresh_sqlite, tmp_path):
    before = snapshot(desk)
    assert len(before["claims"]) >= 6 and before["corrections"] and before["tips"] and before["evidence"]
    assert before["audit_events"] and before["notes"] and before["verdict_revisions"]
    target = fresh_sqlite("target")
    file = move(desk, target, tmp_path, "desk")
    assert snapshot(target) == before
    searchable(target)
    lines = file.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "factcheck-dump" and set(header["revision"]) == migrate.head_revisions()
    assert json.loads(lines[-1]) == {"end": "dump", "tables": len(Base.metadata.sorted_tables),
                                     "rows": sum(len(v) for k, v in before.items() if "(JSON" not in k)}
    settings = {row["key"]: row["value"] for row in map(json.loads, lines) if set(row) == {"key", "value"}}
    assert settings["dump_json_null"] == "null" and settings["dump_sql_null"] is None  # kept apart


def scratch_postgresql(name: str) -> str:
    url = os.environ.get("FACTCHECK_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set FACTCHECK_TEST_DATABASE_URL=postgresql://… (CI's second pass does)")
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    scratch = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    engine = make_engine(scratch)
    migrate.upgrade(engine)
    engine.dispose()
    return scratch


def test_sqlite_to_postgresql_to_sqlite_keeps_every_row(desk, fresh_sqlite, tmp_path):
    postgresql = scratch_postgresql("factcheck_roundtrip")
    before = snapshot(desk)
    first, last = fresh_sqlite("first"), fresh_sqlite("last")
    move(desk, first, tmp_path, "source")          # whatever the test database is → SQLite
    move(first, postgresql, tmp_path, "sqlite")     # SQLite → PostgreSQL
    move(postgresql, last, tmp_path, "postgresql")  # PostgreSQL → SQLite
    assert snapshot(first) == before
    assert snapshot(postgresql) == before
    assert snapshot(last) == before
    searchable(postgresql)
    searchable(last)
    engine = make_engine(postgresql)  # the id sequences were moved past the loaded rows
    with engine.begin() as connection:
        new_id = connection.execute(insert(User).values(email="after@example.org", name="After", role="reviewer",
                                                        password_hash="x").returning(User.id)).scalar_one()
    engine.dispose()
    assert new_id > max(row[0] for row in before["users"])


def cut(file: Path, how: str) -> Path:
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    damaged = file.with_name(f"{how}.jsonl")
    if how == "mid-line":
        data = "".join(lines)
        damaged.write_text(data[: len(data) * 2 // 3], encoding="utf-8")
    elif how == "at-a-line":
        damaged.write_text("".join(lines[: len(lines) * 2 // 3]), encoding="utf-8")
    elif how == "no-last-line":
        damaged.write_text("".join(lines[:-1]), encoding="utf-8")
    elif how == "row-missing":  # a row dropped from the middle: its table's count gives it away
        row = next(n for n, line in enumerate(lines) if n > len(lines) // 2 and '"table"' not in line
                   and '"end"' not in line)
        damaged.write_text("".join(lines[:row] + lines[row + 1:]), encoding="utf-8")
    elif how == "bad-value":
        row = next(n for n, line in enumerate(lines) if '"created_at":"' in line and n > 2)
        damaged.write_text("".join(lines[:row] + [lines[row].replace('"created_at":"', '"created_at":"not a date ', 1)]
                                   + lines[row + 1:]), encoding="utf-8")
    return damaged


@pytest.mark.parametrize("how, said", [
    ("mid-line", "truncated"), ("at-a-line", "truncated"), ("no-last-line", "truncated"),
    ("row-missing", "damaged"), ("bad-value", "not a datetime"),
])
def test_a_damaged_dump_is_refused_and_nothing_changes(desk, fresh_sqlite, tmp_path, how, said):
    target = fresh_sqlite("target")
    file = move(desk, target, tmp_path, "desk")
    engine = make_engine(target)
    with engine.begin() as connection:  # the target now differs from the dump: a load would show
        connection.execute(insert(User).values(email="only-here@example.org", name="Only here", role="admin",
                                               password_hash="x"))
    engine.dispose()
    before = snapshot(target)
    result = cli(target, tmp_path, "load", str(cut(file, how)), "--replace")
    assert result.exit_code == 1, result.output
    assert said in result.output and "Nothing was changed." in result.output and "Traceback" not in result.output
    assert snapshot(target) == before


def test_a_desk_already_there_is_kept_unless_replace_is_given(desk, fresh_sqlite, tmp_path):
    target = fresh_sqlite("target")
    file = move(desk, target, tmp_path, "desk")
    again = cli(target, tmp_path, "load", str(file))
    assert again.exit_code == 1
    assert "already holds a desk" in again.output and "--replace" in again.output
    replaced = cli(target, tmp_path, "load", str(file), "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert snapshot(target) == snapshot(desk)


def test_a_dump_from_another_revision_is_refused_unless_told(desk, fresh_sqlite, tmp_path):
    target = fresh_sqlite("target")
    file = tmp_path / "desk.jsonl"
    assert cli(desk, tmp_path, "dump", "--out", str(file)).exit_code == 0
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    older = tmp_path / "older.jsonl"
    older.write_text(json.dumps({**header, "revision": ["0008j"]}) + "\n" + "".join(lines[1:]), encoding="utf-8")
    refused = cli(target, tmp_path, "load", str(older))
    assert refused.exit_code == 1 and "The dump is at migration 0008j" in refused.output
    assert cli(target, tmp_path, "load", str(older), "--ignore-revision").exit_code == 0
    assert snapshot(target) == snapshot(desk)


@pytest.mark.parametrize("content, said", [
    ("", "truncated"), ("hello\n", "not JSON"), ('{"format": "something-else"}\n', "not a factcheck dump"),
    ('{"format": "factcheck-dump", "version": 99}\n', "format version 99"),
])
def test_a_file_that_is_not_a_dump_is_refused(fresh_sqlite, tmp_path, content, said):
    target = fresh_sqlite("target")
    (tmp_path / "file.jsonl").write_text(content, encoding="utf-8")
    before = snapshot(target)
    result = cli(target, tmp_path, "load", str(tmp_path / "file.jsonl"))
    assert result.exit_code == 1 and said in result.output
    assert snapshot(target) == before


def test_dump_refuses_an_unwritable_out_and_leaves_nothing(desk, tmp_path):
    result = cli(desk, tmp_path, "dump", "--out", str(tmp_path / "missing" / "desk.jsonl"))
    assert result.exit_code == 1 and "does not exist" in result.output
    assert not (tmp_path / "missing").exists()


def test_rows_that_refer_to_later_rows_of_their_own_table_load_in_order():
    table = Claim.__table__
    rows = [{"id": 1, "duplicate_of_id": 3}, {"id": 2, "duplicate_of_id": None}, {"id": 3, "duplicate_of_id": 2}]
    assert [row["id"] for row in dumping._parents_first(table, rows)] == [2, 3, 1]
    with pytest.raises(dumping.DumpError, match="in a circle"):
        dumping._parents_first(table, [{"id": 1, "duplicate_of_id": 2}, {"id": 2, "duplicate_of_id": 1}])
