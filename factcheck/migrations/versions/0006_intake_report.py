"""what extraction said about an article: candidates held back over the limit, and warnings for its page

Revision ID: 0006i
Revises: 0005a
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006i"
down_revision = "0005a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN: batch mode would re-create the table
    op.add_column("articles", sa.Column("held_back", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("articles", sa.Column("extraction_warnings", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("extraction_warnings")
        batch.drop_column("held_back")
