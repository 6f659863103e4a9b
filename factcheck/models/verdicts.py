from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, utcnow
from factcheck.models.accounts import User


class RatingLevel(Base):
    """One step of the configurable scale; `value` only for levels on the true–false scale."""

    __tablename__ = "rating_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(60), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[int | None] = mapped_column(Integer)
    colour: Mapped[str] = mapped_column(String(7), default="#777777")
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class Verdict(Base):
    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), unique=True)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("rating_levels.id"))
    headline: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    slug: Mapped[str | None] = mapped_column(String(120), unique=True)
    # what the editor last saw, so a resubmission can show what changed
    reviewed_snapshot: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    modified_at: Mapped[datetime | None]
    retracted_at: Mapped[datetime | None]

    rating: Mapped[RatingLevel | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    editor: Mapped[User | None] = relationship(foreign_keys=[editor_id])
    revisions: Mapped[list["VerdictRevision"]] = relationship(order_by="VerdictRevision.number")
    corrections: Mapped[list["Correction"]] = relationship(order_by="Correction.created_at")


class VerdictRevision(Base):
    """Every published text of a verdict, numbered from 1; earlier ones stay readable."""

    __tablename__ = "verdict_revisions"
    __table_args__ = (UniqueConstraint("verdict_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    number: Mapped[int]
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("rating_levels.id"))
    headline: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rating: Mapped[RatingLevel | None] = relationship()


class Correction(Base):
    """The public, dated log of corrections, updates and retractions."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # correction | update | retraction
    note: Mapped[str] = mapped_column(Text)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("verdict_revisions.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RatingVote(Base):
    """One editor's vote on a draft's rating when the rating panel has three editors."""

    __tablename__ = "rating_votes"
    __table_args__ = (UniqueConstraint("verdict_id", "editor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating_levels.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    editor: Mapped[User] = relationship()
    rating: Mapped[RatingLevel] = relationship()


class SlugRedirect(Base):
    """An earlier slug of a verdict whose headline changed: the old URL keeps working by redirect."""

    __tablename__ = "slug_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_slug: Mapped[str] = mapped_column(String(120), unique=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
