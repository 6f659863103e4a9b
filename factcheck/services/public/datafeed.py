"""The ClaimReview DataFeed, page by page from stored records, and the change counters of cached views.

Each public verdict's ClaimReview is rendered when it is published, corrected or retracted
(`refresh`, called by services.editorial in the same transaction) and stored in
claimreview_records. A page of the feed is the next PAGE_SIZE public verdicts by id after a cursor
(`?after=<id>`), read with their stored records: nothing is rebuilt from every verdict. A record
rendered against other settings or scale (its fingerprint), or before the verdict or its claim
last changed (a repeat merged into a published claim adds an appearance), is rendered again while
the page is read and stored again (`repair`), so the feed is right even for rows no hook saw.

Change counters (`PublicVersion`) key every worker's cached copy of a feed page or sitemap file:
`refresh` bumps the DataFeed's, the sitemap index's and the one sitemap file holding the verdict.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload, selectinload

from factcheck.db import utcnow
from factcheck.models import Article, Claim, RatingLevel, Verdict
from factcheck.models.published import ClaimReviewRecord, PublicVersion
from factcheck.services.public import markup

log = logging.getLogger(__name__)
PAGE_SIZE = 500
SITEMAP_FILE = 2000  # verdict ids per sitemap file (the protocol allows 50,000 URLs; smaller files stay cheap)
DATAFEED, SITEMAP = "datafeed", "sitemap"
VERDICT_PATH = "/verdicts/"


def sitemap_file_of(verdict_id: int) -> int:
    """Which /sitemaps/verdicts-<n>.xml lists the verdict: ids 1–2000 in file 1, and so on."""
    return (verdict_id - 1) // SITEMAP_FILE + 1


def sitemap_name(number: int) -> str:
    return f"{SITEMAP}-verdicts-{number}"


def default_url_of(settings: Mapping[str, Any]) -> Callable[[str], str]:
    """Verdict URLs as the site builds them (outside a request: the hooks, the generator)."""
    base = markup.site_url(settings) + VERDICT_PATH
    return lambda slug: base + slug


def fingerprint(session: Session, settings: Mapping[str, Any], url_of: Callable[[str], str]) -> str:
    """What every ClaimReview depends on beyond its own verdict: the organisation, the scale, the URLs."""
    scale = session.execute(select(RatingLevel.id, RatingLevel.value).order_by(RatingLevel.id)).all()
    keys = ("org_name", "org_url", "org_logo", "language")
    data = {"org": [settings.get(k) for k in keys], "scale": [list(row) for row in scale], "url": url_of("x")}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _load(session: Session, verdict_ids: list[int]) -> list[tuple[Verdict, Claim, Article | None]]:
    """Verdicts with their rating, claim (appearances and their articles) and article, in three queries."""
    if not verdict_ids:
        return []
    return list(session.execute(
        select(Verdict, Claim, Article).join(Claim, Claim.id == Verdict.claim_id)
        .outerjoin(Article, Article.id == Claim.article_id)
        .options(joinedload(Verdict.rating), selectinload(Claim.appearances))
        .where(Verdict.id.in_(verdict_ids))).unique().all())


def render(session: Session, verdict_ids: list[int], settings: Mapping[str, Any],
           url_of: Callable[[str], str]) -> dict[int, tuple[dict | None, Verdict, Claim]]:
    bounds = markup.scale_bounds(session)
    return {v.id: (markup.claimreview(v, c, a, settings, bounds, url_of(v.slug)) if v.slug else None, v, c)
            for v, c, a in _load(session, verdict_ids)}


def _upsert(session: Session, rows: list[dict]) -> None:
    if not rows:
        return
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(ClaimReviewRecord)
    columns = ("claimreview", "fingerprint", "verdict_modified_at", "claim_version", "updated_at")
    session.execute(statement.on_conflict_do_update(index_elements=["verdict_id"],
                                                    set_={c: statement.excluded[c] for c in columns}), rows)


def store(session: Session, verdict_ids: list[int], settings: Mapping[str, Any], url_of: Callable[[str], str],
          stamp: str | None = None) -> dict[int, dict | None]:
    """Render and store the records of these verdicts (the caller commits); returns the ClaimReviews."""
    stamp = stamp or fingerprint(session, settings, url_of)
    rendered = render(session, verdict_ids, settings, url_of)
    now = utcnow()
    _upsert(session, [{"verdict_id": vid, "claimreview": review, "fingerprint": stamp,
                       "verdict_modified_at": verdict.modified_at, "claim_version": claim.version, "updated_at": now}
                      for vid, (review, verdict, claim) in rendered.items()])
    return {vid: review for vid, (review, _v, _c) in rendered.items()}


def bump(session: Session, *names: str) -> None:
    """Move these change counters on (in sorted order: two writers never wait on each other crosswise)."""
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    for name in sorted(set(names)):
        statement = dialect_insert(PublicVersion).values(name=name, version=1, changed_at=now)
        session.execute(statement.on_conflict_do_update(
            index_elements=["name"], set_={"version": PublicVersion.version + 1, "changed_at": now}))


def versions(db: Session | Connection, *names: str) -> dict[str, tuple[int, Any]]:
    """name -> (version, changed_at); a counter never bumped is (0, None)."""
    rows = db.execute(select(PublicVersion.name, PublicVersion.version, PublicVersion.changed_at)
                      .where(PublicVersion.name.in_(names)))
    found = {row.name: (row.version, row.changed_at) for row in rows}
    return {name: found.get(name, (0, None)) for name in names}


def refresh(session: Session, verdict: Verdict) -> None:
    """The hook of publish, correct and retract: store the verdict's ClaimReview, move the counters on."""
    from factcheck.services.settings import all_settings

    session.flush()
    settings = all_settings(session)
    store(session, [verdict.id], settings, default_url_of(settings))
    bump(session, DATAFEED, SITEMAP, sitemap_name(sitemap_file_of(verdict.id)))


