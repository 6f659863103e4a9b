"""`factcheck export-site`: the public site as static files, served by a plain static server."""
from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urljoin

import feedparser
import pytest

from factcheck.export import export_site, file_for, relative_link
from factcheck.models import Claim
from factcheck.services import editorial

LINK = re.compile(r'''(?:href|src)="([^"]+)"''')


@pytest.fixture
def serve():
    servers = []

    def start(folder):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()


def get(url):
    with urllib.request.urlopen(url) as response:
        return response.status, response.read()


def crawl(root):
    """Follow every link on the static site; returns {url: body} and the links that failed."""
    pages, broken, queue = {}, [], [root]
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        try:
            _status, body = get(url)
        except HTTPError as error:
            broken.append(f"{url} {error.code}")
            continue
        pages[url] = body
        if url.endswith((".html", "/")):
            for link in LINK.findall(body.decode("utf-8")):
                target = urljoin(url, link).split("#")[0]
                if target.startswith(root) and target not in pages:
                    queue.append(target)
    return pages, broken


def test_paths_map_to_files_and_links_become_relative():
    assert file_for("/") == "index.html"
    assert file_for("/verdicts/a-slug") == "verdicts/a-slug/index.html"
    assert file_for("/verdicts/?page=2") == "verdicts/_page-2/index.html"
    assert file_for("/static/style.css") == "static/style.css"
    assert relative_link("verdicts/a/index.html", "/methodology#rating-false") == "../../methodology/index.html#rating-false"


def test_exported_site_serves_the_same_pages_and_every_link_works(app, publish, session, serve, tmp_path):
    verdicts = [publish(f"Checked claim number {n}", speaker=f"Speaker {n % 2}") for n in range(23)]
    claim = session.get(Claim, verdicts[0].claim_id)
    editorial.correct(session, publish.editor, claim.id, claim.version, editorial.Change("Fixed the figure.", summary="Fixed."))
    result = export_site(app, tmp_path / "site", share_images=False)
    assert result.verdicts == 23
    root = serve(tmp_path / "site")
    pages, broken = crawl(root)
    assert broken == []
    live = app.test_client()
    for verdict in verdicts[:3]:
        exported = pages[f"{root}verdicts/{verdict.slug}/index.html"].decode()
        original = live.get(f"/verdicts/{verdict.slug}").text
        assert re.search(r"<h1>.*</h1>", exported).group(0) == re.search(r"<h1>.*</h1>", original).group(0)
        jsonld = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
        assert jsonld.search(exported).group(0) == jsonld.search(original).group(0)
    second = [url for url in pages if re.fullmatch(rf"{root}verdicts/_before-[\w-]+_page-2/index\.html", url)]
    assert len(second) == 1 and b"Page 2" in pages[second[0]]            # the list's second page, by its cursor
    assert f"{root}verdicts/{verdicts[0].slug}/revisions/1/index.html" in pages
    assert f"{root}speakers/speaker-0/index.html" in pages
    assert not any("/desk" in url or "login" in url or "search" in url for url in pages)
    feed = feedparser.parse(get(root + "feeds/verdicts.atom")[1])
    assert not feed.bozo and len(feed.entries) == 23
    assert b"dataFeedElement" in get(root + "api/v1/claimreview.json")[1]
    assert b"<sitemapindex" in get(root + "sitemap.xml")[1]
    assert b"/verdicts/checked-claim-number-0</loc>" in get(root + "sitemaps/verdicts-1.xml")[1]
    assert b"/speakers/speaker-0</loc>" in get(root + "sitemaps/pages.xml")[1]
    assert b"Not found" in get(root + "404.html")[1]


def test_share_images_are_exported_and_the_command_reports(app, publish, tmp_path):
    from factcheck.cli import main

    verdict = publish()
    result = app.test_cli_runner().invoke(main, ["export-site", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Exported 1 verdicts" in result.output
    assert (tmp_path / "out" / "verdicts" / verdict.slug / "share.png").read_bytes().startswith(b"\x89PNG")
