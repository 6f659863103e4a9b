"""schema.org ClaimReview from our models: the organisation, the scale and the claim's origin.

The pure builders live in factcheck.publishing.claimreview; this module only gathers the values.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.models import Article, Claim, RatingLevel, Verdict
from factcheck.publishing import mediareview
from factcheck.publishing.claimreview import ClaimReviewInput, Organisation, ReviewRating, build_claimreview, datafeed
from factcheck.rendering.markdown import safe_url
from factcheck.services.public import origin
from factcheck.services.verdict_rules import media_subject


def organisation(settings: Mapping[str, Any]) -> Organisation:
    url = site_url(settings)
    logo = settings.get("org_logo") or None
    if logo and logo.startswith("/"):
        logo = url + logo
    return Organisation(name=settings.get("org_name") or "Factcheck Desk", url=url, logo_url=logo)


def site_url(settings: Mapping[str, Any]) -> str:
    """The public site's root, without a trailing slash: canonical URLs are built on it."""
    return (safe_url(settings.get("org_url") or "") or "http://127.0.0.1:5000").rstrip("/")


def scale_bounds(session: Session) -> tuple[int, int] | None:
    """(worst, best) over the levels on the numeric scale, or None when there is no such scale."""
    worst, best = session.execute(select(func.min(RatingLevel.value), func.max(RatingLevel.value))
                                  .where(RatingLevel.value.is_not(None))).one()
    return None if worst is None else (worst, best)


def review_rating(level: RatingLevel, bounds: tuple[int, int] | None) -> ReviewRating:
    """Numbers only for levels on a valid numeric scale; a misconfigured scale falls back to the label."""
    if level.value is None or bounds is None:
        return ReviewRating(label=level.label)
    try:
        return ReviewRating(label=level.label, value=level.value, worst=bounds[0], best=bounds[1])
    except ValueError:
        return ReviewRating(label=level.label)


def utc(moment: datetime) -> datetime:
    """Stored times are naive UTC; published ones say so."""
    return moment.replace(tzinfo=UTC, microsecond=0)


def claimreview(verdict: Verdict, claim: Claim, article: Article | None, settings: Mapping[str, Any],
                bounds: tuple[int, int] | None, url: str) -> dict[str, Any] | None:
    """The page's one ClaimReview, or None for a retracted (or unrated) verdict: its rating is withdrawn.
    A verdict with a media rating carries its MediaReview attached (publishing.mediareview)."""
    if verdict.retracted_at is not None or verdict.rating is None or verdict.published_at is None:
        return None
    return with_mediareview(verdict, claim, site_url(settings), build_claimreview(ClaimReviewInput(
        url=url, claim_reviewed=claim.text, headline=verdict.headline,
        date_published=utc(verdict.published_at), date_modified=utc(verdict.modified_at or verdict.published_at),
        organisation=organisation(settings), rating=review_rating(verdict.shown_rating, bounds),
        claim_author=origin.claim_author(claim), claim_date=origin.claim_date(claim, article),
        appearances=origin.appearances_of(claim), in_language=settings.get("language") or "en")))


def with_mediareview(verdict: Verdict, claim: Claim, site: str, review: dict[str, Any]) -> dict[str, Any]:
    """The ClaimReview with the verdict's MediaReview attached, when it rates media it can name."""
    rating = mediareview.MediaRating(verdict.media_rating) if verdict.media_rating else None
    media = media_subject(claim, verdict.media_kind, verdict.media_url, site) if rating else None
    if media is None:
        return review
    return mediareview.attach(review, mediareview.build_mediareview(review, rating, media, verdict.summary))


def all_claimreviews(session: Session, settings: Mapping[str, Any], url_of: Callable[[str], str]) -> list[dict]:
    """Every current ClaimReview (published, not retracted), newest first, for the DataFeed."""
    bounds = scale_bounds(session)
    rows = session.execute(
        select(Verdict, Claim, Article).join(Claim, Claim.id == Verdict.claim_id)
        .outerjoin(Article, Article.id == Claim.article_id).options(joinedload(Verdict.rating))
        .where(Verdict.published_at.is_not(None), Verdict.slug.is_not(None), Verdict.retracted_at.is_(None))
        .order_by(Verdict.published_at.desc(), Verdict.id.desc()))
    reviews = (claimreview(v, c, a, settings, bounds, url_of(v.slug)) for v, c, a in rows)
    return [review for review in reviews if review is not None]


def feed_version(session: Session) -> tuple:
    """Changes whenever a verdict is published, corrected or retracted: the DataFeed's cache key."""
    return tuple(session.execute(select(func.count(Verdict.id), func.max(Verdict.modified_at))
                                 .where(Verdict.published_at.is_not(None))).one())


def claimreview_feed(session: Session, settings: Mapping[str, Any], feed_url: str,
                     url_of: Callable[[str], str]) -> dict[str, Any]:
    return datafeed(all_claimreviews(session, settings, url_of), feed_url, organisation(settings))
