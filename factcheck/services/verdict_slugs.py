"""A verdict's address: chosen once at publication, never changed; a new headline's slug leads there too."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import SlugRedirect, Verdict
from factcheck.slugs import slugify


def unique_slug(session: Session, verdict: Verdict) -> str:
    base = slugify(verdict.headline or "", fallback=f"verdict-{verdict.claim_id}")
    slug, n = base, 2
    while session.scalar(select(Verdict.id).where(Verdict.slug == slug, Verdict.id != verdict.id)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def remember_headline_slug(session: Session, verdict: Verdict) -> None:
    """After a headline change the URL stays; the slug of the new headline also leads there.

    A slug already used by another verdict (or already remembered) is left alone.
    """
    candidate = slugify(verdict.headline or "", fallback="")
    if not candidate or candidate == verdict.slug:
        return
    taken = session.scalar(select(Verdict.id).where(Verdict.slug == candidate)) or session.scalar(
        select(SlugRedirect.id).where(SlugRedirect.old_slug == candidate))
    if not taken:
        session.add(SlugRedirect(old_slug=candidate, verdict_id=verdict.id))
