"""background jobs: the desk's view of the task queue (state, reason, result, attempts)

Revision ID: 0008j
Revises: 0007s
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0008j"
down_revision = "0007s"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("result", sa.JSON()),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime()),
        sa.Column("finished_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_jobs_state", "jobs", ["state", "id"])
    op.create_index("ix_jobs_kind", "jobs", ["kind", "id"])


def downgrade() -> None:
    op.drop_table("jobs")
