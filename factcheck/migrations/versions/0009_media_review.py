"""media review: a verdict's rating of the image, video or audio its claim came with (MediaReview),
kept on the verdict and on every published revision

Revision ID: 0009r
Revises: 0008j
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0009r"
down_revision = "0008j"
branch_labels = None
depends_on = None

TABLES = ("verdicts", "verdict_revisions")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("media_rating", sa.String(40)))
        op.add_column(table, sa.Column("media_kind", sa.String(10)))
        op.add_column(table, sa.Column("media_url", sa.String(2000)))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("media_url")
            batch.drop_column("media_kind")
            batch.drop_column("media_rating")
