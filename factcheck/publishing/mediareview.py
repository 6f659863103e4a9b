"""schema.org MediaReview for a verdict about an image, a video or audio, linked to its ClaimReview.

A verdict can rate the media a claim came with (a cropped photo, a slowed-down video) on schema.org's
MediaManipulationRatingEnumeration, beside the rating of the claim itself. The MediaReview shares the
ClaimReview's page, dates, language and author, and the two point at each other by "@id":
`associatedMediaReview` on the ClaimReview, `associatedClaimReview` on the MediaReview (both are
Review properties in the vocabulary; `relatedMediaReview`, named in its comments, is not a term).

`attach` keeps the MediaReview inside the ClaimReview (`associatedMediaReview` holds the whole node),
so every consumer of a verdict's ClaimReview (the stored DataFeed records, the API) carries it;
`split` turns that into the separate blocks a page or a DataFeed lists. Pure: plain values in and out.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from factcheck.rendering.markdown import safe_url

SCHEMA = "https://schema.org"
CLAIMREVIEW_ID, MEDIAREVIEW_ID = "#claimreview", "#mediareview"
# Copied from the ClaimReview: one page, one organisation, the same dates.
SHARED = ("url", "datePublished", "dateModified", "inLanguage", "author", "publisher")


class MediaRating(StrEnum):
    """MediaManipulationRatingEnumeration members (schema.org 30.0); the values are the vocabulary's names."""

    ORIGINAL = "OriginalMediaContent"
    MISSING_CONTEXT = "DecontextualizedContent"
    EDITED_OR_CROPPED = "EditedOrCroppedContent"
    TRANSFORMED = "TransformedContent"
    STAGED = "StagedContent"
    SATIRE_OR_PARODY = "SatireOrParodyContent"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    @property
    def iri(self) -> str:
        return f"{SCHEMA}/{self.value}"


_RATING_LABELS = {
    MediaRating.ORIGINAL: "original", MediaRating.MISSING_CONTEXT: "missing context",
    MediaRating.EDITED_OR_CROPPED: "edited or cropped", MediaRating.TRANSFORMED: "transformed",
    MediaRating.STAGED: "staged", MediaRating.SATIRE_OR_PARODY: "satire or parody",
}


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"

    @property
    def label(self) -> str:
        return {"image": "image", "video": "video", "audio": "audio recording"}[self.value]

    @property
    def schema_type(self) -> str:
        return {"image": "ImageObject", "video": "VideoObject", "audio": "AudioObject"}[self.value]


def parse_rating(raw: str | None) -> MediaRating | None:
    """A submitted media rating: empty is none; its vocabulary name or its words are accepted."""
    text = (raw or "").strip()
    if not text:
        return None
    for rating in MediaRating:
        if text in (rating.value, rating.label, rating.name.lower()):
            return rating
    choices = ", ".join(r.label for r in MediaRating)
    raise ValueError(f"{text[:60]!r} is not a media rating: choose one of {choices}, or none.")


def parse_kind(raw: str | None) -> MediaKind | None:
    text = (raw or "").strip().lower()
    if not text:
        return None
    try:
        return MediaKind(text)
    except ValueError:
        raise ValueError(f"{text[:60]!r} is not a kind of media: choose image, video or audio.") from None


@dataclass(frozen=True)
class MediaSpot:
    """One appearance of the claim as the media rules see it: is it an image, and where does it link."""

    is_image: bool
    url: str | None
    stored_url: str | None = None  # a stored copy's public address, when the desk keeps one


@dataclass(frozen=True)
class MediaSubject:
    """The media a verdict rates: its kind, the file's address (contentUrl), the page it appeared on."""

    kind: MediaKind
    content_url: str
    page_url: str | None = None


def subject(kind: MediaKind | None, typed_url: str | None, spots: Sequence[MediaSpot]) -> MediaSubject | None:
    """The media to rate: the kind the reviewer chose (an image when the claim has an image appearance),
    at the address they typed, else the image appearance's stored copy or link; None without both."""
    image = next((spot for spot in spots if spot.is_image), None)
    kind = kind or (MediaKind.IMAGE if image else None)
    typed = safe_url(typed_url or "")
    content = typed or (image and (safe_url(image.stored_url or "") or safe_url(image.url or "")))
    if kind is None or not content:
        return None
    pages = ([image.url] if image else []) + [spot.url for spot in spots]
    page = next((url for url in (safe_url(u or "") for u in pages) if url and url != content), None)
    return MediaSubject(kind, content, page)


def media_node(media: MediaSubject) -> dict[str, Any]:
    """itemReviewed: an ImageObject / VideoObject / AudioObject, its file and the page it was part of."""
    node: dict[str, Any] = {"@type": media.kind.schema_type, "contentUrl": media.content_url}
    if media.page_url:
        node["isPartOf"] = {"@type": "CreativeWork", "url": media.page_url}
    return node


def build_mediareview(claimreview: dict[str, Any], rating: MediaRating, media: MediaSubject,
                      context: str | None = None) -> dict[str, Any]:
    """The MediaReview beside a verdict's ClaimReview (whose url, dates, language and author it shares).
    `context`, for missing-context media, is what readers need to know (the verdict's summary)."""
    url = claimreview["url"]
    node: dict[str, Any] = {"@context": SCHEMA, "@type": "MediaReview", "@id": url + MEDIAREVIEW_ID}
    node |= {key: claimreview[key] for key in SHARED if key in claimreview}
    node["mediaAuthenticityCategory"] = rating.iri
    node["itemReviewed"] = media_node(media)
    text = " ".join((context or "").split())
    if rating is MediaRating.MISSING_CONTEXT and text:
        node["originalMediaContextDescription"] = text
    node["associatedClaimReview"] = {"@id": url + CLAIMREVIEW_ID}
    return node


def attach(claimreview: dict[str, Any], mediareview: dict[str, Any]) -> dict[str, Any]:
    """The ClaimReview carrying its MediaReview whole (a self-contained record for feeds and the API)."""
    inner = {key: value for key, value in mediareview.items() if key != "@context"}
    return {**claimreview, "@id": claimreview["url"] + CLAIMREVIEW_ID, "associatedMediaReview": inner}


def split(review: dict[str, Any]) -> list[dict[str, Any]]:
    """[ClaimReview] or [ClaimReview, MediaReview]: the attached MediaReview as a block of its own,
    the ClaimReview pointing at it by "@id"."""
    inner = review.get("associatedMediaReview")
    if not isinstance(inner, dict) or inner.get("@type") != "MediaReview":
        return [review]
    context = review.get("@context", SCHEMA)
    return [{**review, "associatedMediaReview": {"@id": inner["@id"]}}, {"@context": context, **inner}]
