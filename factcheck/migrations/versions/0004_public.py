"""full-text search over published verdicts

SQLite: an FTS5 table (porter stemmer) mirroring each verdict's headline, summary, body and its
claim's text and speaker, kept in sync by triggers on verdicts and claims.
PostgreSQL: GIN expression indexes on to_tsvector('english', ...) of verdicts and of claims;
the search query uses the very same expressions (factcheck/services/public/search.py).
Neither is in the models: factcheck.migrate.include_object keeps them out of autogenerate.

Revision ID: 0004p
Revises: 0003
Create Date: 2026-11-27
"""
from alembic import op

revision = "0004p"
down_revision = "0003"
branch_labels = None
depends_on = None

VERDICT_DOCUMENT = ("coalesce(headline, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(body, '')")
CLAIM_DOCUMENT = "coalesce(text, '') || ' ' || coalesce(speaker, '')"

# the row of the search table for verdict NEW.id, read fresh from verdicts and claims
_SQLITE_FILL = """
    INSERT INTO verdict_search(rowid, headline, summary, body, claim, speaker)
    SELECT v.id, v.headline, v.summary, v.body, c.text, coalesce(c.speaker, '')
    FROM verdicts v JOIN claims c ON c.id = v.claim_id WHERE v.id = {id};
"""

SQLITE_STATEMENTS = [
    "CREATE VIRTUAL TABLE verdict_search USING fts5(headline, summary, body, claim, speaker, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER verdict_search_insert AFTER INSERT ON verdicts BEGIN"
    + _SQLITE_FILL.format(id="NEW.id") + " END",
    "CREATE TRIGGER verdict_search_update AFTER UPDATE OF headline, summary, body, claim_id ON verdicts BEGIN "
    "DELETE FROM verdict_search WHERE rowid = OLD.id;" + _SQLITE_FILL.format(id="NEW.id") + " END",
    "CREATE TRIGGER verdict_search_delete AFTER DELETE ON verdicts BEGIN "
    "DELETE FROM verdict_search WHERE rowid = OLD.id; END",
    "CREATE TRIGGER verdict_search_claim AFTER UPDATE OF text, speaker ON claims BEGIN "
    "DELETE FROM verdict_search WHERE rowid IN (SELECT id FROM verdicts WHERE claim_id = NEW.id);"
    + _SQLITE_FILL.format(id="(SELECT id FROM verdicts WHERE claim_id = NEW.id)") + " END",
    "INSERT INTO verdict_search(rowid, headline, summary, body, claim, speaker) "
    "SELECT v.id, v.headline, v.summary, v.body, c.text, coalesce(c.speaker, '') "
    "FROM verdicts v JOIN claims c ON c.id = v.claim_id",
]

POSTGRES_STATEMENTS = [
    f"CREATE INDEX ix_verdicts_search ON verdicts USING gin (to_tsvector('english', {VERDICT_DOCUMENT}))",
    f"CREATE INDEX ix_claims_search ON claims USING gin (to_tsvector('english', {CLAIM_DOCUMENT}))",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": SQLITE_STATEMENTS, "postgresql": POSTGRES_STATEMENTS}.get(dialect, [])
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "update", "delete", "claim"):
            op.execute(f"DROP TRIGGER IF EXISTS verdict_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS verdict_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_verdicts_search")
        op.execute("DROP INDEX IF EXISTS ix_claims_search")
