"""schema.org ClaimReview JSON-LD for published verdicts, and the DataFeed aggregators ingest.

Search engines and fact-check aggregators read this markup to show our rating next to the
claim, so it follows schema.org strictly: one ClaimReview per page, unknown values are left out
(never null), and numeric ratings are only emitted on a valid 1-based scale.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from factcheck.publishing.mediareview import split
from factcheck.rendering.markdown import safe_url

SCHEMA_CONTEXT = "https://schema.org"
Number = int | float


@dataclass(frozen=True)
class Organisation:
    """The publisher of the fact check (from the organisation Settings)."""

    name: str
    url: str
    logo_url: str | None = None


@dataclass(frozen=True)
class ReviewRating:
    """A rating level: its label always, its numeric place on the scale only if it has one."""

    label: str
    value: Number | None = None
    best: Number | None = None
    worst: Number | None = None

    def __post_init__(self) -> None:
        # A wrong scale would mislead every aggregator; refuse it where it is configured.
        if self.value is None:
            return
        if self.best is None or self.worst is None:
            raise ValueError("a numeric rating needs best and worst values")
        if not 1 <= self.worst < self.best:
            raise ValueError("rating scale must satisfy 1 <= worst < best")
        if not self.worst <= self.value <= self.best:
            raise ValueError("rating value must lie between worst and best")


@dataclass(frozen=True)
class ClaimAuthor:
    """Who made the claim: a person (a politician) or an organisation (a ministry, a party)."""

    name: str
    kind: Literal["Person", "Organization"] = "Person"

    def __post_init__(self) -> None:
        if self.kind not in ("Person", "Organization"):
            raise ValueError("claim author kind must be 'Person' or 'Organization'")


@dataclass(frozen=True)
class ClaimAppearance:
    """Where the claim can be seen: an article (its URL, outlet, title, date) or a post or broadcast."""

    url: str | None = None
    publisher: str | None = None
    headline: str | None = None
    date_published: date | datetime | None = None


@dataclass(frozen=True)
class ClaimReviewInput:
    """Everything a verdict page knows that ClaimReview needs, as plain values."""

    url: str
    claim_reviewed: str
    headline: str
    date_published: date | datetime
    date_modified: date | datetime
    organisation: Organisation
    rating: ReviewRating
    claim_author: ClaimAuthor | None = None
    claim_date: date | datetime | None = None
    appearances: Sequence[ClaimAppearance] = ()  # the original first
    first_appearance_url: str | None = None
    in_language: str = "en"


def iso_date(value: date | datetime) -> str:
    """ISO 8601 without microseconds; timezone-aware datetimes keep their offset."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def _require_url(url: str, what: str) -> str:
    """Canonical and organisation URLs must be absolute http(s): consumers cannot resolve others."""
    checked = safe_url(url)
    if checked is None:
        raise ValueError(f"{what} must be an absolute http(s) URL, got {url!r}")
    return checked


def _number(value: Number) -> Number:
    """Emit 3 rather than 3.0 so the JSON reads like the scale people configured."""
    return int(value) if float(value).is_integer() else value


def organisation_node(org: Organisation) -> dict[str, Any]:
    """The Organization node used as ClaimReview author and DataFeed publisher."""
    node: dict[str, Any] = {"@type": "Organization", "name": org.name,
                            "url": _require_url(org.url, "organisation url")}
    logo = safe_url(org.logo_url) if org.logo_url else None
    if logo:
        node["logo"] = {"@type": "ImageObject", "url": logo}
    return node


def rating_node(rating: ReviewRating) -> dict[str, Any]:
    """Rating: alternateName always; the numbers only for levels on the true-false scale."""
    node: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and rating.best is not None and rating.worst is not None:
        node["ratingValue"] = _number(rating.value)
        node["bestRating"] = _number(rating.best)
        node["worstRating"] = _number(rating.worst)
    return node


