from __future__ import annotations

import enum
import re
from datetime import date, datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from factcheck.db import Base, str_enum, utcnow
from factcheck.models.accounts import User
from factcheck.models.appearances import Appearance
from factcheck.workflow import Status

# Words that make a speaker an organisation rather than a person, when the desk has not said which.
_ORGANISATION_WORDS = re.compile(
    r"\b(ministry|department|agency|office|party|council|government|committee|commission|institute|"
    r"association|union|inc|ltd|llc|plc|corporation|company|bank|university|foundation|campaign|"
    r"administration|police|army|board|bureau|authority|federation|league|network|group)\b", re.I)


class SpeakerKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return {"person": "a person", "organisation": "an organisation"}[self.value]

    @classmethod
    def guess(cls, name: str | None) -> "SpeakerKind":
        """What a name looks like ("Ministry of Health" is an organisation) when nobody has said."""
        return cls.ORGANISATION if name and _ORGANISATION_WORDS.search(name) else cls.PERSON


class Article(Base):
    """An article or a transcript (a transcript's lines carry `SPEAKER: text` labels)."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    author: Mapped[str | None] = mapped_column(String(200))
    published_date: Mapped[date | None] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20), default="article")
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_name: Mapped[str | None] = mapped_column(String(300))
    ingested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # what extraction said about the text: candidates held back over the limit, warnings for the page
    held_back: Mapped[int] = mapped_column(Integer, default=0)
    extraction_warnings: Mapped[list] = mapped_column(JSON, default=list)
    # a subtitle file or timestamped transcript: [body offset, seconds from the start] pairs, offsets
    # increasing; a claim's moment is that of the last pair at or before its span (transcript_body.seconds_at)
    time_map: Mapped[list | None] = mapped_column(JSON)

    ingested_by: Mapped[User | None] = relationship()
    claims: Mapped[list["Claim"]] = relationship(back_populates="article", order_by="Claim.id")
    # what the article page highlights: every appearance in this text, of whichever claim
    appearances: Mapped[list[Appearance]] = relationship(order_by=(Appearance.span_start, Appearance.id),
                                                         viewonly=True)


def appeared_on_default(context) -> date:
    """When a claim appeared: its article's publication date, else the day it was entered.

    A column default (not an ORM hook) so that bulk Core inserts get it too; the queue sorts on it.
    """
    article_id = context.get_current_parameters().get("article_id")
    if article_id is not None:
        published = context.connection.scalar(select(Article.published_date).where(Article.id == article_id))
        if published is not None:
            return published
    return utcnow().date()


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        # the triage queue's keyset pagination: one index per sort order, all led by status
        Index("ix_claims_status_score", "status", "score", "id"),
        Index("ix_claims_status_created", "status", "created_at", "id"),
        Index("ix_claims_status_appeared", "status", "appeared_on", "id"),
        Index("ix_claims_status_changed", "status", "status_changed_at"),
        Index("ix_claims_status_demand", "status", "demand", "id"),  # the "most asked for" sort
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Denormalised from the original appearance (the first one), and never changed after it: the
    # queue's article/outlet filters and Article.claims need article_id, the "article date" sort
    # and its index ix_claims_status_appeared need appeared_on. Everything else about where the
    # claim was said (verbatim words, spans, url, "where") lives on its appearances.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    # what the desk checks: starts as the verbatim sentence, edited into a self-contained statement
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(200), index=True)
    speaker_role: Mapped[str | None] = mapped_column(String(300))
    # None: nobody has said; SpeakerKind.guess(speaker) decides (ClaimReview's Person/Organization)
    speaker_kind: Mapped[SpeakerKind | None] = mapped_column(str_enum(SpeakerKind, lambda k: k.value))
    # the date the claim was made, when the desk has set one (else the original appearance's date)
    said_on: Mapped[date | None]
    attribution: Mapped[str | None] = mapped_column(String(200))
    # extraction's date the claim *refers to* ("last August" grounded), not when it was said
    claim_date: Mapped[date | None]
    claim_date_text: Mapped[str | None] = mapped_column(String(100))
    claim_date_precision: Mapped[str | None] = mapped_column(String(10))
    date_warning: Mapped[str | None] = mapped_column(String(300))
    claim_types: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    entities: Mapped[list] = mapped_column(JSON, default=list)
    numbers: Mapped[list] = mapped_column(JSON, default=list)
    appeared_on: Mapped[date | None] = mapped_column(default=appeared_on_default)
    status: Mapped[Status] = mapped_column(str_enum(Status, lambda s: s.value), default=Status.NEW)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    # how many readers asked about this claim (tips answered with it or joined to it); services/tips.py
    demand: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    dismiss_reason: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # when the claim entered its current status (the board's "oldest waiting")
    status_changed_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # the UPDATE carries "WHERE version = <read version>": a concurrent writer cannot be overwritten
    __mapper_args__ = {"version_id_col": version}

    article: Mapped[Article | None] = relationship(back_populates="claims")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    duplicate_of: Mapped["Claim | None"] = relationship(remote_side=[id])
    appearances: Mapped[list[Appearance]] = relationship(back_populates="claim", order_by=Appearance.id,
                                                         lazy="selectin")

    @property
    def original(self) -> Appearance | None:
        """The appearance the claim was first found in (its verbatim sentence), if it has one."""
        return self.appearances[0] if self.appearances else None

    @property
    def appearance_where(self) -> str | None:
        """Where the original appearance was seen ("a reader's email"): the queue shows it."""
        return self.original.where if self.original else None

    @property
    def speaker_is(self) -> SpeakerKind:
        return self.speaker_kind or SpeakerKind.guess(self.speaker)

    def add_appearance(self, appearance: Appearance) -> Appearance:
        """Attach an appearance; the first one becomes the original and sets the denormalised keys."""
        if not self.appearances:
            if appearance.article is not None:
                self.article = appearance.article
            elif appearance.article_id is not None:
                self.article_id = appearance.article_id
            if appearance.appeared_on is not None:
                self.appeared_on = appearance.appeared_on
        self.appearances.append(appearance)
        return appearance

    @validates("speaker_kind")
    def _typed_speaker_kind(self, _key: str, value: SpeakerKind | str | None) -> SpeakerKind | None:
        return SpeakerKind(value) if value else None

    @validates("status")
    def _typed_status(self, _key: str, value: Status | str) -> Status:
        return Status(value)
