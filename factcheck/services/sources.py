"""Outlets' feeds and sitemaps the desk watches: add, pause, resume, remove (soft), and poll.

A poll fetches the source through the fetcher (its timeouts and size limit), reads its items
(factcheck.feed_items), and ingests each item not seen before as an article with its link
(services.link_intake). What a source listed is kept in `source_items`, so an item is ingested
once however often it is listed; an item whose page could not be read is tried again on the next
runs, up to MAX_ATTEMPTS, then left with its reason.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import DomainError, InvalidTransition, ValidationError
from factcheck.feed_items import Item, Listing, SourceKind, parse_listing
from factcheck.fetching import FetchPolicy, check_target, fetch, normalise_url
from factcheck.models import SourceItem, SourceState, User, WatchedSource
from factcheck.services import link_intake
from factcheck.services.common import audit, get_or_404, require_role, use_case
from factcheck.workflow import Role

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_ATTEMPTS = 3
MAX_CHILD_SITEMAPS = 3  # of a sitemap index, the most recently changed


@dataclass(frozen=True)
class PollResult:
    source: WatchedSource
    new: int        # articles this run brought in
    known: int      # items whose page the desk already had (another source, a paste)
    failed: int     # items whose page could not be read this run
    waiting: int    # new items left for the next run (over the per-run limit)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def active_sources(session: Session) -> list[WatchedSource]:
    return list(session.scalars(select(WatchedSource).where(WatchedSource.state == SourceState.ACTIVE)
                                .order_by(WatchedSource.id)))


def listed_sources(session: Session) -> list[WatchedSource]:
    return list(session.scalars(select(WatchedSource).where(WatchedSource.state != SourceState.REMOVED)
                                .order_by(WatchedSource.id)))


@use_case
def add_source(session: Session, actor: User, url: str, name: str | None, policy: FetchPolicy) -> WatchedSource:
    require_role(actor, Role.ADMIN, "Watching a source")
    check_target(url, policy)
    normal = normalise_url(url)
    source = session.scalar(select(WatchedSource).where(WatchedSource.url_hash == _hash(normal)))
    if source is not None and source.state is not SourceState.REMOVED:
        raise ValidationError(f"{normal} is already watched (source #{source.id}).", field="url")
    if source is None:
        source = WatchedSource(url=normal, url_hash=_hash(normal), created_by_id=actor.id)
        session.add(source)
    source.state, source.name = SourceState.ACTIVE, (name or "").strip() or source.name
    session.flush()
    audit(session, actor, "source_add", data={"source": source.id, "url": normal})
    session.commit()
    return source


@use_case
def set_state(session: Session, actor: User, source_id: int, state: SourceState) -> WatchedSource:
    """Pause, resume or remove (soft: the row and what it listed stay, so nothing is ingested twice)."""
    require_role(actor, Role.ADMIN, "Changing a watched source")
    source = get_or_404(session, WatchedSource, source_id, "watched source")
    if source.state is SourceState.REMOVED:
        raise InvalidTransition(f"Source #{source.id} was removed; add its URL again to watch it.")
    if source.state is state:
        raise InvalidTransition(f"Source #{source.id} is already {state.label}.")
    audit(session, actor, f"source_{state.value}", data={"source": source.id, "from": source.state.value})
    source.state = state
    session.commit()
    return source


def pollable(session: Session, source_id: int) -> WatchedSource:
    source = get_or_404(session, WatchedSource, source_id, "watched source")
    if source.state is SourceState.REMOVED:
        raise InvalidTransition(f"Source #{source.id} was removed; it is not fetched any more.")
    return source


def read_listing(url: str, policy: FetchPolicy) -> Listing:
    """The source's items; a sitemap index is followed one level down, to its newest sitemaps."""
    listing = parse_listing(fetch(url, policy, accept=FEED_ACCEPT).body, url)
    if not listing.sitemaps:
        return listing
    items: list[Item] = []
    for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
        inner = parse_listing(fetch(child.url, policy, accept=FEED_ACCEPT).body, child.url)
        items += inner.items
    return Listing(SourceKind.SITEMAP, None, items, [])