@dataclass(frozen=True)
class FeedPage:
    reviews: list[dict]
    next_after: int | None  # the cursor of the page after this one


def _public() -> tuple:
    return (Verdict.published_at.is_not(None), Verdict.slug.is_not(None), Verdict.retracted_at.is_(None))


def page(session: Session, settings: Mapping[str, Any], url_of: Callable[[str], str], after: int = 0,
         size: int | None = None) -> FeedPage:
    """The next `size` current ClaimReviews by verdict id after `after`, from their stored records."""
    size = size or PAGE_SIZE
    stamp = fingerprint(session, settings, url_of)
    rows = session.execute(
        select(Verdict.id, Verdict.modified_at, Claim.version, ClaimReviewRecord.claimreview,
               ClaimReviewRecord.fingerprint, ClaimReviewRecord.verdict_modified_at, ClaimReviewRecord.claim_version)
        .join(Claim, Claim.id == Verdict.claim_id)
        .outerjoin(ClaimReviewRecord, ClaimReviewRecord.verdict_id == Verdict.id)
        .where(*_public(), Verdict.id > after).order_by(Verdict.id).limit(size + 1)).all()
    more = len(rows) > size
    rows = rows[:size]
    stale = [r.id for r in rows if r.fingerprint != stamp or r.verdict_modified_at != r.modified_at
             or r.claim_version != r.version]
    fresh = repair(session, stale, settings, url_of, stamp) if stale else {}
    reviews = [fresh[r.id] if r.id in fresh else r.claimreview for r in rows]
    return FeedPage([review for review in reviews if review], rows[-1].id if more and rows else None)


def next_after(session: Session, after: int, size: int | None = None) -> int | None:
    """The cursor of the page after the one starting after `after` (a walk of `size` index entries)."""
    size = size or PAGE_SIZE
    ids = list(session.scalars(select(Verdict.id).where(*_public(), Verdict.id > after).order_by(Verdict.id)
                               .offset(size - 1).limit(2)))
    return ids[0] if len(ids) == 2 else None


def repair(session: Session, verdict_ids: list[int], settings: Mapping[str, Any], url_of: Callable[[str], str],
           stamp: str) -> dict[int, dict | None]:
    """Render stale records for the page being read and store them (a reader's request commits only
    this; a failure to store is logged and the page is still served from the fresh rendering)."""
    rendered = store(session, verdict_ids, settings, url_of, stamp)
    try:
        session.commit()
    except Exception:  # noqa: BLE001 -- another worker stored them first, or the database is read-only
        session.rollback()
        log.warning("could not store %d re-rendered ClaimReview records", len(verdict_ids), exc_info=True)
    return rendered


def feed(session: Session, settings: Mapping[str, Any], feed_url: str, url_of: Callable[[str], str],
         after: int = 0, size: int | None = None) -> tuple[dict[str, Any], int | None]:
    """One page as a schema.org DataFeed (the shape clients know), and the next page's cursor."""
    from factcheck.publishing.claimreview import datafeed

    found = page(session, settings, url_of, after, size)
    return datafeed(found.reviews, feed_url, markup.organisation(settings)), found.next_after


def rebuild(session: Session, first_verdict: int = 0, batch: int = 500) -> int:
    """Store the record of every public verdict from `first_verdict` on (the generator, an upgrade)."""
    from factcheck.services.settings import all_settings

    settings = all_settings(session)
    url_of = default_url_of(settings)
    stamp = fingerprint(session, settings, url_of)
    after, count = first_verdict - 1, 0
    while True:
        ids = list(session.scalars(select(Verdict.id).where(Verdict.published_at.is_not(None), Verdict.id > after)
                                   .order_by(Verdict.id).limit(batch)))
        if not ids:
            break
        store(session, ids, settings, url_of, stamp)
        session.expunge_all()
        count, after = count + len(ids), ids[-1]
    session.execute(update(PublicVersion).values(version=PublicVersion.version + 1, changed_at=utcnow()))
    return count
