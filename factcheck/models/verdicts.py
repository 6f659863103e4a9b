from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from factcheck.db import Base, str_enum, utcnow
from factcheck.models.accounts import User
from factcheck.publishing.mediareview import MediaKind, MediaRating


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


@dataclass(frozen=True)
class ShownRating:
    """A rating as readers see it on one verdict or revision: the label and colour it was published
    with, the level's slug (links, filters) and numeric value (ClaimReview)."""

    slug: str
    label: str
    colour: str
    value: int | None

    @classmethod
    def of(cls, level: "RatingLevel | None", label: str | None, colour: str | None) -> "ShownRating | None":
        if level is None:
            return None
        return cls(level.slug, label or level.label, colour or level.colour, level.value)


class MediaFields:
    """A verdict's rating of the media its claim came with (publishing.mediareview): what it rates
    (image, video, audio), the rating, and the media's address when the reviewer typed one."""

    media_rating: Mapped[MediaRating | None] = mapped_column(str_enum(MediaRating, lambda r: r.value, length=40))
    media_kind: Mapped[MediaKind | None] = mapped_column(str_enum(MediaKind, lambda k: k.value, length=10))
    media_url: Mapped[str | None] = mapped_column(String(2000))

    @validates("media_rating", "media_kind")
    def _typed(self, key: str, value):  # a correction's stored changes come back from JSON as plain strings
        if not value:
            return None
        return MediaRating(value) if key == "media_rating" else MediaKind(value)


class Verdict(MediaFields, Base):
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
    # the rating as readers see it: the label and colour it was published (or last corrected) with,
    # so renaming a level never relabels a published verdict behind readers' backs
    rating_label: Mapped[str | None] = mapped_column(String(60))
    rating_colour: Mapped[str | None] = mapped_column(String(7))
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    modified_at: Mapped[datetime | None]
    retracted_at: Mapped[datetime | None]

    rating: Mapped[RatingLevel | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    editor: Mapped[User | None] = relationship(foreign_keys=[editor_id])
    revisions: Mapped[list["VerdictRevision"]] = relationship(order_by="VerdictRevision.number")
    corrections: Mapped[list["Correction"]] = relationship(order_by="Correction.created_at")

    @property
    def shown_rating(self) -> ShownRating | None:
        return ShownRating.of(self.rating, self.rating_label, self.rating_colour)


class VerdictRevision(MediaFields, Base):
    """Every published text of a verdict, numbered from 1; earlier ones stay readable."""

    __tablename__ = "verdict_revisions"
    __table_args__ = (UniqueConstraint("verdict_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    number: Mapped[int]
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("rating_levels.id"))
    rating_label: Mapped[str | None] = mapped_column(String(60))
    rating_colour: Mapped[str | None] = mapped_column(String(7))
    headline: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rating: Mapped[RatingLevel | None] = relationship()

    @property
    def shown_rating(self) -> ShownRating | None:
        return ShownRating.of(self.rating, self.rating_label, self.rating_colour)


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


class AmendmentKind(StrEnum):
    CORRECTION = "correction"  # we got something wrong
    UPDATE = "update"          # new information
    RETRACTION = "retraction"  # the fact check no longer stands

    @property
    def label(self) -> str:
        return self.value


class AmendmentStatus(StrEnum):
    PENDING = "pending"    # waiting for a second editor (or the rating panel); the public page is unchanged
    APPLIED = "applied"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return self.value


class Amendment(Base):
    """A correction, update or retraction of a published verdict: applied at once when the editorial
    gate allows it, otherwise pending until another editor signs it off. `changes` holds the new
    rating_id / headline / summary / body (only the fields that change)."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    kind: Mapped[AmendmentKind] = mapped_column(str_enum(AmendmentKind, lambda k: k.value))
    status: Mapped[AmendmentStatus] = mapped_column(str_enum(AmendmentStatus, lambda s: s.value), index=True)
    note: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("corrections.id"))

    verdict: Mapped[Verdict] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class AmendmentVote(Base):
    """A rating panel vote on an amendment that changes the rating (as RatingVote is for a draft)."""

    __tablename__ = "amendment_votes"
    __table_args__ = (UniqueConstraint("amendment_id", "editor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating_levels.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    editor: Mapped[User] = relationship()
    rating: Mapped[RatingLevel] = relationship()
