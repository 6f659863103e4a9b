"""The sitemap as an index of bounded files, each cached until a publication touches it."""
from __future__ import annotations

import re

import pytest

from factcheck.models import Claim
from factcheck.services import editorial
from factcheck.services.public import datafeed

LOC = re.compile(r"<loc>http://[^/]+(/[^<]*)</loc>")


@pytest.fixture
def small_files(monkeypatch):
    monkeypatch.setattr(datafeed, "SITEMAP_FILE", 2)


def files(client) -> list[str]:
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index.mimetype == "application/xml" and "<sitemapindex" in index.text
    return LOC.findall(index.text)


def test_index_points_at_files_that_list_every_page_and_verdict(client, publish, small_files, session):
    verdicts = [publish(f"Checked claim {n}", speaker=f"Speaker {n % 2}") for n in range(5)]
    listed = files(client)
    assert listed[0] == "/sitemaps/pages.xml" and all(re.fullmatch(r"/sitemaps/verdicts-\d+\.xml", f) for f in listed[1:])
    urls = [LOC.findall(client.get(f).text) for f in listed]
    assert {"/", "/verdicts/", "/speakers/", "/speakers/speaker-0", "/speakers/speaker-1"} <= set(urls[0])
    assert sorted(u for file in urls[1:] for u in file) == sorted(f"/verdicts/{v.slug}" for v in verdicts)
    assert all(len(file) <= datafeed.SITEMAP_FILE for file in urls[1:])
    assert "<lastmod>" in client.get(listed[1]).text


def test_a_publication_renders_again_only_the_file_holding_the_verdict(app, client, publish, small_files):
    first = publish("First")
    cache = app.extensions["factcheck.page_cache"]
    file_of_first = f"/sitemaps/verdicts-{datafeed.sitemap_file_of(first.id)}.xml"
    client.get(file_of_first)
    before = cache.renders
    client.get(file_of_first)
    assert cache.renders == before  # served from the cache
    second = publish("Second")  # the same file: rendered again, with it
    assert f"/verdicts/{second.slug}</loc>" in client.get(file_of_first).text and cache.renders == before + 1
    later = publish("Later")
    assert datafeed.sitemap_file_of(later.id) != datafeed.sitemap_file_of(first.id)
    client.get(file_of_first)
    assert cache.renders == before + 1  # untouched by a publication in another file
    assert f"/verdicts/{later.slug}" in client.get(f"/sitemaps/verdicts-{datafeed.sitemap_file_of(later.id)}.xml").text


def test_a_correction_moves_the_files_lastmod(client, publish, session, small_files):
    verdict = publish()
    path = f"/sitemaps/verdicts-{datafeed.sitemap_file_of(verdict.id)}.xml"
    before = re.search(r"<lastmod>([^<]+)</lastmod>", client.get(path).text).group(1)
    claim = session.get(Claim, verdict.claim_id)
    editorial.correct(session, publish.editor, claim.id, claim.version, editorial.Change("Fixed.", summary="New."))
    session.refresh(verdict)
    after = re.search(r"<lastmod>([^<]+)</lastmod>", client.get(path).text).group(1)
    assert after >= before and after.startswith(verdict.modified_at.date().isoformat())


@pytest.mark.parametrize("path", ["/sitemaps/verdicts-0.xml", "/sitemaps/verdicts-99.xml", "/sitemaps/verdicts-x.xml"])
def test_files_beyond_the_index_are_404(client, publish, path):
    publish()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "editor", "admin"])
def test_every_role_reads_the_same_sitemap_files(client, publish, login, role):
    verdict = publish()
    if role != "anonymous":
        login(role)
    for path in ("/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/verdicts-1.xml"):
        assert client.get(path).status_code == 200
    assert f"/verdicts/{verdict.slug}</loc>" in client.get("/sitemaps/verdicts-1.xml").text
