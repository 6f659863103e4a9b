"""sessions that can be ended: a per-account session epoch carried in the login cookie

Logging out, changing the password, deactivation and "log out everywhere" move it on, so a copied
cookie stops working at once (signed client-side sessions cannot be revoked otherwise).

Revision ID: 0007s
Revises: 0006t, 0006i
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0007s"
down_revision = ("0006t", "0006i")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")
