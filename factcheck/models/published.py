"""What the public site keeps ready so that its machine-readable views do not grow with the data.

`ClaimReviewRecord` holds each public verdict's ClaimReview as rendered at publish, correct or
retract (services.public.datafeed), so the DataFeed reads stored JSON page by page instead of
rebuilding every verdict. A record knows what it was rendered from (the organisation and scale
fingerprint, the verdict's modified_at, the claim's version); one that no longer matches is
rendered again when read, and stored again.

`PublicVersion` counts changes per cached view ("datafeed", "sitemap", "sitemap-verdicts-3"):
every worker keys its cached copy by the counter, so one publish reaches every worker at once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import Base, utcnow
from factcheck.models.articles import Claim
from factcheck.models.verdicts import Verdict

# The public speakers index skips from one speaker of published claims to the next along it
# (services.public.speakers); declared here, beside the other tables the public site keeps.
Index("ix_claims_status_speaker", Claim.status, Claim.speaker)
# ratings.css lists the colours verdicts were published with, skipping along this index
Index("ix_verdicts_rating_colour", Verdict.rating_colour)


class ClaimReviewRecord(Base):
    __tablename__ = "claimreview_records"

    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id", ondelete="CASCADE"), primary_key=True)
    # None: the verdict has no ClaimReview (retracted, or unrated)
    claimreview: Mapped[dict | None] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    verdict_modified_at: Mapped[datetime | None]
    claim_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublicVersion(Base):
    __tablename__ = "public_versions"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
