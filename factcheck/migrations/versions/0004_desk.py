"""the desk: queue sort columns and indexes, evidence version

Revision ID: 0004d
Revises: 0003
Create Date: 2026-11-27

Plain ADD COLUMN / CREATE INDEX only (no batch table rebuild on SQLite), so that this branch and
0004p, which adds search objects on the claims table, apply in either order.
"""
from alembic import op
import sqlalchemy as sa

revision = "0004d"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("appeared_on", sa.Date(), nullable=True))
    op.add_column("claims", sa.Column("status_changed_at", sa.DateTime(), nullable=True))
    op.add_column("evidence", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    created_day = "date(claims.created_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(claims.created_at AS DATE)"
    op.execute("UPDATE claims SET appeared_on = COALESCE((SELECT articles.published_date FROM articles "
               f"WHERE articles.id = claims.article_id), {created_day}), status_changed_at = updated_at")
    op.create_index("ix_claims_status_appeared", "claims", ["status", "appeared_on", "id"])
    op.create_index("ix_claims_status_changed", "claims", ["status", "status_changed_at"])


def downgrade() -> None:
    op.drop_index("ix_claims_status_changed", table_name="claims")
    op.drop_index("ix_claims_status_appeared", table_name="claims")
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("status_changed_at")
        batch.drop_column("appeared_on")
