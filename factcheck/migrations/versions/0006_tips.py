"""tips: readers' tips, their contacts (a table apart), blocked submitters, and claims' demand

Merges the three heads of the second wave (appearances, editorial, matching). `claims.demand`
counts the readers who asked about a claim (services/tips.py keeps it); the queue's "most asked
for" sort walks ix_claims_status_demand.

`claims.demand` is a plain ADD COLUMN (not batch mode, which would re-create the table and drop
the full-text triggers that sit on claims).

Revision ID: 0006t
Revises: 0005a, 0005e, 0005m
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0006t"
down_revision = ("0005a", "0005e", "0005m")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("demand", sa.Integer(), server_default="0", nullable=False))
    op.create_index("ix_claims_status_demand", "claims", ["status", "demand", "id"])
    op.create_table(
        "tips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("seen_where", sa.String(length=500), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.Integer(), nullable=True),
        sa.Column("appearance_id", sa.Integer(), nullable=True),
        sa.Column("created_claim", sa.Boolean(), nullable=False),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["verdict_id"], ["verdicts.id"]),
        sa.ForeignKeyConstraint(["external_id"], ["external_fact_checks.id"]),
        sa.ForeignKeyConstraint(["appearance_id"], ["appearances.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tips_submitted", "tips", ["submitted_at", "id"])
    op.create_index(op.f("ix_tips_address_hash"), "tips", ["address_hash"])
    op.create_index(op.f("ix_tips_claim_id"), "tips", ["claim_id"])
    op.create_table(
        "tip_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=False),
        sa.Column("contact", sa.String(length=254), nullable=False),
        sa.Column("wants_updates", sa.Boolean(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["tip_id"], ["tips.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tip_id"),
    )
    op.create_table(
        "blocked_submitters",
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("blocked_by_id", sa.Integer(), nullable=True),
        sa.Column("blocked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["blocked_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("address_hash"),
    )


def downgrade() -> None:
    op.drop_table("blocked_submitters")
    op.drop_table("tip_contacts")
    op.drop_index("ix_tips_submitted", table_name="tips")
    op.drop_index(op.f("ix_tips_address_hash"), table_name="tips")
    op.drop_index(op.f("ix_tips_claim_id"), table_name="tips")
    op.drop_table("tips")
    op.drop_index("ix_claims_status_demand", table_name="claims")
    op.drop_column("claims", "demand")
