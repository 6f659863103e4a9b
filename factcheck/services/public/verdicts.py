"""One public verdict: finding it by slug (old slugs redirect) and everything its page shows."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from factcheck.errors import NotFound
from factcheck.models import (
    Article,
    Claim,
    Correction,
    Evidence,
    SlugRedirect,
    User,
    Verdict,
    VerdictRevision,
)
from factcheck.models.verdicts import ShownRating
from factcheck.publishing import mediareview
from factcheck.publishing.claimreview import jsonld_script
from factcheck.rendering.markdown import Citation, plain_text_excerpt, render_markdown, safe_url
from factcheck.services.public import markup, origin
from factcheck.slugs import slugify

NOT_PUBLISHED = "There is no published verdict at this address."


@dataclass(frozen=True)
class PageKey:
    """The few columns that decide whether a cached rendering of the page is still current."""

    id: int
    slug: str
    modified_at: datetime
    retracted: bool


@dataclass(frozen=True)
class Lookup:
    key: PageKey | None = None
    redirect_to: str | None = None  # the verdict's current slug, when an old one was asked for


@dataclass(frozen=True)
class Source:
    number: int
    title: str
    url: str | None
    publisher: str | None
    published_date: date | None
    archive_url: str | None


@dataclass(frozen=True)
class VerdictView:
    """What the verdict page (and the API record) shows, gathered in one place."""

    verdict: Verdict
    claim: Claim
    article: Article | None
    rating: ShownRating | None
    sources: list[Source]
    corrections: list[Correction]
    revisions: list[VerdictRevision]
    author: str | None
    editor: str | None
    body_html: str
    description: str
    appearance_url: str | None
    appearance_archive_url: str | None
    claim_date: date | None
    speaker_slug: str | None
    claimreview: dict[str, Any] | None
    also_said: list[origin.AlsoSaid]  # every appearance after the original

    @property
    def jsonld_blocks(self) -> list[str]:
        """The page's JSON-LD scripts (safe inside <script>): the ClaimReview, then any MediaReview."""
        return [jsonld_script(block) for block in mediareview.split(self.claimreview)] if self.claimreview else []

    @property
    def retraction(self) -> Correction | None:
        return next((c for c in reversed(self.corrections) if c.kind == "retraction"), None)


# Built once: the page lookup runs on every request, even when the page itself comes from the cache.
_BY_SLUG = (select(Verdict.id, Verdict.slug, Verdict.modified_at, Verdict.published_at, Verdict.retracted_at)
            .where(Verdict.slug == bindparam("slug"), Verdict.published_at.is_not(None)))
_BY_OLD_SLUG = (select(Verdict.slug).join(SlugRedirect, SlugRedirect.verdict_id == Verdict.id)
                .where(SlugRedirect.old_slug == bindparam("slug"), Verdict.published_at.is_not(None)))


def find(db: Session | Connection, slug: str) -> Lookup:
    """The public verdict at `slug`, or where its old slug now points; NotFound otherwise.

    Takes a session or a bare connection: the cached page path needs nothing more.
    """
    row = db.execute(_BY_SLUG, {"slug": slug}).first()
    if row is not None:
        return Lookup(key=PageKey(row.id, row.slug, row.modified_at or row.published_at, row.retracted_at is not None))
    current = db.execute(_BY_OLD_SLUG, {"slug": slug}).scalar()
    if current is None or current == slug:
        raise NotFound(NOT_PUBLISHED)
    return Lookup(redirect_to=current)


def sources_of(session: Session, claim_id: int) -> list[Source]:
    """The evidence readers may see: removed evidence is not shown; unsafe links are dropped."""
    rows = session.scalars(select(Evidence).where(Evidence.claim_id == claim_id, Evidence.removed_at.is_(None))
                           .order_by(Evidence.number))
    return [Source(e.number, e.title, safe_url(e.url), e.publisher, e.published_date, safe_url(e.archive_url or ""))
            for e in rows]


def _name(session: Session, user_id: int | None) -> str | None:
    return session.scalar(select(User.name).where(User.id == user_id)) if user_id else None


def _archived_appearance(sources: list[Source], url: str | None) -> str | None:
    """The claim's origin has an archived copy when it was also filed as evidence with one."""
    return next((s.archive_url for s in sources if url and s.url == url and s.archive_url), None)


def render_body(text: str, sources: list[Source]) -> str:
    return render_markdown(text, [Citation(s.number, s.url or "", s.title) for s in sources])


def view(session: Session, verdict_id: int, settings: Mapping[str, Any], url: str) -> VerdictView:
    """Everything the page at `url` (its canonical, absolute address) shows."""
    verdict = session.get(Verdict, verdict_id)
    if verdict is None or verdict.published_at is None:
        raise NotFound(NOT_PUBLISHED)
    claim = session.get(Claim, verdict.claim_id)
    article = session.get(Article, claim.article_id) if claim.article_id else None
    sources = sources_of(session, claim.id)
    appearance = origin.appearance_url(claim)
    return VerdictView(
        verdict=verdict, claim=claim, article=article, rating=verdict.shown_rating, sources=sources,
        corrections=list(verdict.corrections), revisions=list(verdict.revisions),
        author=_name(session, verdict.author_id), editor=_name(session, verdict.editor_id),
        body_html=render_body(verdict.body, sources),
        description=plain_text_excerpt(verdict.summary or verdict.body or claim.text),
        appearance_url=appearance,
        appearance_archive_url=_archived_appearance(sources, origin.appearance_url(claim, moment=False)),
        claim_date=origin.claim_date(claim, article),
        speaker_slug=slugify(claim.speaker, fallback="speaker") if claim.speaker and claim.speaker.strip() else None,
        claimreview=markup.claimreview(verdict, claim, article, settings, markup.scale_bounds(session), url),
        also_said=origin.also_said(claim))


def revision(session: Session, verdict_id: int, number: int) -> VerdictRevision:
    found = session.scalar(select(VerdictRevision).where(VerdictRevision.verdict_id == verdict_id,
                                                         VerdictRevision.number == number))
    if found is None:
        raise NotFound(f"This verdict has no revision {number}.")
    return found
