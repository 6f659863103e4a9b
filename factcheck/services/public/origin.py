"""Who made a published claim, when, and where it appeared: what the verdict page and ClaimReview say.

The desk's edited claim decides the words and the speaker; the appearances (the verbatim sentence
in its article, a post, a broadcast) decide where it can be seen. The claim's date is the day it
was made when the desk has set one (`Claim.said_on`), else the day its original appearance
appeared — never `Claim.claim_date`, which is the date the claim talks about ("last August").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from factcheck.models import Appearance, Article, Claim, SpeakerKind
from factcheck.publishing.claimreview import ClaimAppearance, ClaimAuthor
from factcheck.publishing.moments import moment_url
from factcheck.rendering.markdown import safe_url

_SCHEMA_TYPE = {SpeakerKind.PERSON: "Person", SpeakerKind.ORGANISATION: "Organization"}


def claim_author(claim: Claim) -> ClaimAuthor | None:
    """The edited speaker, a Person or an Organization as the desk said (else as the name suggests)."""
    if not claim.speaker or not claim.speaker.strip():
        return None
    return ClaimAuthor(name=claim.speaker.strip(), kind=_SCHEMA_TYPE[claim.speaker_is])


def claim_date(claim: Claim, article: Article | None = None) -> date | None:
    """The day the claim was made: the desk's date, else its original appearance's, else its article's."""
    original = claim.original
    return (claim.said_on or (original.appeared_on if original else None) or claim.appeared_on
            or (article.published_date if article else None))


def _appearance(appearance: Appearance, moment: bool = True) -> ClaimAppearance:
    """`moment`: a broadcast's link points at the second the claim was said (publishing/moments.py)."""
    article = appearance.article
    url = safe_url(appearance.url or "") or (safe_url(article.url or "") if article else None)
    return ClaimAppearance(
        url=moment_url(url, appearance.at_seconds) if moment else url,
        publisher=article.outlet if article else None, headline=article.title if article else None,
        date_published=appearance.appeared_on or (article.published_date if article else None))


def appearances_of(claim: Claim, moment: bool = True) -> tuple[ClaimAppearance, ...]:
    """Every appearance readers can follow (a URL or a named outlet), the original first. A tip's
    "where" ("a reader's email") is the desk's note, not a source: it is never published."""
    return tuple(a for a in (_appearance(a, moment) for a in claim.appearances) if a.url or a.publisher)


def appearance_url(claim: Claim, moment: bool = True) -> str | None:
    """The link to where the claim was said, for the page: the first appearance with one."""
    return next((a.url for a in appearances_of(claim, moment) if a.url), None)


@dataclass(frozen=True)
class AlsoSaid:
    """A later appearance, as readers see it: "Also said by <speaker as written> on <date> (<outlet>)"."""

    speaker: str | None
    day: date | None
    source: str | None  # the outlet or article title, else the link's host
    url: str | None


def _also_said(appearance: Appearance) -> AlsoSaid:
    shown = _appearance(appearance)
    source = shown.publisher or shown.headline or (urlsplit(shown.url).hostname if shown.url else None)
    speaker = (appearance.speaker_as_written or "").strip() or None
    return AlsoSaid(speaker=speaker, day=shown.date_published, source=source, url=shown.url)


def also_said(claim: Claim) -> list[AlsoSaid]:
    """Every appearance after the original, in order. Public fields only: never a tip's words or its
    "where" (the desk's note), never who sent it."""
    return [_also_said(a) for a in claim.appearances[1:]]
