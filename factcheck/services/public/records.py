"""The public API's JSON records of verdicts (documented in factcheck/static/openapi.json)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from factcheck.models import Correction, RatingLevel
from factcheck.models.verdicts import ShownRating
from factcheck.services.public.feeds import stamp
from factcheck.services.public.queries import Listing
from factcheck.services.public.verdicts import VerdictView


def rating_record(level: RatingLevel | ShownRating | None) -> dict[str, Any] | None:
    if level is None:
        return None
    return {"label": level.label, "slug": level.slug, "value": level.value}


def summary_record(listing: Listing, url_of: Callable[[str], str]) -> dict[str, Any]:
    """A verdict in a list: enough to show it and follow the link."""
    verdict, claim = listing.verdict, listing.claim
    return {
        "slug": verdict.slug, "url": url_of(verdict.slug), "headline": verdict.headline,
        "claim": claim.text, "speaker": claim.speaker, "claim_types": list(claim.claim_types or []),
        "rating": None if verdict.retracted_at else rating_record(verdict.shown_rating),
        "summary": verdict.summary,
        "published_at": stamp(verdict.published_at),
        "modified_at": stamp(verdict.modified_at or verdict.published_at),
        "retracted": verdict.retracted_at is not None,
    }


def correction_record(correction: Correction) -> dict[str, Any]:
    return {"kind": correction.kind, "note": correction.note, "date": stamp(correction.created_at)}


def full_record(page: VerdictView, url_of: Callable[[str], str]) -> dict[str, Any]:
    """A verdict with its sources, corrections and ClaimReview."""
    record = summary_record(Listing(page.verdict, page.claim), url_of)
    record.update({
        "body_markdown": page.verdict.body,
        "claim_date": page.claim_date.isoformat() if page.claim_date else None,
        "appearance_url": page.appearance_url,
        "author": page.author, "editor": page.editor,
        "sources": [{"number": s.number, "title": s.title, "url": s.url, "publisher": s.publisher,
                     "published_date": s.published_date.isoformat() if s.published_date else None,
                     "archive_url": s.archive_url} for s in page.sources],
        "corrections": [correction_record(c) for c in page.corrections],
        "revisions": len(page.revisions),
        "claimreview": page.claimreview,
    })
    return record


def retracted_record(page: VerdictView, url_of: Callable[[str], str]) -> dict[str, Any]:
    """What the API says about a retracted verdict (with HTTP 410): when, why, and where to read it."""
    retraction = page.retraction
    return {"slug": page.verdict.slug, "url": url_of(page.verdict.slug), "headline": page.verdict.headline,
            "claim": page.claim.text, "retracted": True,
            "retracted_at": stamp(page.verdict.retracted_at),
            "retraction_note": retraction.note if retraction else None}
