"""Machine-readable views of the public site: Atom feeds, the sitemap, robots.txt."""
from __future__ import annotations

from flask import Blueprint, url_for

from factcheck.db import db_session
from factcheck.services.public import feeds, markup, queries
from factcheck.services.settings import all_settings
from factcheck.web.caching import conditional

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
    name, listings = queries.speaker_verdicts(db_session(), slug)
    feed = feeds.Feed(title=f"{org.get('org_name') or 'Fact checks'}: verdicts on {name}",
                      feed_url=base + url_for("feeds.speaker_feed", slug=slug),
                      page_url=base + url_for("public.speaker", slug=slug), author=org.get("org_name") or "")
    return conditional(feeds.atom(feed, listings, lambda s: base + url_for("public.verdict", slug=s)), ATOM_TYPE)


def public_urls(base: str) -> list[tuple[str, object]]:
    """Every public page a search engine should know, with its last change when there is one."""
    session = db_session()
    pages = [(base + url_for(endpoint), None) for endpoint in
             ("public.home", "public.verdict_list", "public.speakers", "public.methodology", "public.corrections",
              "public.submit_claim")]
    verdicts = [(base + url_for("public.verdict", slug=item.verdict.slug), item.verdict.modified_at or item.verdict.published_at)
                for item in queries.all_public(session)]
    speakers = [(base + url_for("public.speaker", slug=slug), None) for slug, _ in queries.speakers_index(session)]
    return pages + verdicts + speakers


@bp.get("/sitemap.xml")
def sitemap():
    _org, base = site()
    return conditional(feeds.sitemap(public_urls(base)), "application/xml")


@bp.get("/robots.txt")
def robots():
    _org, base = site()
    text = f"User-agent: *\nDisallow: /desk/\nDisallow: /admin/\nDisallow: /login\nSitemap: {base}/sitemap.xml\n"
    return conditional(text.encode(), "text/plain")
