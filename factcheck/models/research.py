from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, utcnow
from factcheck.models.accounts import User

STANCES = ("supports", "refutes", "context")
SOURCE_KINDS = ("primary", "official_data", "expert", "secondary")
SOURCE_KIND_LABELS = {"primary": "primary document", "official_data": "official data", "expert": "expert",
                      "secondary": "secondary report"}


class Evidence(Base):
    """A source for a claim; `number` is what the verdict's body cites as [n] and never changes."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("claim_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    number: Mapped[int]
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_date: Mapped[date | None]
    excerpt: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(20), default="context")
    source_kind: Mapped[str] = mapped_column(String(20), default="secondary")
    archive_url: Mapped[str | None] = mapped_column(String(2000))
    notes: Mapped[str | None] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    # an edit form carries the version it was drawn from; a concurrent edit cannot be overwritten
    __mapper_args__ = {"version_id_col": version}

    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])


class Note(Base):
    """Internal discussion on a claim; never shown to readers."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
