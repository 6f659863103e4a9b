"""What a verdict's text must meet, defined once: drafts, submissions, publishing and corrections all
check these, and the forms take their limits from here."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from factcheck.errors import ValidationError
from factcheck.models import AppearanceKind, Claim, Evidence, RatingLevel
from factcheck.models.appearances import Appearance
from factcheck.models.images import ImageAsset, ImageUse
from factcheck.publishing.mediareview import MediaKind, MediaRating, MediaSpot, MediaSubject, subject
from factcheck.rendering.markdown import cited_numbers, safe_url
from factcheck.services.common import get_or_404

HEADLINE_MAX = 74  # ClaimReview asks for a headline under 75 characters
SUMMARY_MAX = 1000
BODY_MAX = 50_000
PUBLIC_NOTE_MAX = 2000  # the note on a correction or retraction
CLAIM_REVIEWED_ADVICE = 75  # Google's advice for claimReviewed: under 75 characters

LIMITS = {"headline": HEADLINE_MAX, "summary": SUMMARY_MAX, "body": BODY_MAX}
MEDIA_FIELDS = ("media_rating", "media_kind", "media_url")  # a verdict's, a revision's, a correction's


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form, and the field it is in (None: the page as a whole)."""

    field: str | None
    message: str


def text_problems(headline: str, summary: str, body: str) -> list[Problem]:
    values = {"headline": headline, "summary": summary, "body": body}
    return [Problem(name, f"The {name} is longer than {limit:,} characters.")
            for name, limit in LIMITS.items() if len((values[name] or "").strip()) > limit]


def rating_problems(session: Session, rating_id: int | None, *, allow: int | None = None) -> list[Problem]:
    """A retired level cannot be chosen, except the one already in place (`allow`)."""
    if rating_id is None:
        return []
    rating = get_or_404(session, RatingLevel, rating_id, "rating")
    if rating.retired and rating.id != allow:
        return [Problem("rating", f"The rating {rating.label!r} is retired; choose another.")]
    return []


def citation_problems(body: str, evidence: list[Evidence]) -> list[Problem]:
    """Every `[n]` in the body must be a live source of this claim."""
    live = {e.number for e in evidence if e.removed_at is None}
    dangling = sorted(cited_numbers(body) - live)
    if not dangling:
        return []
    listed = ", ".join(f"[{n}]" for n in dangling)
    return [Problem("body", f"The body cites {listed}, which {'is' if len(dangling) == 1 else 'are'} not among "
                            "this claim's sources: add the source or remove the citation.")]


ANY_SITE = "https://site.invalid"  # the rules ask whether there is media to rate, not its published address
STORED_IMAGE_PATH = "/desk/images/{}"  # web/images.py: readers get the image of a published verdict there


def stored_media_url(appearance: Appearance, site: str) -> str | None:
    """The public address of the desk's stored copy of an image appearance (the upload that made it),
    if there is one: preferred to the appearance's link, which is often the post it was seen in."""
    session = object_session(appearance)
    if session is None or appearance.id is None:
        return None
    image_id = session.scalar(select(ImageAsset.id).where(ImageAsset.appearance_id == appearance.id,
                                                          ImageAsset.use == ImageUse.APPEARANCE)
                              .order_by(ImageAsset.id).limit(1))
    return site + STORED_IMAGE_PATH.format(image_id) if image_id else None


def media_subject(claim: Claim, kind: MediaKind | None, url: str | None, site: str = ANY_SITE) -> MediaSubject | None:
    """What a media rating on this claim's verdict rates (publishing.mediareview.subject), with the
    addresses of stored images on `site`."""
    spots = []
    for a in claim.appearances:
        image = a.kind is AppearanceKind.IMAGE
        spots.append(MediaSpot(image, a.url or (a.article.url if a.article else None),
                               stored_media_url(a, site) if image else None))
    return subject(kind, url, spots)


def media_problems(claim: Claim, rating: MediaRating | None, kind: MediaKind | None, url: str | None) -> list[Problem]:
    """A media rating needs media to rate: the claim's image appearance, or a kind and an address the
    reviewer gives (a kind needs an address too). An address alone is kept if it is a usable link."""
    if url and safe_url(url) is None:
        return [Problem("media_url", "The media's address must be a full http:// or https:// link.")]
    if (rating or kind) and media_subject(claim, kind, url) is None:
        what = "This claim has no image appearance" if kind is None else f"There is no address for the {kind.label}"
        return [Problem("media_url" if kind else "media_kind",
                        f"{what}: say whether the claim is about an image, a video or audio and give the "
                        "media's address, or leave the media rating empty.")]
    return []


def media_problems_of(claim: Claim, values: dict) -> list[Problem]:
    """media_problems over a verdict's values as stored (a correction's come back from JSON as strings)."""
    rating, kind = values.get("media_rating"), values.get("media_kind")
    return media_problems(claim, MediaRating(rating) if rating else None, MediaKind(kind) if kind else None,
                          values.get("media_url"))


def refuse(problems: list[Problem], lead: str) -> None:
    """Raise one ValidationError naming every problem (the first one's field marks the form)."""
    if problems:
        raise ValidationError(f"{lead} " + " ".join(p.message for p in problems), field=problems[0].field,
                              problems=[(p.field, p.message) for p in problems])


def check_text(session: Session, rating_id: int | None, headline: str, summary: str, body: str,
               *, allow_rating: int | None = None) -> None:
    refuse(rating_problems(session, rating_id, allow=allow_rating) + text_problems(headline, summary, body),
           "Not saved.")
