"""links and feeds: archived copies of fetched pages, watched sources and the items they listed

Revision ID: 0009l
Revises: 0008j
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0009l"
down_revision = "0008j"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_archives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("url_hash", sa.String(64), nullable=False),
        sa.Column("final_url", sa.String(2000)),
        sa.Column("content_type", sa.String(100)),
        sa.Column("raw_html", sa.Text()),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("fetched_by_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url_hash"),
    )
    op.create_index("ix_article_archives_article_id", "article_archives", ["article_id"])
    op.create_table(
        "watched_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("url_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200)),
        sa.Column("kind", sa.String(20)),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_fetched_at", sa.DateTime()),
        sa.Column("last_new_items", sa.Integer(), nullable=False),
        sa.Column("last_failed_items", sa.Integer(), nullable=False),
        sa.Column("total_items", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url_hash"),
    )
    op.create_table(
        "source_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("watched_sources.id"), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("guid", sa.String(2000), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id")),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "key_hash"),
    )
    op.create_index("ix_source_items_source", "source_items", ["source_id", "id"])


def downgrade() -> None:
    op.drop_table("source_items")
    op.drop_table("watched_sources")
    op.drop_table("article_archives")
