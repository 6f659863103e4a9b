"""one head again: jobs' children — links and feeds (0009l), transcript times (0009s), images (0009i),
MediaReview (0009r) and the scale work (0009p) — merged; no schema change

Revision ID: 0010
Revises: 0009i, 0009l, 0009p, 0009r, 0009s
Create Date: 2026-12-02
"""

revision = "0010"
down_revision = ("0009i", "0009l", "0009p", "0009r", "0009s")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
