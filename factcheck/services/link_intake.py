"""Intake from a link: fetch the page (factcheck.fetching), read the article out of it
(factcheck.page_text), keep the HTML as the archived copy, and ingest it as an upload would be.

Never twice: a URL fetched before (as given, normalised, or as a redirect's target) returns its
article without fetching again, and a page whose text is already on the desk returns that article
(intake's content hash) with the new URL remembered for it.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import event, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.fetching import Fetched, FetchPolicy, Resolver, check_target, fetch, normalise_url, system_resolver
from factcheck.models import Article, ArticleArchive, Job, User
from factcheck.page_text import draft_from_page
from factcheck.services import intake, jobs
from factcheck.services.common import require_role, use_case
from factcheck.workflow import Role

Fetcher = Callable[[str, FetchPolicy], Fetched]


@dataclass(frozen=True)
class LinkResult:
    article: Article
    created: bool
    claims: int


@dataclass(frozen=True)
class LinkRequest:
    """What asking for a link gave: the article when the desk has it already, else the queued job."""
    article: Article | None = None
    job: Job | None = None


def url_hash(url: str) -> str:
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()


def known_article(session: Session, url: str) -> Article | None:
    """The article a URL already brought in (archived), or one pasted with that URL on it."""
    archive = session.scalar(select(ArticleArchive).where(ArticleArchive.url_hash == url_hash(url)))
    if archive is not None:
        return archive.article
    return session.scalar(select(Article).where(or_(Article.url == url.strip(), Article.url == normalise_url(url)))
                          .order_by(Article.id).limit(1))


@contextmanager
def attached_to_new_article(session: Session, archives: list[ArticleArchive]):
    """While intake stores an article, attach the archives to it in the same flush: the article, its
    claims and its archived copy commit together or not at all."""
    def attach(flushing: Session, _context, _instances) -> None:
        for obj in list(flushing.new):
            if isinstance(obj, Article) and archives and archives[0].article is None:
                for archive in archives:
                    archive.article = obj
                    flushing.add(archive)

    event.listen(session, "before_flush", attach)
    try:
        yield
    finally:
        event.remove(session, "before_flush", attach)


def archives_for(given: str, fetched: Fetched, actor: User | None, html: str) -> list[ArticleArchive]:
    urls = list(dict.fromkeys([normalise_url(given), normalise_url(fetched.url)]))
    return [ArticleArchive(url=url, url_hash=url_hash(url), final_url=fetched.url, content_type=fetched.content_type,
                           raw_html=html if n == 0 else None, fetched_by_id=actor.id if actor else None)
            for n, url in enumerate(urls)]


@use_case
def ingest_link(session: Session, actor: User | None, url: str, policy: FetchPolicy,
                fetcher: Fetcher = fetch) -> LinkResult:
    """Fetch one link and ingest its article (or return the one the desk already has)."""
    if actor is not None:
        require_role(actor, Role.REVIEWER, "Adding articles")
    existing = known_article(session, url)
    if existing is not None:
        return LinkResult(existing, created=False, claims=len(existing.claims))
    fetched = fetcher(url, policy)
    html = fetched.text()
    draft = draft_from_page(fetched.url, fetched.content_type, html)
    archives = archives_for(url, fetched, actor, html)
    try:
        with attached_to_new_article(session, archives):
            result = intake.ingest(session, actor, draft)
        if not result.created:  # the same text came from another URL: remember this one for it
            remember(session, result.article, archives)
    except IntegrityError:  # another worker stored the same URL or text meanwhile: that one is the article
        session.rollback()
        existing = known_article(session, url) or known_article(session, fetched.url)
        if existing is None:
            raise
        return LinkResult(existing, created=False, claims=len(existing.claims))
    return LinkResult(result.article, result.created, result.claims)


def remember(session: Session, article: Article, archives: list[ArticleArchive]) -> None:
    known = set(session.scalars(select(ArticleArchive.url_hash).where(
        ArticleArchive.url_hash.in_([a.url_hash for a in archives]))))
    for archive in archives:
        if archive.url_hash not in known:
            archive.article = article
            session.add(archive)
    session.commit()


@use_case
def request_link(session: Session, actor: User, url: str, policy: FetchPolicy, dispatch: jobs.Dispatch,
                 resolve: Resolver = system_resolver) -> LinkRequest:
    """The desk's door: check the link now (scheme, host, address), then fetch it in the background."""
    require_role(actor, Role.REVIEWER, "Adding articles")
    check_target(url, policy, resolve)  # refused at once, with the form kept, when it can never be fetched
    existing = known_article(session, url)
    if existing is not None:
        return LinkRequest(article=existing)
    job = jobs.enqueue(session, actor, "fetch_link", {"url": url.strip()}, f"Fetch {url.strip()}", dispatch)
    return LinkRequest(job=job)
