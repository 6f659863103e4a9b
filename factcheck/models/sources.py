"""Links and outlets' feeds: the archived copy of a fetched page, the sources an admin watches, and
the items each source has listed (so that no item is ingested twice).
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, str_enum, utcnow
from factcheck.feed_items import SourceKind
from factcheck.models.accounts import User
from factcheck.models.articles import Article


class ArticleArchive(Base):
    """One fetched URL and the page's HTML as it was fetched: the desk's archived copy.

    Several URLs can lead to one article (a link with tracking parameters, a feed's link and a
    redirect target); `url_hash` (SHA-256 of the normalised URL) is what "fetched before" looks up.
    """

    __tablename__ = "article_archives"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))         # as given, normalised
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    final_url: Mapped[str | None] = mapped_column(String(2000))  # after redirects
    content_type: Mapped[str | None] = mapped_column(String(100))
    raw_html: Mapped[str | None] = mapped_column(Text)    # None when only the URL was learnt (a redirect's start)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    fetched_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    article: Mapped[Article] = relationship()


class SourceState(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    REMOVED = "removed"  # soft: the row and its items stay, so a re-added source ingests nothing twice

    @property
    def label(self) -> str:
        return self.value


class WatchedSource(Base):
    __tablename__ = "watched_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[SourceKind | None] = mapped_column(str_enum(SourceKind, lambda k: k.value))  # known after a fetch
    state: Mapped[SourceState] = mapped_column(str_enum(SourceState, lambda s: s.value), default=SourceState.ACTIVE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_fetched_at: Mapped[datetime | None]
    last_new_items: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_items: Mapped[int] = mapped_column(Integer, default=0)
    total_items: Mapped[int] = mapped_column(Integer, default=0)  # articles this source brought in
    last_error: Mapped[str | None] = mapped_column(Text)

    created_by: Mapped[User | None] = relationship()


class SourceItem(Base):
    """An item a source listed: seen once, ingested once (or given up on after a few failures)."""

    __tablename__ = "source_items"
    __table_args__ = (UniqueConstraint("source_id", "key_hash"), Index("ix_source_items_source", "source_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("watched_sources.id"))
    key_hash: Mapped[str] = mapped_column(String(64))   # SHA-256 of the guid (else the link)
    guid: Mapped[str] = mapped_column(String(2000))
    url: Mapped[str] = mapped_column(String(2000))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
