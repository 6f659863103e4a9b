"""A reader's tip, the contact stored apart from it, and blocked submitters.

`Tip` holds what a reader sent and what it became (answered with a verdict, a new claim in the queue,
an appearance of a claim already there, or spam). The client address is kept only as a keyed hash,
so that a submitter can be blocked without the desk ever storing an address. `TipContact` is its own
table: desk queries never join it; `services.tips.reveal_contact` (audited) is the only way to read it,
and `purge` deletes contacts and address hashes after N days.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import Base, str_enum, utcnow


class TipStatus(enum.StrEnum):
    ANSWERED = "answered"  # matched a published verdict: the reader got it on the spot
    QUEUED = "queued"      # became a new claim in the triage queue
    ATTACHED = "attached"  # joined an unverified claim as one more appearance
    SPAM = "spam"          # an editor marked it

    @property
    def label(self) -> str:
        return {"answered": "answered with a verdict", "queued": "new claim", "attached": "joined a claim",
                "spam": "spam"}[self.value]


class Tip(Base):
    __tablename__ = "tips"
    __table_args__ = (Index("ix_tips_submitted", "submitted_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)  # the claim as the reader wrote it
    link: Mapped[str | None] = mapped_column(String(2000))
    seen_where: Mapped[str | None] = mapped_column(String(500))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    address_hash: Mapped[str | None] = mapped_column(String(64), index=True)  # purged with the contact
    status: Mapped[TipStatus] = mapped_column(str_enum(TipStatus, lambda s: s.value))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"))
    external_id: Mapped[int | None] = mapped_column(ForeignKey("external_fact_checks.id"))
    appearance_id: Mapped[int | None] = mapped_column(ForeignKey("appearances.id"))
    # True when the tip made its claim (spam can dismiss only a claim the tip itself created)
    created_claim: Mapped[bool] = mapped_column(Boolean, default=False)
    match_score: Mapped[float | None] = mapped_column(Float)


class TipContact(Base):
    """A tipster's email, apart from the tip: never joined into a desk query, never public."""

    __tablename__ = "tip_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"), unique=True)
    contact: Mapped[str] = mapped_column(String(254))
    wants_updates: Mapped[bool] = mapped_column(Boolean, default=False)
    notified_at: Mapped[datetime | None]


class BlockedSubmitter(Base):
    __tablename__ = "blocked_submitters"

    address_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(300))
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    blocked_at: Mapped[datetime] = mapped_column(default=utcnow)
