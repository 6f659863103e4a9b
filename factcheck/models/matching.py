"""Claim matching: the search documents, suggested/confirmed/rejected pairs, partners' fact-checks.

`MatchDocument` is the one table the full-text index covers (migration 0005m adds the index itself:
an FTS5 table on SQLite, a stored tsvector column with a GIN index on PostgreSQL; neither is in the
models). `MatchTerm` keeps each word's document frequency so that the re-ranker can weigh rare words
above common ones without reading the table.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, utcnow
from factcheck.models.accounts import User

DOCUMENT_KINDS = ("claim", "verdict", "external")
MATCH_STATUSES = ("suggested", "confirmed", "rejected")


class MatchDocument(Base):
    """One searchable text: a claim, a published verdict (headline + claim) or an external fact-check."""

    __tablename__ = "match_documents"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    ref_id: Mapped[int]
    # the claim a claim or verdict document stands for (None for an external fact-check)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(200))
    claim_date: Mapped[date | None]
    # sentence embedding (float32 bytes) when the semantic extra computed one at write time
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    indexed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MatchTerm(Base):
    """How many documents hold a (stemmed) word; the row with term '' counts the documents."""

    __tablename__ = "match_terms"

    term: Mapped[str] = mapped_column(String(60), primary_key=True)
    df: Mapped[int] = mapped_column(Integer, default=0)


class ExternalFactCheck(Base):
    """A partner's ClaimReview record: shown as "checked by <publisher>", never as ours."""

    __tablename__ = "external_fact_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_url: Mapped[str] = mapped_column(String(2000), unique=True)
    publisher_name: Mapped[str] = mapped_column(String(200))
    publisher_url: Mapped[str | None] = mapped_column(String(2000))
    claim_reviewed: Mapped[str] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(String(200))
    rating_text: Mapped[str | None] = mapped_column(String(200))
    headline: Mapped[str | None] = mapped_column(String(500))
    date_published: Mapped[date | None]
    raw: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClaimMatch(Base):
    """A claim's match with another claim or an external fact-check; a rejected pair stays rejected.

    One row per pair (the service looks the pair up before it writes: NULLs make a unique constraint
    over (claim, other claim, external) useless on both databases).
    """

    __tablename__ = "claim_matches"
    __table_args__ = (
        CheckConstraint("(other_claim_id IS NULL) <> (external_id IS NULL)", name="one_other"),
        Index("ix_claim_matches_status", "claim_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    other_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[int | None] = mapped_column(ForeignKey("external_fact_checks.id", ondelete="CASCADE"),
                                                    index=True)
    score: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="suggested")
    reason: Mapped[str] = mapped_column(Text, default="")
    differs: Mapped[list] = mapped_column(JSON, default=list)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    decided_by: Mapped[User | None] = relationship()
    external: Mapped[ExternalFactCheck | None] = relationship()
