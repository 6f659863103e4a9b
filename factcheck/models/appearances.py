"""Where a claim was said: the verbatim sentence, transcript line, tip or image, which never changes.

A claim's `text` is what the desk checks (edited into a normalised, self-contained statement); each
of its appearances keeps the words as they appeared, with their source. One claim gathers many
appearances (every repeat); the first one (lowest id) is its original.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, str_enum, utcnow

if TYPE_CHECKING:
    from factcheck.models.articles import Article, Claim


class AppearanceKind(enum.StrEnum):
    ARTICLE = "article"        # a sentence of an ingested article (span into its body)
    TRANSCRIPT = "transcript"  # a line of an ingested transcript (span; a timestamp later)
    TIP = "tip"                # a reader's submission
    HAND = "hand"              # typed in by a reviewer: a social post, something said on air
    IMAGE = "image"            # text read off an image

    @property
    def label(self) -> str:
        return {"article": "article", "transcript": "transcript", "tip": "reader's tip",
                "hand": "entered by hand", "image": "image"}[self.value]


class Appearance(Base):
    __tablename__ = "appearances"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[AppearanceKind] = mapped_column(str_enum(AppearanceKind, lambda k: k.value))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    # characters [span_start, span_end) of the article's body; extra_spans: a quote split by "he said"
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    extra_spans: Mapped[list] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)  # verbatim, as it appeared
    speaker_as_written: Mapped[str | None] = mapped_column(String(200))
    where: Mapped[str | None] = mapped_column(String(200))  # "a reader's email", "a TV interview"
    url: Mapped[str | None] = mapped_column(String(2000))
    appeared_on: Mapped[date | None]
    at_seconds: Mapped[int | None] = mapped_column(Integer)  # into a broadcast, when known
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped["Claim"] = relationship(back_populates="appearances")
    article: Mapped["Article | None"] = relationship(lazy="joined")

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every span of the appearance in its article's body, the first one first."""
        if self.span_start is None or self.span_end is None:
            return []
        extra = [(int(s[0]), int(s[1])) for s in (self.extra_spans or []) if len(s) == 2]
        return [(self.span_start, self.span_end), *extra]
