"""`factcheck export-site DIR`: the public site as static files, for nginx or a CDN.

Every page is rendered through the app itself (its test client, with a flag that hides what needs a
server: the search box, the filter form, the login link), then saved as DIR/<path>/index.html with
its links rewritten to relative ones. Verdict pages, their revisions and share images are known from
the database and may be rendered by several processes; everything else is found by following links
from the home page, so whatever the site links to is exported, and a link to nothing is an error.
It is incremental: a file whose content (its SHA-256) is what the page renders to now is left alone,
a changed one is replaced atomically (a temporary file renamed over it, so a server never sees half a
file), and a file the site no longer has is removed; a second run with nothing changed writes nothing.
The same writer keeps PUBLIC_FOLDER up to date at publish time (factcheck/publishing/page_files.py).
"""
from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import posixpath
import re
import threading
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
_REQUEST_ID = re.compile(r'<p class="request-id">.*?</p>\n?', re.S)
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
    written: int = 0  # files whose content changed (or that are new)
    removed: int = 0  # files of pages the site no longer has

    @property
    def summary(self) -> str:
        if not self.written and not self.removed:
            return f"Nothing changed: {self.files} files in {self.target} are up to date ({self.seconds:.1f} s)."
        return (f"Exported {self.verdicts} verdicts, {self.files} files to {self.target}: {self.written} written, "
                f"{self.files - self.written} unchanged, {self.removed} removed, in {self.seconds:.1f} s.")


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


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def save(target: Path, name: str, data: bytes) -> bool:
    """Write `data` as target/name unless it already holds exactly that (by hash); atomically: a
    temporary file beside it, renamed over it. True when the file was written."""
    destination = target / name
    try:
        if destination.stat().st_size == len(data) and digest(destination.read_bytes()) == digest(data):
            return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return True


def fetch(client, url: str, target: Path, seen: dict[str, bool] | None = None) -> tuple[int, set[str]]:
    """Render `url`, save it under `target` and return its status and the site links it contains;
    `seen` records each file's name and whether it was written."""
    response = client.get(url, environ_base={EXPORT_KEY: True})
    found: set[str] = set()
    if response.status_code != 200:
        return response.status_code, found
    name = file_for(url)
    data = response.get_data()
    if response.mimetype in {"text/html", "text/css"}:
        data = rewrite(data.decode("utf-8"), name, found).encode("utf-8")
    written = save(target, name, data)
    if seen is not None:
        seen[name] = written
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


def _render_chunk(args) -> tuple[int, set[str], list[str], dict[str, bool]]:
    urls, target = args
    app = _FORKED_APP
    app.extensions["factcheck.engine"].dispose(close=False)  # a forked child opens its own connections
    client, found, broken, files = app.test_client(), set(), [], {}
    for url in urls:
        status, links = fetch(client, url, target, files)
        found |= links
        if status != 200:
            broken.append(f"{url} ({status})")
    return len(urls) - len(broken), found, broken, files


def render_known(app: Flask, urls: list[str], target: Path, workers: int,
                 files: dict[str, bool]) -> tuple[int, set[str], list[str]]:
    if workers <= 1 or len(urls) < 200:
        client, found, broken = app.test_client(), set(), []
        for url in urls:
            status, links = fetch(client, url, target, files)
            found |= links
            broken += [] if status == 200 else [f"{url} ({status})"]
        return len(urls) - len(broken), found, broken
    global _FORKED_APP
    _FORKED_APP = app
    chunks = [(urls[i::workers], target) for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_render_chunk, chunks)
    for result in results:
        files.update(result[3])
    return (sum(r[0] for r in results), set().union(*(r[1] for r in results)),
            [b for r in results for b in r[2]])


def crawl(app: Flask, start: set[str], done: set[str], target: Path,
          files: dict[str, bool]) -> tuple[int, list[str]]:
    """Fetch every page reachable from `start` that is not yet in `done`."""
    client, queue, written, broken = app.test_client(), deque(sorted(start - done)), 0, []
    seen = set(done) | set(queue)
    while queue:
        url = queue.popleft()
        status, links = fetch(client, url, target, files)
        if status != 200:
            broken.append(f"{url} ({status})")
            continue
        written += 1
        for link in sorted(links - seen):
            seen.add(link)
            queue.append(link)
    return written, broken


def write_not_found_page(app: Flask, target: Path, files: dict[str, bool]) -> None:
    response = app.test_client().get(NOT_FOUND_PROBE, environ_base={EXPORT_KEY: True})
    text = _REQUEST_ID.sub("", response.get_data(as_text=True))  # a static page has no request to name
    page = rewrite(text, "404.html", set()).encode("utf-8")
    files["404.html"] = save(target, "404.html", page)


def remove_others(target: Path, keep: set[str]) -> int:
    """Delete the files under `target` that the site no longer has (and folders left empty)."""
    removed = 0
    for path in sorted(target.rglob("*"), reverse=True):  # children before their folders
        name = path.relative_to(target).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif name not in keep:
            path.unlink()
            removed += 1
    return removed


def export_site(app: Flask, target: Path, *, share_images: bool = True, workers: int = 1) -> ExportResult:
    """Bring the static site under `target` up to date, writing only the files whose content changed;
    ExportError lists broken links (nothing is removed then)."""
    started, target = time.perf_counter(), Path(target).resolve()
    target.mkdir(parents=True, exist_ok=True)
    files: dict[str, bool] = {}
    known = known_paths(app, share_images)
    rendered, found, broken = render_known(app, known, target, workers, files)
    crawled, more_broken = crawl(app, set(SEEDS) | found | set(sitemap_paths(app)), set(known), target, files)
    write_not_found_page(app, target, files)
    if broken or more_broken:
        raise ExportError("Pages that did not render: " + ", ".join((broken + more_broken)[:20]))
    removed = remove_others(target, set(files))
    return ExportResult(target, rendered + crawled + 1, sum(1 for u in known if u.count("/") == 2),
                        time.perf_counter() - started, written=sum(files.values()), removed=removed)
