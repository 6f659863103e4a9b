"""Migrations, the schema guard, SQLite's settings and configuration order."""
import os
import stat

from sqlalchemy import text

from factcheck import create_app, migrate
from factcheck.config import instance_secret_key
from factcheck.db import make_engine


def test_models_and_migrations_agree(database):
    _, engine, _ = database
    assert migrate.model_differences(engine) == []
    assert migrate.current_revisions(engine) == migrate.head_revisions()


def test_migrations_install_the_default_rating_scale_and_settings(database):
    _, engine, installed = database
    labels = [row["label"] for row in sorted(installed[migrate.Base.metadata.tables["rating_levels"]],
                                             key=lambda r: r["position"])]
    assert labels == ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading",
                      "Missing context", "Unproven"]


def test_app_refuses_a_database_behind_the_migrations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(make_engine(url), "0001")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path)})
    page = app.test_client().get("/login")
    assert page.status_code == 503 and "factcheck db upgrade" in page.text
    migrate.upgrade(app.extensions["factcheck.engine"])
    assert app.test_client().get("/login").status_code == 200


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_secret_key_is_generated_once_with_mode_0600(tmp_path):
    first = instance_secret_key(tmp_path)
    assert instance_secret_key(tmp_path) == first and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_an_app_outside_tests_never_uses_a_built_in_key(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    assert app.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()


def test_configuration_order_defaults_file_environment_mapping(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("MAX_UPLOAD_MB = 2\nPAGE_SIZE = 20\nLOGIN_RATE_LIMIT = '1 per hour'\n")
    monkeypatch.setenv("FACTCHECK_PAGE_SIZE", "30")
    monkeypatch.setenv("FACTCHECK_LOGIN_RATE_LIMIT", "2 per hour")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True, "LOGIN_RATE_LIMIT": "3 per hour",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    assert app.config["MAX_UPLOAD_MB"] == 2          # instance file over the default
    assert app.config["PAGE_SIZE"] == 30             # environment over the file
    assert app.config["LOGIN_RATE_LIMIT"] == "3 per hour"  # the mapping over everything


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'factcheck.db'}"
