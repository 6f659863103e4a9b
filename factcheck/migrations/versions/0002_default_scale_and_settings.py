"""default rating scale and organisation settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The true–false scale carries ClaimReview ratingValue 1–5; the others are out of scale.
SCALE = [
    ("True", "true", "The statement is accurate and nothing significant is missing.", 5, "#1a7f37"),
    ("Mostly true", "mostly-true", "Accurate, but needs clarification or additional information.", 4, "#57a845"),
    ("Half true", "half-true", "Partially accurate; leaves out important details or takes things out of context.", 3, "#d4a017"),
    ("Mostly false", "mostly-false", "Contains an element of truth but ignores critical facts.", 2, "#e06c1f"),
    ("False", "false", "The statement is not accurate.", 1, "#c0262d"),
    ("Misleading", "misleading", "Accurate facts presented so as to give a false impression.", None, "#8250df"),
    ("Missing context", "missing-context", "True as far as it goes, but misleading without context.", None, "#6e7781"),
    ("Unproven", "unproven", "The evidence available cannot prove or disprove it.", None, "#57606a"),
]

SETTINGS = {
    "org_name": "Factcheck Desk",
    "org_url": "http://127.0.0.1:5000",
    "org_logo": "",
    "org_contact": "",
    "language": "en",
    "two_person_rule": True,
    "sourcing_rule": "primary_or_two_publishers",
    "rating_panel_size": 1,
}


def upgrade() -> None:
    levels = sa.table("rating_levels", sa.column("label"), sa.column("slug"), sa.column("description"),
                      sa.column("position"), sa.column("value"), sa.column("colour"), sa.column("retired"))
    op.bulk_insert(levels, [
        {"label": label, "slug": slug, "description": text, "position": i, "value": value,
         "colour": colour, "retired": False}
        for i, (label, slug, text, value, colour) in enumerate(SCALE, start=1)
    ])
    settings = sa.table("settings", sa.column("key"), sa.column("value", sa.JSON))
    op.bulk_insert(settings, [{"key": key, "value": value} for key, value in SETTINGS.items()])


def downgrade() -> None:
    op.execute("DELETE FROM settings")
    op.execute("DELETE FROM rating_levels")