def poll(session: Session, source_id: int, policy: FetchPolicy, max_items: int = 25) -> PollResult:
    """Fetch a source once and ingest what is new; a source that cannot be read fails with its reason,
    kept on the source (the admin page) and raised (the job's reason)."""
    source = pollable(session, source_id)
    try:
        listing = read_listing(source.url, policy)
    except DomainError as error:
        failed_run(session, source_id, error.message)
        raise
    except Exception as error:  # a parser's bug, not the source's fault: still shown on the admin page
        failed_run(session, source_id, f"Unexpected error reading the source: {type(error).__name__}: {error}")
        raise
    source.kind, source.name = listing.kind, source.name or (listing.title or "")[:200] or None
    todo = unseen(session, source, listing.items)
    new = known = failed = 0
    reasons: list[str] = []
    for item, row in todo[:max_items]:
        outcome = ingest_item(session, source_id, item, row, policy)
        new, known = new + (outcome == "new"), known + (outcome == "known")
        if outcome not in ("new", "known"):
            failed += 1
            reasons.append(outcome)
    source = session.get(WatchedSource, source_id)
    source.last_fetched_at, source.last_new_items, source.last_failed_items = utcnow(), new, failed
    source.total_items += new
    source.last_error = (f"{failed} item(s) could not be read; the first: {reasons[0]}"[:2000] if failed else None)
    session.commit()
    return PollResult(source, new, known, failed, max(len(todo) - max_items, 0))


def failed_run(session: Session, source_id: int, reason: str) -> None:
    session.rollback()
    source = session.get(WatchedSource, source_id)
    source.last_fetched_at, source.last_error = utcnow(), reason[:2000]
    source.last_new_items = source.last_failed_items = 0
    session.commit()


def unseen(session: Session, source: WatchedSource, items: list[Item]) -> list[tuple[Item, SourceItem | None]]:
    """Items not ingested yet: never seen, or seen and failed fewer than MAX_ATTEMPTS times."""
    by_hash = {_hash(item.key): item for item in reversed(items)}  # the first listing of a key wins
    seen: dict[str, SourceItem] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        for row in session.scalars(select(SourceItem).where(SourceItem.source_id == source.id,
                                                            SourceItem.key_hash.in_(hashes[start:start + 500]))):
            seen[row.key_hash] = row
    todo, done = [], set()
    for item in items:
        digest = _hash(item.key)
        row = seen.get(digest)
        if digest in done or (row is not None and (row.article_id is not None or row.attempts >= MAX_ATTEMPTS)):
            continue
        done.add(digest)
        todo.append((item, row))
    return todo


def ingest_item(session: Session, source_id: int, item: Item, row: SourceItem | None, policy: FetchPolicy) -> str:
    """"new", "known", or the reason the item's page could not be read (recorded on its row)."""
    try:
        result = link_intake.ingest_link(session, None, item.url, policy)
    except Exception as error:  # one bad page (or a reader's bug on it) must not end the source's run
        session.rollback()
        reason = error.message if isinstance(error, DomainError) else f"Unexpected error: {type(error).__name__}"
        record(session, source_id, item, row, article_id=None, error=reason)
        return reason
    record(session, source_id, item, row, article_id=result.article.id, error=None)
    return "new" if result.created else "known"


def record(session: Session, source_id: int, item: Item, row: SourceItem | None, *, article_id: int | None,
           error: str | None) -> None:
    if row is None:
        row = SourceItem(source_id=source_id, key_hash=_hash(item.key), guid=item.key[:2000], url=item.url[:2000],
                         attempts=0)
        session.add(row)
    else:
        row = session.merge(row)
    row.attempts, row.article_id, row.error = row.attempts + 1, article_id, error[:2000] if error else None
    session.commit()
