"""What the claim page and the triage queue say about a claim's stored matches: "already checked:
<headline>, <rating>, <date>", "same claim as #N", and the related claims with how they differ.

Read-only. The rows are the ClaimMatch suggestions stored at ingest (services.matching) that nobody
has rejected. A match's kind is shown as it is now: a claim matched while unverified and published
since is "already checked". A match against a dismissed claim is not shown (it cannot be joined).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from factcheck.models import Appearance, Claim, ClaimMatch, ExternalFactCheck, Verdict
from factcheck.workflow import Status

SHOWN = ("suggested", "confirmed")
SAME = ("already_checked", "same_claim")


@dataclass(frozen=True)
class Banner:
    """An "already checked" or "same claim" match: ours (claim_id) or a partner's (publisher)."""

    match_id: int
    kind: str  # already_checked | same_claim
    status: str  # suggested | confirmed
    score: float
    claim_id: int | None = None  # our matched claim
    joins: int | None = None  # the claim an attach would join: the matched one, or the one it became part of
    text: str | None = None
    headline: str | None = None
    rating: str | None = None
    day: date | None = None
    slug: str | None = None  # our published verdict's
    retracted: bool = False
    publisher: str | None = None  # a partner's fact-check
    url: str | None = None


@dataclass(frozen=True)
class Related:
    match_id: int
    status: str
    reason: str
    claim_id: int | None
    text: str
    publisher: str | None = None


@dataclass(frozen=True)
class Panel:
    banners: list[Banner] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)


def _day(moment: datetime | date | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


def _rows(session: Session, claim_ids: list[int]):
    other = aliased(Claim)
    return session.execute(
        select(ClaimMatch.id, ClaimMatch.claim_id, ClaimMatch.kind, ClaimMatch.status, ClaimMatch.score,
               ClaimMatch.reason, ClaimMatch.other_claim_id, other.text, other.status.label("other_status"),
               other.duplicate_of_id, Verdict.headline, Verdict.rating_label, Verdict.published_at,
               Verdict.retracted_at, Verdict.slug, ExternalFactCheck.publisher_name, ExternalFactCheck.review_url,
               ExternalFactCheck.headline.label("ext_headline"), ExternalFactCheck.claim_reviewed,
               ExternalFactCheck.rating_text, ExternalFactCheck.date_published)
        .outerjoin(other, other.id == ClaimMatch.other_claim_id)
        .outerjoin(Verdict, and_(Verdict.claim_id == ClaimMatch.other_claim_id, Verdict.published_at.is_not(None)))
        .outerjoin(ExternalFactCheck, ExternalFactCheck.id == ClaimMatch.external_id)
        .where(ClaimMatch.claim_id.in_(claim_ids), ClaimMatch.status.in_(SHOWN))
        .order_by(ClaimMatch.claim_id, ClaimMatch.score.desc(), ClaimMatch.id))


def _banner(row) -> Banner:
    if row.other_claim_id is None:
        return Banner(row.id, "already_checked", row.status, row.score, text=row.claim_reviewed,
                      headline=row.ext_headline, rating=row.rating_text, day=row.date_published,
                      publisher=row.publisher_name, url=row.review_url)
    joins = row.duplicate_of_id if row.other_status == Status.DUPLICATE else row.other_claim_id
    checked = row.published_at is not None
    return Banner(row.id, "already_checked" if checked else "same_claim", row.status, row.score,
                  claim_id=row.other_claim_id, joins=joins, text=row.text, headline=row.headline,
                  rating=row.rating_label, day=_day(row.published_at), slug=row.slug,
                  retracted=row.retracted_at is not None)


def panels(session: Session, claim_ids: Iterable[int]) -> dict[int, Panel]:
    """Each claim's banners (best first) and related claims, in one query for all of them."""
    ids = sorted(set(claim_ids))
    found: dict[int, Panel] = {}
    if not ids:
        return found
    for row in _rows(session, ids):
        if row.other_status == Status.DISMISSED:
            continue
        panel = found.setdefault(row.claim_id, Panel())
        if row.kind in SAME:  # a related match stays related, even when the other claim is checked
            panel.banners.append(_banner(row))
        else:
            panel.related.append(Related(row.id, row.status, row.reason, row.other_claim_id,
                                         row.text or row.claim_reviewed or "", publisher=row.publisher_name))
    return found


def panel(session: Session, claim_id: int) -> Panel:
    """The claim page's banners and related list."""
    return panels(session, [claim_id]).get(claim_id, Panel())


@dataclass(frozen=True)
class QueueNotes:
    """For one page of the queue: how many appearances each claim has, and its best banner."""

    appearances: dict[int, int]
    banners: dict[int, Banner]


def queue_notes(session: Session, claim_ids: Iterable[int]) -> QueueNotes:
    """Two queries for the whole page, never one per row."""
    ids = sorted(set(claim_ids))
    if not ids:
        return QueueNotes({}, {})
    counts = dict(session.execute(select(Appearance.claim_id, func.count(Appearance.id))
                                  .where(Appearance.claim_id.in_(ids)).group_by(Appearance.claim_id)).all())
    banners = {claim_id: p.banners[0] for claim_id, p in panels(session, ids).items() if p.banners}
    return QueueNotes(counts, banners)