def _creative_work(url: str | None) -> dict[str, Any] | None:
    """Where the claim appeared; an unusable URL is dropped rather than published."""
    checked = safe_url(url) if url else None
    return {"@type": "CreativeWork", "url": checked} if checked else None


def appearance_node(appearance: ClaimAppearance) -> dict[str, Any] | None:
    """One place the claim appeared; None when there is neither a usable URL nor a publisher to name."""
    node = _creative_work(appearance.url) or {"@type": "CreativeWork"}
    publisher = " ".join((appearance.publisher or "").split())
    if "url" not in node and not publisher:
        return None
    if appearance.headline and appearance.headline.strip():
        node["headline"] = " ".join(appearance.headline.split())
    if appearance.date_published is not None:
        node["datePublished"] = iso_date(appearance.date_published)
    if publisher:
        node["publisher"] = {"@type": "Organization", "name": publisher}
    return node


def claim_node(review: ClaimReviewInput) -> dict[str, Any]:
    """The Claim being reviewed: who said it, when, and every place it can be seen (a list)."""
    node: dict[str, Any] = {"@type": "Claim"}
    if review.claim_author is not None and review.claim_author.name.strip():
        node["author"] = {"@type": review.claim_author.kind, "name": review.claim_author.name.strip()}
    if review.claim_date is not None:
        node["datePublished"] = iso_date(review.claim_date)
    appearances = [n for n in map(appearance_node, review.appearances) if n is not None]
    if appearances:
        node["appearance"] = appearances
    first = _creative_work(review.first_appearance_url)
    if first:
        node["firstAppearance"] = first
    return node


def build_claimreview(review: ClaimReviewInput) -> dict[str, Any]:
    """Exactly one ClaimReview JSON-LD object for a published verdict page."""
    claim_text = " ".join(review.claim_reviewed.split())
    if not claim_text:
        raise ValueError("claim_reviewed must not be empty")
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": _require_url(review.url, "canonical url"),
        "headline": review.headline.strip() or None,
        "claimReviewed": claim_text,
        "datePublished": iso_date(review.date_published),
        "dateModified": iso_date(review.date_modified),
        "inLanguage": review.in_language or "en",
        "author": organisation_node(review.organisation),
        "reviewRating": rating_node(review.rating),
        "itemReviewed": claim_node(review),
    }
    return {key: value for key, value in data.items() if value is not None}


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def jsonld_script(data: dict[str, Any]) -> str:
    """JSON text safe to place inside <script type="application/ld+json"> (mark it safe).

    `<`, `>` and `&` only occur inside JSON strings, so escaping them as \\u003c etc. keeps
    the data identical for parsers while a claim containing `</script>` or `<!--` can never
    close the script element and inject markup into the page.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _parse_moment(value: str) -> datetime | None:
    """Read back an ISO date/datetime from a review; naive values are taken as UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _latest_modified(reviews: Sequence[dict[str, Any]]) -> str | None:
    """The feed changed when its most recently modified review did."""
    stamped = [(m, r["dateModified"]) for r in reviews
               if (m := _parse_moment(r.get("dateModified", ""))) is not None]
    return max(stamped)[1] if stamped else None


def datafeed(reviews: Sequence[dict[str, Any]], feed_url: str, org: Organisation) -> dict[str, Any]:
    """A schema.org DataFeed of ClaimReviews, the bulk format fact-check aggregators ingest.

    Each element is a ClaimReview from build_claimreview with its own @context removed, since
    the feed's top-level context already covers it; a ClaimReview with a MediaReview attached
    (publishing.mediareview) is followed by that MediaReview as an element of its own.
    """
    elements = [{k: v for k, v in block.items() if k != "@context"} for review in reviews for block in split(review)]
    feed: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "url": _require_url(feed_url, "feed url"),
        "name": f"{org.name} fact checks",
        "publisher": organisation_node(org),
        "dataFeedElement": elements,
    }
    modified = _latest_modified(elements)
    if modified:
        feed["dateModified"] = modified
    return feed
