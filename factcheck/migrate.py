"""Alembic, driven from inside the package: upgrade, current, head and the models-vs-migrations check."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from factcheck.db import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Full-text search lives only in migration 0004p (an FTS5 table and its shadow tables on SQLite,
# expression indexes on PostgreSQL): autogenerate must neither drop nor re-create them.
# Matching (0005m): the FTS5 table match_search (and shadow tables), the tsvector column and its index.
# Scale (0009p): the FTS5 table claim_search, the tsvector columns claim_search_tsv / verdict_search_tsv.
SEARCH_OBJECTS = ("verdict_search", "ix_verdicts_search", "ix_claims_search", "match_search", "ix_match_search",
                  "claim_search")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the search objects of 0004p out of the models-vs-database comparison."""
    return not (reflected and name is not None and name.startswith(SEARCH_OBJECTS))


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def is_up_to_date(engine: Engine) -> bool:
    return current_revisions(engine) == head_revisions()


def model_differences(engine: Engine) -> list:
    """What autogenerate would still write: empty when models and migrations agree."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, Base.metadata)
