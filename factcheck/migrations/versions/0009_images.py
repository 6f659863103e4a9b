"""images: uploaded screenshots, evidence images and image sources, with their OCR text and perceptual hashes

Revision ID: 0009i
Revises: 0008j
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0009i"
down_revision = "0008j"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("use", sa.String(20), nullable=False),
        sa.Column("storage_key", sa.String(120), nullable=False),
        sa.Column("thumbnail_key", sa.String(120), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("mime", sa.String(20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(300)),
        sa.Column("seen_url", sa.String(2000)),
        sa.Column("phash", sa.BigInteger(), nullable=False),
        sa.Column("dhash", sa.BigInteger(), nullable=False),
        sa.Column("ocr_state", sa.String(20), nullable=False),
        sa.Column("ocr_text", sa.Text()),
        sa.Column("ocr_error", sa.String(500)),
        sa.Column("ocr_at", sa.DateTime()),
        sa.Column("ocr_job_id", sa.Integer(), sa.ForeignKey("jobs.id")),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id")),
        sa.Column("appearance_id", sa.Integer(), sa.ForeignKey("appearances.id")),
        sa.Column("evidence_id", sa.Integer(), sa.ForeignKey("evidence.id")),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id")),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("sha256", "claim_id", "appearance_id", "evidence_id", "article_id"):
        op.create_index(f"ix_images_{column}", "images", [column])
    op.create_table(
        "image_hashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), sa.ForeignKey("images.id", ondelete="CASCADE"), nullable=False),
        sa.Column("variant", sa.SmallInteger(), nullable=False),
        sa.Column("phash", sa.BigInteger(), nullable=False),
        sa.Column("b0", sa.Integer(), nullable=False),
        sa.Column("b1", sa.Integer(), nullable=False),
        sa.Column("b2", sa.Integer(), nullable=False),
        sa.Column("b3", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_image_hashes_image_id", "image_hashes", ["image_id"])
    for band in range(4):  # look-up by band equality (factcheck.images.bands); covering: no table reads
        op.create_index(f"ix_image_hashes_b{band}", "image_hashes", [f"b{band}", "phash", "image_id"])


def downgrade() -> None:
    op.drop_table("image_hashes")
    op.drop_table("images")
