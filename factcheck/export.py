"""`factcheck export-site DIR`: the public site as static files, for nginx or a CDN.

Every page is rendered through the app itself (its test client, with a flag that hides what needs a
server: the search box, the filter form, the login link), then saved as DIR/<path>/index.html with
its links rewritten to relative ones. Verdict pages, their revisions and share images are known from
the database and may be rendered by several processes; everything else is found by following links
from the home page, so whatever the site links to is exported, and a link to nothing is an error.
The new site is written next to DIR and swapped in at the end, so a server never sees half of it.
"""
from __future__ import annotations

import html
import multiprocessing
import posixpath
import re
import shutil
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from factcheck.services.public import queries, sitemaps
from factcheck.web.caching import EXPORT_KEY

SEEDS = ("/", "/verdicts/", "/speakers/", "/methodology", "/corrections", "/submit", "/feeds/verdicts.atom",
         "/sitemap.xml", "/robots.txt", "/api/v1/claimreview.json")
NOT_FOUND_PROBE = "/verdicts/this-page-does-not-exist-404"
_LINK = re.compile(r'''(?P<attr>\b(?:href|src))=(?P<q>["'])(?P<url>/(?!/)[^"'<>\s]*)(?P=q)''')
_CSS_URL = re.compile(r'''url\((?P<q>["']?)(?P<url>/(?!/)[^)"'\s]*)(?P=q)\)''')


class ExportError(Exception):
    pass


@dataclass
class ExportResult:
    target: Path
    files: int = 0
    verdicts: int = 0
    seconds: float = 0.0
    broken: list[str] = field(default_factory=list)


def file_for(url: str) -> str:
    """Where a site path is written: /a/b -> a/b/index.html, /a/b/?page=2 -> a/b/_page-2/index.html."""
    parts = urlsplit(url)
    path, query = parts.path, parts.query
    extra = "_" + re.sub(r"[^A-Za-z0-9_-]", "-", query.replace("&", "_").replace("=", "-")) if query else ""
    last = path.rsplit("/", 1)[-1]
    if "." in last and not extra:
        return path.lstrip("/")
    folder = path.lstrip("/").rstrip("/")
    parts = [p for p in (folder, extra) if p]
    return "/".join(parts + ["index.html"])


def relative_link(from_file: str, url: str) -> str:
    target, _, fragment = url.partition("#")
    link = posixpath.relpath(file_for(target), posixpath.dirname(from_file) or ".")
    return link + ("#" + fragment if fragment else "")


def rewrite(text: str, from_file: str, found: set[str]) -> str:
    """Turn /root/relative links into relative ones, remembering every target in `found`."""
    def swap(match: re.Match) -> str:
        raw = match.group("url")
        url = html.unescape(raw)  # "?before=…&amp;page=2" in the markup is "?before=…&page=2"
        if url.partition("#")[0]:
            found.add(url.partition("#")[0])
        return match.group(0).replace(raw, relative_link(from_file, url) if url.partition("#")[0] else raw)

    return _CSS_URL.sub(swap, _LINK.sub(swap, text))


def fetch(client, url: str, target: Path) -> tuple[int, set[str]]:
    """Render `url`, save it under `target` and return its status and the site links it contains."""
    response = client.get(url, environ_base={EXPORT_KEY: True})
    found: set[str] = set()
    if response.status_code != 200:
        return response.status_code, found
    name = file_for(url)
    data = response.get_data()
    if response.mimetype in {"text/html", "text/css"}:
        data = rewrite(data.decode("utf-8"), name, found).encode("utf-8")
    destination = target / name
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)
    return 200, found


def known_paths(app: Flask, share_images: bool) -> list[str]:
    """Verdict pages, earlier revisions and share images, straight from the database."""
    from flask import url_for

    with app.test_request_context():
        session = app.extensions["factcheck.sessionmaker"]()
        try:
            paths = []
            for listing in queries.all_public(session):
                slug = listing.verdict.slug
                paths.append(url_for("public.verdict", slug=slug))
                paths += [url_for("public.revision", slug=slug, number=r.number) for r in listing.verdict.revisions[:-1]]
                if share_images:
                    paths.append(url_for("public.share_image", slug=slug))
            return paths
        finally:
            session.close()


def sitemap_paths(app: Flask) -> list[str]:
    """The files /sitemap.xml (an index) points to: no page links to them."""
    from flask import url_for

    with app.test_request_context():
        session = app.extensions["factcheck.sessionmaker"]()
        try:
            return [url_for("feeds.pages_sitemap")] + [url_for("feeds.verdicts_sitemap", number=n)
                                                       for n in sitemaps.verdict_files(session)]
        finally:
            session.close()


_FORKED_APP: Flask | None = None  # set before forking: a Flask app cannot be pickled to the workers


def _render_chunk(args) -> tuple[int, set[str], list[str]]:
    urls, target = args
    app = _FORKED_APP
    app.extensions["factcheck.engine"].dispose(close=False)  # a forked child opens its own connections
    client, found, broken = app.test_client(), set(), []
    for url in urls:
        status, links = fetch(client, url, target)
        found |= links
        if status != 200:
            broken.append(f"{url} ({status})")
    return len(urls) - len(broken), found, broken


def render_known(app: Flask, urls: list[str], target: Path, workers: int) -> tuple[int, set[str], list[str]]:
    if workers <= 1 or len(urls) < 200:
        client, found, broken = app.test_client(), set(), []
        for url in urls:
            status, links = fetch(client, url, target)
            found |= links
            broken += [] if status == 200 else [f"{url} ({status})"]
        return len(urls) - len(broken), found, broken
    global _FORKED_APP
    _FORKED_APP = app
    chunks = [(urls[i::workers], target) for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_render_chunk, chunks)
    return (sum(r[0] for r in results), set().union(*(r[1] for r in results)),
            [b for r in results for b in r[2]])


def crawl(app: Flask, start: set[str], done: set[str], target: Path) -> tuple[int, list[str]]:
    """Fetch every page reachable from `start` that is not yet in `done`."""
    client, queue, written, broken = app.test_client(), deque(sorted(start - done)), 0, []
    seen = set(done) | set(queue)
    while queue:
        url = queue.popleft()
        status, links = fetch(client, url, target)
        if status != 200:
            broken.append(f"{url} ({status})")
            continue
        written += 1
        for link in sorted(links - seen):
            seen.add(link)
            queue.append(link)
    return written, broken


def write_not_found_page(app: Flask, target: Path) -> None:
    response = app.test_client().get(NOT_FOUND_PROBE, environ_base={EXPORT_KEY: True})
    (target / "404.html").write_text(rewrite(response.get_data(as_text=True), "404.html", set()), encoding="utf-8")


def export_site(app: Flask, target: Path, *, share_images: bool = True, workers: int = 1) -> ExportResult:
    """Write the public site under `target` (replaced at the end); ExportError lists broken links."""
    started, target = time.perf_counter(), Path(target).resolve()
    staging = target.with_name(target.name + ".export-tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    known = known_paths(app, share_images)
    rendered, found, broken = render_known(app, known, staging, workers)
    crawled, more_broken = crawl(app, set(SEEDS) | found | set(sitemap_paths(app)), set(known), staging)
    write_not_found_page(app, staging)
    if broken or more_broken:
        raise ExportError("Pages that did not render: " + ", ".join((broken + more_broken)[:20]))
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return ExportResult(target, rendered + crawled + 1, sum(1 for u in known if u.count("/") == 2),
                        time.perf_counter() - started)
