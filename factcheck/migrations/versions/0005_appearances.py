"""appearances: where each claim was said, kept apart from the claim's (editable) text

Creates `appearances` and moves every claim over: one appearance per claim with the claim's
current text as its verbatim words, its spans, article, url, "where" and date (the claim's text
stays as it was, so text = appearance). Drops the moved columns from `claims` and adds the desk's
speaker kind and the date the claim was said. `claims.article_id` and `claims.appeared_on` stay:
they are the original appearance's, denormalised for the queue's filters and sort index.

SQLite: the columns are dropped with ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never by
rebuilding `claims` — a rebuild would, with foreign keys on, cascade-delete the rows of tables
that reference claims and drop the full-text trigger of 0004p that sits on claims (it reads
claims.text and claims.speaker, which stay).

Revision ID: 0005a
Revises: 0004d, 0004p
Create Date: 2026-12-01
"""
import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0005a"
down_revision = ("0004d", "0004p")
branch_labels = None
depends_on = None

MOVED = ("span_start", "span_end", "extra_spans", "appearance_url", "appearance_where")


def create_table() -> None:
    op.create_table(
        "appearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("extra_spans", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker_as_written", sa.String(length=200), nullable=True),
        sa.Column("where", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("appeared_on", sa.Date(), nullable=True),
        sa.Column("at_seconds", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_appearances_claim_id_claims")),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_appearances_article_id_articles")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_appearances_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appearances")),
    )
    op.create_index(op.f("ix_appearances_claim_id"), "appearances", ["claim_id"])
    op.create_index(op.f("ix_appearances_article_id"), "appearances", ["article_id"])


def move_claims_over() -> None:
    claims, articles = sa.table("claims", *map(sa.column, ("id", "article_id", "text", "speaker", "created_by_id",
                                                           "created_at", "appeared_on", *MOVED))), \
        sa.table("articles", sa.column("id"), sa.column("kind"))
    kind = sa.case((claims.c.article_id.is_(None), "hand"), (articles.c.kind == "transcript", "transcript"),
                   else_="article")
    appearances = sa.table("appearances", *map(sa.column, (
        "claim_id", "kind", "article_id", "span_start", "span_end", "extra_spans", "text", "speaker_as_written",
        "where", "url", "appeared_on", "created_by_id", "created_at")))
    rows = (sa.select(claims.c.id, kind, claims.c.article_id, claims.c.span_start, claims.c.span_end,
                      claims.c.extra_spans, claims.c.text,
                      claims.c.speaker, claims.c.appearance_where, claims.c.appearance_url, claims.c.appeared_on,
                      claims.c.created_by_id, claims.c.created_at)
            .select_from(claims.outerjoin(articles, articles.c.id == claims.c.article_id)).order_by(claims.c.id))
    op.execute(appearances.insert().from_select([c.name for c in appearances.c], rows))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(f"SQLite {sqlite3.sqlite_version} cannot drop columns in place; 3.35 or newer is needed.")
    create_table()
    move_claims_over()
    op.add_column("claims", sa.Column("speaker_kind", sa.String(length=20), nullable=True))
    op.add_column("claims", sa.Column("said_on", sa.Date(), nullable=True))
    # recreate="never": ALTER TABLE DROP COLUMN in place, on SQLite too (see the docstring)
    with op.batch_alter_table("claims", recreate="never") as batch:
        for column in MOVED:
            batch.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table("claims", recreate="never") as batch:
        batch.add_column(sa.Column("span_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("span_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("extra_spans", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("appearance_url", sa.String(length=2000), nullable=True))
        batch.add_column(sa.Column("appearance_where", sa.String(length=200), nullable=True))
    original = "(SELECT {column} FROM appearances a WHERE a.claim_id = claims.id ORDER BY a.id LIMIT 1)"
    op.execute("UPDATE claims SET " + ", ".join(
        f"{target} = {original.format(column=source)}" for target, source in (
            ("span_start", "span_start"), ("span_end", "span_end"), ("extra_spans", "extra_spans"),
            ("appearance_url", "url"), ("appearance_where", 'a."where"'))))
    with op.batch_alter_table("claims", recreate="never") as batch:
        batch.drop_column("said_on")
        batch.drop_column("speaker_kind")
    op.drop_index(op.f("ix_appearances_article_id"), table_name="appearances")
    op.drop_index(op.f("ix_appearances_claim_id"), table_name="appearances")
    op.drop_table("appearances")
