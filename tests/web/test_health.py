"""/healthz and /readyz: what a load balancer or supervisor sees, for every role, on a healthy and a
broken database, outside the schema check and the rate limits, and without a cookie."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from factcheck import create_app

ROLES = (None, "reviewer", "editor", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_same_answers_and_no_cookie(client, login, role):
    if role:
        login(role)
    for path, body in (("/healthz", {"status": "ok"}),
                       ("/readyz", {"status": "ok", "database": "ok", "migrations": "current"})):
        response = client.get(path)
        assert response.status_code == 200, response.text
        assert response.get_json() == body
        assert response.headers["Cache-Control"] == "no-store"
        assert "Set-Cookie" not in response.headers


def test_healthz_does_not_touch_the_database(app, client):
    statements = []
    engine = app.extensions["factcheck.engine"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get("/")  # warms the schema check, which may query
        statements.clear()
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements == []


def make_app(tmp_path, url, **config):
    return create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SECRET_KEY": "tests", **config})


def test_unreachable_database_is_503_with_the_reason_and_healthz_still_answers(tmp_path):
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'no-such-folder' / 'desk.db'}")
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["database"].startswith("unreachable: cannot open the file")


def test_database_behind_the_migrations_is_503_saying_which_and_outside_the_schema_check(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0003')")
    client = make_app(tmp_path, f"sqlite:///{path}").test_client()
    assert client.get("/").status_code == 503  # the schema check holds every page back
    assert client.get("/healthz").get_json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "ok"
    assert body["migrations"].startswith("behind: the database is at 0003, the code needs ")
    assert "factcheck db upgrade" in body["migrations"]


def test_probes_are_not_rate_limited(database, tmp_path):
    from factcheck.extensions import limiter

    url, _, _ = database
    client = make_app(tmp_path, url, RATELIMIT_DEFAULT="2 per minute").test_client()
    try:
        assert [client.get("/methodology").status_code for _ in range(3)][-1] == 429  # the limit is on
        assert {client.get("/healthz").status_code for _ in range(5)} == {200}
        assert {client.get("/readyz").status_code for _ in range(5)} == {200}
    finally:  # the limiter is one object per process: its default limit would outlive this app
        limiter.limit_manager.set_default_limits([])
