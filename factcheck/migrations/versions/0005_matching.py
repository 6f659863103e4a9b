"""claim matching: search documents and their full-text index, word counts, external fact-checks, matches

SQLite: an FTS5 table `match_search` with external content (`match_documents`), kept in step by
triggers on match_documents (the index functions in factcheck.matching write match_documents only).
PostgreSQL: a stored generated tsvector column `match_search_tsv` with a GIN index.
Neither is in the models: factcheck.migrate.SEARCH_OBJECTS keeps them out of autogenerate.

Revision ID: 0005m
Revises: 0004p
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005m"
down_revision = "0004p"
branch_labels = None
depends_on = None

SQLITE_STATEMENTS = [
    "CREATE VIRTUAL TABLE match_search USING fts5(body, content='match_documents', content_rowid='id', "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER match_search_insert AFTER INSERT ON match_documents BEGIN "
    "INSERT INTO match_search(rowid, body) VALUES (NEW.id, NEW.body); END",
    "CREATE TRIGGER match_search_delete AFTER DELETE ON match_documents BEGIN "
    "INSERT INTO match_search(match_search, rowid, body) VALUES ('delete', OLD.id, OLD.body); END",
    "CREATE TRIGGER match_search_update AFTER UPDATE OF body ON match_documents BEGIN "
    "INSERT INTO match_search(match_search, rowid, body) VALUES ('delete', OLD.id, OLD.body); "
    "INSERT INTO match_search(rowid, body) VALUES (NEW.id, NEW.body); END",
]

POSTGRES_STATEMENTS = [
    "ALTER TABLE match_documents ADD COLUMN match_search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED",
    "CREATE INDEX ix_match_search_tsv ON match_documents USING gin (match_search_tsv)",
]


def create_tables() -> None:
    op.create_table(
        "match_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("indexed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_match_documents_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_documents")),
        sa.UniqueConstraint("kind", "ref_id", name=op.f("uq_match_documents_kind")),
    )
    op.create_index(op.f("ix_match_documents_claim_id"), "match_documents", ["claim_id"])
    op.create_table(
        "match_terms",
        sa.Column("term", sa.String(length=60), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_match_terms")),
    )
    op.create_table(
        "external_fact_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_url", sa.String(length=2000), nullable=False),
        sa.Column("publisher_name", sa.String(length=200), nullable=False),
        sa.Column("publisher_url", sa.String(length=2000), nullable=True),
        sa.Column("claim_reviewed", sa.Text(), nullable=False),
        sa.Column("claimant", sa.String(length=200), nullable=True),
        sa.Column("rating_text", sa.String(length=200), nullable=True),
        sa.Column("headline", sa.String(length=500), nullable=True),
        sa.Column("date_published", sa.Date(), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_fact_checks")),
        sa.UniqueConstraint("review_url", name=op.f("uq_external_fact_checks_review_url")),
    )
    op.create_table(
        "claim_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_claim_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("differs", sa.JSON(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(other_claim_id IS NULL) <> (external_id IS NULL)",
                           name=op.f("ck_claim_matches_one_other")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_matches_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_claim_id"], ["claims.id"],
                                name=op.f("fk_claim_matches_other_claim_id_claims"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["external_id"], ["external_fact_checks.id"],
                                name=op.f("fk_claim_matches_external_id_external_fact_checks"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_claim_matches_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_matches")),
    )
    op.create_index("ix_claim_matches_status", "claim_matches", ["claim_id", "status"])
    op.create_index(op.f("ix_claim_matches_other_claim_id"), "claim_matches", ["other_claim_id"])
    op.create_index(op.f("ix_claim_matches_external_id"), "claim_matches", ["external_id"])


def upgrade() -> None:
    create_tables()
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_STATEMENTS, "postgresql": POSTGRES_STATEMENTS}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS match_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS match_search")
    for table in ("claim_matches", "external_fact_checks", "match_terms", "match_documents"):
        op.drop_table(table)
