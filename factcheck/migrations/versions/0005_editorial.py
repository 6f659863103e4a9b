"""editorial gate: amendments (pending corrections and retractions) with their panel votes, and the
rating label and colour each verdict and revision was published with

Existing verdicts and revisions take their level's current label and colour.

Revision ID: 0005e
Revises: 0004d
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005e"
down_revision = "0004d"
branch_labels = None
depends_on = None

KINDS = 20


def upgrade() -> None:
    for table in ("verdicts", "verdict_revisions"):
        # plain ADD COLUMN (not batch mode, which would re-create the table and drop 0004p's triggers)
        op.add_column(table, sa.Column("rating_label", sa.String(60), nullable=True))
        op.add_column(table, sa.Column("rating_colour", sa.String(7), nullable=True))
        op.execute(f"UPDATE {table} SET rating_label = (SELECT label FROM rating_levels WHERE "
                   f"rating_levels.id = {table}.rating_id), rating_colour = (SELECT colour FROM rating_levels "
                   f"WHERE rating_levels.id = {table}.rating_id) WHERE rating_id IS NOT NULL")
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("correction", "update", "retraction", name="amendmentkind", native_enum=False,
                                  create_constraint=False, length=KINDS), nullable=False),
        sa.Column("status", sa.Enum("pending", "applied", "rejected", name="amendmentstatus", native_enum=False,
                                    create_constraint=False, length=KINDS), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("correction_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["verdict_id"], ["verdicts.id"], name=op.f("fk_amendments_verdict_id_verdicts")),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["users.id"], name=op.f("fk_amendments_proposed_by_id_users")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_amendments_decided_by_id_users")),
        sa.ForeignKeyConstraint(["correction_id"], ["corrections.id"],
                                name=op.f("fk_amendments_correction_id_corrections")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    op.create_index(op.f("ix_amendments_verdict_id"), "amendments", ["verdict_id"])
    op.create_index(op.f("ix_amendments_status"), "amendments", ["status"])
    op.create_table(
        "amendment_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["amendment_id"], ["amendments.id"],
                                name=op.f("fk_amendment_votes_amendment_id_amendments")),
        sa.ForeignKeyConstraint(["editor_id"], ["users.id"], name=op.f("fk_amendment_votes_editor_id_users")),
        sa.ForeignKeyConstraint(["rating_id"], ["rating_levels.id"],
                                name=op.f("fk_amendment_votes_rating_id_rating_levels")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_votes")),
        sa.UniqueConstraint("amendment_id", "editor_id", name=op.f("uq_amendment_votes_amendment_id")),
    )
    op.create_index(op.f("ix_amendment_votes_amendment_id"), "amendment_votes", ["amendment_id"])


def downgrade() -> None:
    op.drop_table("amendment_votes")
    op.drop_table("amendments")
    for table in ("verdict_revisions", "verdicts"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("rating_colour")
            batch.drop_column("rating_label")
