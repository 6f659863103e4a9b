"""Page files: the public pages a reader sees, written as files in PUBLIC_FOLDER when a verdict is
published, corrected or retracted, so the app (web/public_files.py), nginx or a CDN can send them
without running any of the app.

Only what the change touches is rendered again: the verdict's page, its share image and earlier
revisions, the lists and feeds it appears in (home, /verdicts/, /speakers/, its speaker's page and
feed, the site feed, /corrections), the sitemap index, the pages file and the one verdict sitemap
file holding it, the first DataFeed page and the rating stylesheet. Pages are rendered by the app
itself through its test client, as an anonymous reader sees them (root-relative links, unlike the
static export's relative ones), and saved with factcheck.export.save: unchanged content (by hash) is
left alone, changed content replaces the file atomically. A page that no longer answers 200 (a
redirect, a 404) loses its file, so the app answers it. Pages with a query string (?page=2,
?after=…) are never files: the app serves them.

Synchronous, after the editorial door's commit: the editor's request waits for ~15 renders (tens of
milliseconds each, independent of the number of verdicts), and the change is visible everywhere as
soon as the request returns, with no worker or queue latency between them. A failure is logged and
the files it could not write are removed, so readers get the app's fresh page instead of a stale one.
Writers take an exclusive lock on PUBLIC_FOLDER/.lock, so two publishes never leave an older render
on top of a newer one. `rebuild(app)` writes every page (after a change of settings or templates).

PUBLIC_FOLDER: a path; unset means instance/public (under TESTING unset means off); "" or False: off.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.export import file_for, save
from factcheck.models import Claim, Verdict, VerdictRevision

log = logging.getLogger(__name__)

SITE_PAGES = ("/", "/verdicts/", "/speakers/", "/corrections", "/methodology", "/feeds/verdicts.atom",
              "/sitemap.xml", "/sitemaps/pages.xml", "/robots.txt", "/ratings.css", "/api/v1/claimreview.json")
RENDERING = "factcheck.page_files.rendering"  # set on the requests that render a page to write it
_APPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> app, for doors called outside a request


@dataclass
class Written:
    pages: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def folder_of(app: Flask) -> Path | None:
    value = app.config.get("PUBLIC_FOLDER")
    if value is None:
        return None if app.config.get("TESTING") else Path(app.instance_path) / "public"
    if value in ("", False):
        return None
    return Path(value).resolve()


def remember(app: Flask) -> None:
    """Let the editorial doors find the app from their session's engine (CLI, tests, the demo)."""
    _APPS[app.extensions["factcheck.engine"]] = app


def app_for(session: Session) -> Flask | None:
    if has_app_context():
        return current_app._get_current_object()
    return _APPS.get(session.get_bind())


@contextlib.contextmanager
def locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pages_of(session: Session, verdict_id: int) -> list[str]:
    """The site paths whose content depends on this verdict (plus the fixed pages that list verdicts)."""
    from factcheck.services.public import datafeed
    from factcheck.services.public.queries import speaker_slug

    verdict = session.get(Verdict, verdict_id)
    if verdict is None or not verdict.slug:
        return list(SITE_PAGES)
    claim = session.get(Claim, verdict.claim_id)
    base = f"/verdicts/{verdict.slug}"
    pages = [base, base + "/share.png"]
    numbers = session.scalars(select(VerdictRevision.number).where(VerdictRevision.verdict_id == verdict.id)).all()
    pages += [f"{base}/revisions/{n}" for n in sorted(numbers)[:-1]]  # the last revision is the page itself
    if claim is not None and claim.speaker and claim.speaker.strip():
        slug = speaker_slug(claim.speaker)
        pages += [f"/speakers/{slug}", f"/speakers/{slug}/feed.atom"]
    pages.append(f"/sitemaps/verdicts-{datafeed.sitemap_file_of(verdict.id)}.xml")
    return pages + list(SITE_PAGES)


def write_pages(app: Flask, folder: Path, paths: list[str]) -> Written:
    """Render each path as an anonymous reader and bring its file up to date (under the folder's lock)."""
    started, result = time.perf_counter(), Written()
    with locked(folder):
        client = app.test_client()
        for path in dict.fromkeys(paths):
            name = file_for(path)
            try:
                response = client.get(path, environ_base={RENDERING: True})
                if response.status_code == 200:
                    result.pages += 1
                    if save(folder, name, response.get_data()):
                        result.written.append(name)
                    continue
                if (folder / name).is_file():
                    (folder / name).unlink()
                    result.removed.append(name)
            except Exception:  # a page that cannot be rendered must not stay stale: the app answers it
                log.exception("page file %s could not be written; removed so the app serves it", name)
                (folder / name).unlink(missing_ok=True)
                result.failed.append(name)
    result.seconds = time.perf_counter() - started
    return result


def verdict_changed(session: Session, verdict_id: int) -> Written | None:
    """Called by the editorial doors after they commit a public change to a verdict."""
    app = app_for(session)
    folder = folder_of(app) if app is not None else None
    if folder is None:
        return None
    try:
        result = write_pages(app, folder, pages_of(session, verdict_id))
    except Exception:  # the change is committed: the editor must not see an error; the app serves the pages
        log.exception("page files for verdict %s could not be written in %s", verdict_id, folder)
        return None
    log.info("page files for verdict %s: %d written, %d removed, %d failed in %.3f s", verdict_id,
             len(result.written), len(result.removed), len(result.failed), result.seconds)
    return result


def rebuild(app: Flask) -> Written:
    """Every public page as a file (after a change of settings, scale or templates)."""
    from factcheck.services.public import queries, sitemaps

    folder = folder_of(app)
    if folder is None:
        raise ValueError("PUBLIC_FOLDER is off: there is no folder to write.")
    session = app.extensions["factcheck.sessionmaker"]()
    try:
        paths: list[str] = []
        for listing in queries.all_public(session):
            paths += pages_of(session, listing.verdict.id)[:-len(SITE_PAGES)]
        paths += [f"/speakers/{slug}" for slug, _ in queries.speakers_index(session)]
        paths += [f"/sitemaps/verdicts-{n}.xml" for n in sitemaps.verdict_files(session)]
    finally:
        session.close()
    return write_pages(app, folder, paths + list(SITE_PAGES))
