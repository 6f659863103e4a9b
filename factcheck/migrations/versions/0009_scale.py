"""scale: stored ClaimReviews and change counters for the DataFeed and sitemap, full-text search that
the database can index on both engines, and the indexes keyset pagination walks

- claimreview_records: each public verdict's ClaimReview as rendered at publish/correct/retract.
- public_versions: change counters the cached DataFeed pages and sitemap files are keyed by.
- SQLite: an FTS5 table `claim_search` (external content: claims.text and speaker) kept by triggers,
  for the desk's text search. Public search keeps verdict_search (0004p).
- PostgreSQL: verdicts.verdict_search_tsv, a tsvector over the verdict's text and its claim's text and
  speaker, kept by triggers on verdicts and claims, with a GIN index; claims.claim_search_tsv, a stored
  generated tsvector of the claim's text and speaker, with a GIN index. They replace the expression
  indexes of 0004p, which recomputed to_tsvector for every row a search looked at.
  None of these is in the models: factcheck.migrate.SEARCH_OBJECTS keeps them out of autogenerate.
- ix_claims_status_speaker: the speakers index skips from one speaker to the next along it;
  ix_verdicts_rating_colour: ratings.css does the same for the colours verdicts carry.

Revision ID: 0009p
Revises: 0008j
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0009p"
down_revision = "0008j"
branch_labels = None
depends_on = None

VERDICT_DOCUMENT = "coalesce({v}.headline, '') || ' ' || coalesce({v}.summary, '') || ' ' || coalesce({v}.body, '')"
CLAIM_DOCUMENT = "coalesce({c}.text, '') || ' ' || coalesce({c}.speaker, '')"

SQLITE_STATEMENTS = [
    "CREATE VIRTUAL TABLE claim_search USING fts5(text, speaker, content='claims', content_rowid='id', "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claim_search_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claim_search(rowid, text, speaker) VALUES (NEW.id, NEW.text, coalesce(NEW.speaker, '')); END",
    "CREATE TRIGGER claim_search_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claim_search(claim_search, rowid, text, speaker) "
    "VALUES ('delete', OLD.id, OLD.text, coalesce(OLD.speaker, '')); END",
    "CREATE TRIGGER claim_search_update AFTER UPDATE OF text, speaker ON claims BEGIN "
    "INSERT INTO claim_search(claim_search, rowid, text, speaker) "
    "VALUES ('delete', OLD.id, OLD.text, coalesce(OLD.speaker, '')); "
    "INSERT INTO claim_search(rowid, text, speaker) VALUES (NEW.id, NEW.text, coalesce(NEW.speaker, '')); END",
    "INSERT INTO claim_search(rowid, text, speaker) SELECT id, text, coalesce(speaker, '') FROM claims",
]

_VERDICT_VECTOR = (f"to_tsvector('english', {VERDICT_DOCUMENT.format(v='NEW')}) || "
                   f"coalesce((SELECT to_tsvector('english', {CLAIM_DOCUMENT.format(c='c')}) "
                   "FROM claims c WHERE c.id = NEW.claim_id), ''::tsvector)")

POSTGRES_STATEMENTS = [
    "DROP INDEX IF EXISTS ix_verdicts_search",
    "DROP INDEX IF EXISTS ix_claims_search",
    "ALTER TABLE verdicts ADD COLUMN verdict_search_tsv tsvector",
    f"""CREATE FUNCTION verdict_search_tsv_fill() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.verdict_search_tsv := {_VERDICT_VECTOR}; RETURN NEW; END $$""",
    "CREATE TRIGGER verdict_search_tsv_row BEFORE INSERT OR UPDATE OF headline, summary, body, claim_id "
    "ON verdicts FOR EACH ROW EXECUTE FUNCTION verdict_search_tsv_fill()",
    f"""CREATE FUNCTION verdict_search_tsv_claim() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE verdicts v SET verdict_search_tsv =
            to_tsvector('english', {VERDICT_DOCUMENT.format(v='v')}) ||
            to_tsvector('english', {CLAIM_DOCUMENT.format(c='NEW')})
          WHERE v.claim_id = NEW.id;
          RETURN NULL;
        END $$""",
    "CREATE TRIGGER verdict_search_tsv_claims AFTER UPDATE OF text, speaker ON claims "
    "FOR EACH ROW EXECUTE FUNCTION verdict_search_tsv_claim()",
    f"UPDATE verdicts v SET verdict_search_tsv = to_tsvector('english', {VERDICT_DOCUMENT.format(v='v')}) || "
    f"to_tsvector('english', {CLAIM_DOCUMENT.format(c='c')}) FROM claims c WHERE c.id = v.claim_id",
    "CREATE INDEX ix_verdicts_search_tsv ON verdicts USING gin (verdict_search_tsv)",
    "ALTER TABLE claims ADD COLUMN claim_search_tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(speaker, ''))) STORED",
    "CREATE INDEX claim_search_tsv_gin ON claims USING gin (claim_search_tsv)",
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS verdict_search_tsv_claims ON claims",
    "DROP TRIGGER IF EXISTS verdict_search_tsv_row ON verdicts",
    "DROP FUNCTION IF EXISTS verdict_search_tsv_claim()",
    "DROP FUNCTION IF EXISTS verdict_search_tsv_fill()",
    "ALTER TABLE verdicts DROP COLUMN IF EXISTS verdict_search_tsv",
    "ALTER TABLE claims DROP COLUMN IF EXISTS claim_search_tsv",
    f"CREATE INDEX ix_verdicts_search ON verdicts USING gin (to_tsvector('english', "
    f"{VERDICT_DOCUMENT.replace('{v}.', '')}))",
    f"CREATE INDEX ix_claims_search ON claims USING gin (to_tsvector('english', {CLAIM_DOCUMENT.replace('{c}.', '')}))",
]


def upgrade() -> None:
    op.create_table(
        "claimreview_records",
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("claimreview", sa.JSON(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("verdict_modified_at", sa.DateTime(), nullable=True),
        sa.Column("claim_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["verdict_id"], ["verdicts.id"], name=op.f("fk_claimreview_records_verdict_id_verdicts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("verdict_id", name=op.f("pk_claimreview_records")),
    )
    op.create_table(
        "public_versions",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_public_versions")),
    )
    op.create_index("ix_claims_status_speaker", "claims", ["status", "speaker"])
    op.create_index("ix_verdicts_rating_colour", "verdicts", ["rating_colour"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_STATEMENTS, "postgresql": POSTGRES_STATEMENTS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS claim_search")
    elif dialect == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    op.drop_index("ix_claims_status_speaker", table_name="claims")
    op.drop_index("ix_verdicts_rating_colour", table_name="verdicts")
    op.drop_table("public_versions")
    op.drop_table("claimreview_records")
