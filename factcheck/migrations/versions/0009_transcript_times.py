"""transcripts with times: an article's time map (body offset -> seconds) from a subtitle file

Revision ID: 0009s
Revises: 0008j
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0009s"
down_revision = "0008j"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("time_map", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("time_map")
