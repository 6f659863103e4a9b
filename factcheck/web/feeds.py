"""Machine-readable views of the public site: Atom feeds, the sitemap, robots.txt.

The sitemap is an index (/sitemap.xml) of files that never grow past a bound: /sitemaps/pages.xml
(the fixed pages and every speaker) and /sitemaps/verdicts-<n>.xml, verdict ids in ranges of
datafeed.SITEMAP_FILE. Each is cached by a change counter that publish, correct and retract move
on (services.public.datafeed.refresh), so a publication re-renders the one file holding the verdict.
"""
from __future__ import annotations

from flask import Blueprint, abort, url_for

from factcheck.db import db_session
from factcheck.services.public import datafeed, feeds, markup, queries, sitemaps
from factcheck.services.settings import all_settings
from factcheck.web.caching import cached, conditional

bp = Blueprint("feeds", __name__)
ATOM_TYPE = "application/atom+xml"


def site() -> tuple[dict, str]:
    org = all_settings(db_session())
    return org, markup.site_url(org)


@bp.get("/feeds/verdicts.atom")
def verdicts_feed():
    org, base = site()
    listings = queries.latest(db_session(), feeds.FEED_SIZE)
    feed = feeds.Feed(title=f"{org.get('org_name') or 'Fact checks'}: latest verdicts",
                      feed_url=base + url_for("feeds.verdicts_feed"), page_url=base + url_for("public.verdict_list"),
                      author=org.get("org_name") or "")
    return conditional(feeds.atom(feed, listings, lambda slug: base + url_for("public.verdict", slug=slug)), ATOM_TYPE)


@bp.get("/speakers/<slug>/feed.atom")
def speaker_feed(slug: str):
    org, base = site()
    name, page = queries.speaker_verdicts(db_session(), slug, size=feeds.FEED_SIZE)
    listings = page.rows
    feed = feeds.Feed(title=f"{org.get('org_name') or 'Fact checks'}: verdicts on {name}",
                      feed_url=base + url_for("feeds.speaker_feed", slug=slug),
                      page_url=base + url_for("public.speaker", slug=slug), author=org.get("org_name") or "")
    return conditional(feeds.atom(feed, listings, lambda s: base + url_for("public.verdict", slug=s)), ATOM_TYPE)


PAGES = ("public.home", "public.verdict_list", "public.speakers", "public.methodology", "public.corrections",
         "public.submit_claim")
XML = "application/xml"


@bp.get("/sitemap.xml")
def sitemap():
    """The index: the pages file and each verdict file with its last change."""
    _org, base = site()
    session = db_session()
    numbers = sitemaps.verdict_files(session)
    names = [datafeed.sitemap_name(n) for n in numbers]
    counters = datafeed.versions(session, datafeed.SITEMAP, *names)

    def build() -> bytes:
        files = [(base + url_for("feeds.pages_sitemap"), counters[datafeed.SITEMAP][1])]
        files += [(base + url_for("feeds.verdicts_sitemap", number=n), counters[name][1])
                  for n, name in zip(numbers, names)]
        return feeds.sitemap_index(files)

    return cached(("sitemap-index", base, tuple(numbers), tuple(v for v, _ in counters.values())), build, XML)


@bp.get("/sitemaps/pages.xml")
def pages_sitemap():
    _org, base = site()
    session = db_session()
    version = datafeed.versions(session, datafeed.SITEMAP)[datafeed.SITEMAP][0]

    def build() -> bytes:
        pages = [(base + url_for(endpoint), None) for endpoint in PAGES]
        speakers = [(base + url_for("public.speaker", slug=slug), None)
                    for slug, _ in queries.speakers_index(session)][:sitemaps.MAX_URLS - len(pages)]
        return feeds.sitemap(pages + speakers)

    return cached(("sitemap-pages", base, version), build, XML)


@bp.get("/sitemaps/verdicts-<int:number>.xml")
def verdicts_sitemap(number: int):
    _org, base = site()
    session = db_session()
    if number < 1 or number > sitemaps.last_file(session):
        abort(404)
    name = datafeed.sitemap_name(number)
    version = datafeed.versions(session, name)[name][0]

    def build() -> bytes:
        return feeds.sitemap((base + url_for("public.verdict", slug=slug), modified)
                             for slug, modified in sitemaps.verdicts_in(session, number))

    return cached(("sitemap-verdicts", base, number, version), build, XML)


@bp.get("/robots.txt")
def robots():
    _org, base = site()
    text = f"User-agent: *\nDisallow: /desk/\nDisallow: /admin/\nDisallow: /login\nSitemap: {base}/sitemap.xml\n"
    return conditional(text.encode(), "text/plain")
