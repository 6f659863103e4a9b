from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from factcheck.db import Base, str_enum, utcnow
from factcheck.models.accounts import User
from factcheck.workflow import Status


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

    ingested_by: Mapped[User | None] = relationship()
    claims: Mapped[list["Claim"]] = relationship(back_populates="article", order_by="Claim.span_start")


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
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    extra_spans: Mapped[list] = mapped_column(JSON, default=list)
    speaker: Mapped[str | None] = mapped_column(String(200), index=True)
    speaker_role: Mapped[str | None] = mapped_column(String(300))
    attribution: Mapped[str | None] = mapped_column(String(200))
    claim_date: Mapped[date | None]
    claim_date_text: Mapped[str | None] = mapped_column(String(100))
    claim_date_precision: Mapped[str | None] = mapped_column(String(10))
    date_warning: Mapped[str | None] = mapped_column(String(300))
    claim_types: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    entities: Mapped[list] = mapped_column(JSON, default=list)
    numbers: Mapped[list] = mapped_column(JSON, default=list)
    # where a hand-entered claim appeared (a tip, a social post)
    appearance_url: Mapped[str | None] = mapped_column(String(2000))
    appearance_where: Mapped[str | None] = mapped_column(String(200))
    appeared_on: Mapped[date | None] = mapped_column(default=appeared_on_default)
    status: Mapped[Status] = mapped_column(str_enum(Status, lambda s: s.value), default=Status.NEW)
    priority: Mapped[int] = mapped_column(Integer, default=0)
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

    @validates("status")
    def _typed_status(self, _key: str, value: Status | str) -> Status:
        return Status(value)
