"""Fixtures: a migrated database (SQLite, or PostgreSQL when FACTCHECK_TEST_DATABASE_URL is set),
emptied before every test, an app per test, and factories for accounts, articles and claims."""
from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text

from factcheck import create_app, migrate
from factcheck.db import Base, make_engine
from factcheck.models import Appearance, AppearanceKind, Article, Claim, Evidence, RatingLevel, User, Verdict
from factcheck.services import accounts, editorial, research
from factcheck.services.intake import content_hash

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
_counter = itertools.count(1)
accounts.use_cheap_hashing()  # as create_app does under TESTING
PASSWORD_HASH = accounts.HASHER.hash(PASSWORD)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("FACTCHECK_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """Migrate once per run; remember the rows the migrations install (rating scale, settings)."""
    url = database_url(tmp_path_factory)
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(engine)
    with engine.connect() as connection:
        installed = {table: [dict(row._mapping) for row in connection.execute(select(table))]
                     for table in Base.metadata.sorted_tables}
    yield url, engine, installed
    engine.dispose()


def reset(engine, installed) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
        for table, rows in installed.items():
            if rows:
                connection.execute(insert(table), rows)
        if engine.dialect.name == "postgresql":  # ids start from where the installed rows end
            for table in Base.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


@pytest.fixture
def app(database, tmp_path):
    url, engine, installed = database
    reset(engine, installed)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "1000 per minute",
                      "SECRET_KEY": "tests"})
    yield app
    app.extensions["factcheck.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    db = app.extensions["factcheck.sessionmaker"]()
    yield db
    db.close()


@pytest.fixture
def make_user(session):
    def make(role: str = "reviewer", *, name: str | None = None, email: str | None = None,
             active: bool = True, password: str = PASSWORD) -> User:
        n = next(_counter)
        user = User(email=email or f"{role}{n}@example.org", name=name or f"{role.title()} {n}",
                    role=role, password_hash=PASSWORD_HASH if password == PASSWORD else accounts.HASHER.hash(password), active=active)
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def make_article(session):
    def make(body: str | None = None, **fields) -> Article:
        body = body or f"Unemployment fell to {next(_counter)} percent last year, the minister said."
        article = Article(title=fields.pop("title", "An article"), body=body,
                          content_hash=content_hash(body), **fields)
        session.add(article)
        session.commit()
        return article

    return make


APPEARANCE_FIELDS = ("span_start", "span_end", "extra_spans", "where", "url", "at_seconds")


@pytest.fixture
def make_claim(session, make_article):
    """A claim with its original appearance in an article; span_start=…, url=…, where=… describe
    the appearance, verbatim=… its words (else the claim's text)."""
    def make(status: str = "new", *, text: str | None = None, assignee: User | None = None,
             article: Article | None = None, score: float = 0.5, verbatim: str | None = None, **fields) -> Claim:
        seen = {name: fields.pop(name) for name in APPEARANCE_FIELDS if name in fields}
        claim = Claim(text=text or f"Crime rose by {next(_counter)}% in 2022.", status=status, score=score,
                      assignee_id=assignee.id if assignee else None, reasons=["contains a number"], **fields)
        article = article or make_article()
        claim.add_appearance(Appearance(kind=AppearanceKind.ARTICLE, article=article, text=verbatim or claim.text,
                                        speaker_as_written=claim.speaker, appeared_on=article.published_date,
                                        **{"url": article.url, **seen}))
        session.add(claim)
        session.commit()
        return claim

    return make


@pytest.fixture
def login(client, make_user):
    """Log in as a new account of `role` through the real login form; returns the account."""
    def log_in(role: str = "reviewer", **fields) -> User:
        user = make_user(role, **fields)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return user

    return log_in


def claim_status(session, claim_id: int) -> str:
    session.expire_all()
    return session.get(Claim, claim_id).status


# Published verdicts made the way the desk makes them: take, draft, evidence, submit, publish.
def rating_id(session, slug: str) -> int:
    return session.scalar(select(RatingLevel.id).where(RatingLevel.slug == slug))


@pytest.fixture
def publish(session, make_user, make_claim):
    """publish(headline=..., rating="false", ...) -> the published Verdict (reviewer drafts, editor publishes)."""
    reviewer, editor = make_user("reviewer", name="Riley Reviewer"), make_user("editor", name="Eden Editor")

    def make(headline: str = "Crime did not rise by half", *, rating: str = "false", claim_text: str | None = None,
             speaker: str | None = "Jane Minister", summary: str = "Police figures show a 3% rise, not 50%.",
             body: str = "The police statistics [1] show a rise of 3%.", sources: int = 1,
             claim_types: list | None = None, **claim_fields) -> Verdict:
        claim = make_claim("queued", text=claim_text, speaker=speaker, claim_types=claim_types or ["quantity"],
                           **claim_fields)
        claim = research.take(session, reviewer, claim.id, claim.version)
        research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(rating_id=rating_id(session, rating),
                            headline=headline, summary=summary, body=body))
        for n in range(1, sources + 1):
            session.add(Evidence(claim_id=claim.id, number=n, url=f"https://stats.example.org/crime/{n}",
                                 title=f"Recorded crime {n}", publisher="Statistics Office",
                                 published_date=date(2024, 3, n), archive_url=f"https://archive.example.org/{n}",
                                 source_kind="primary" if n == 1 else "secondary", added_by_id=reviewer.id))
        session.commit()
        research.submit(session, reviewer, claim.id, session.get(type(claim), claim.id).version)
        verdict = editorial.publish(session, editor, claim.id, session.get(type(claim), claim.id).version)
        return verdict

    make.editor = editor
    return make


@pytest.fixture
def csrf_app(database, tmp_path):
    """An app with CSRF protection on (the `app` fixture turns it off) and a small login limit."""
    url, engine, installed = database
    reset(engine, installed)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path),
                      "LOGIN_RATE_LIMIT": "3 per minute"})
    yield app
    app.extensions["factcheck.engine"].dispose()
