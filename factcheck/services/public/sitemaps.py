"""Which sitemap files exist and what each lists: verdict ids in fixed ranges (datafeed.SITEMAP_FILE),
so a file's contents depend on its own range only and each is one walk of the primary key."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Verdict
from factcheck.services.public import datafeed

MAX_URLS = 50_000  # the sitemap protocol's limit per file


def _public():
    return Verdict.published_at.is_not(None), Verdict.slug.is_not(None)


def last_file(session: Session) -> int:
    highest = session.scalar(select(func.max(Verdict.id)))
    return datafeed.sitemap_file_of(highest) if highest else 0


def _range(number: int):
    size = datafeed.SITEMAP_FILE
    return Verdict.id > (number - 1) * size, Verdict.id <= number * size


def verdict_files(session: Session) -> list[int]:
    """The numbers of the verdict files that list at least one page (one index probe per file)."""
    return [n for n in range(1, last_file(session) + 1)
            if session.scalar(select(Verdict.id).where(*_range(n), *_public()).limit(1)) is not None]


def verdicts_in(session: Session, number: int) -> list[tuple[str, datetime]]:
    """(slug, last change) of every public verdict in file `number`, by id."""
    rows = session.execute(select(Verdict.slug, Verdict.modified_at, Verdict.published_at)
                           .where(*_range(number), *_public()).order_by(Verdict.id))
    return [(slug, modified or published) for slug, modified, published in rows]
