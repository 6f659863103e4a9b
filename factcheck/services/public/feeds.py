"""Atom feeds and the sitemap, written with ElementTree so every value is escaped as XML."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

# writes XML, never parses any (bandit B405)
from xml.etree import ElementTree as ET  # nosec B405

from factcheck.services.public.queries import Listing

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 50


@dataclass(frozen=True)
class Feed:
    title: str
    feed_url: str      # this feed's own absolute URL (its id too)
    page_url: str      # the HTML page it mirrors
    author: str


def stamp(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC, microsecond=0).isoformat()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _entry(feed: ET.Element, listing: Listing, url: str) -> None:
    verdict, claim = listing.verdict, listing.claim
    entry = _add(feed, "entry")
    title = verdict.headline or claim.text
    _add(entry, "title", f"Retracted: {title}" if verdict.retracted_at else title)
    _add(entry, "id", url)
    _add(entry, "link", href=url, rel="alternate", type="text/html")
    _add(entry, "published", stamp(verdict.published_at))
    _add(entry, "updated", stamp(verdict.modified_at or verdict.published_at))
    shown = verdict.shown_rating
    if shown is not None:
        _add(entry, "category", term=shown.slug, label=shown.label)
    rating = f"{shown.label}: " if shown is not None and not verdict.retracted_at else ""
    speaker = f"{claim.speaker}: " if claim.speaker else ""
    _add(entry, "summary", f"{rating}{speaker}“{claim.text}” — {verdict.summary}", type="text")


def atom(feed: Feed, listings: Iterable[Listing], url_of: Callable[[str], str]) -> bytes:
    listings = list(listings)[:FEED_SIZE]
    root = ET.Element("feed", xmlns=ATOM)  # plain names + xmlns: no ns0: prefixes
    _add(root, "title", feed.title)
    _add(root, "id", feed.feed_url)
    _add(root, "link", href=feed.feed_url, rel="self", type="application/atom+xml")
    _add(root, "link", href=feed.page_url, rel="alternate", type="text/html")
    updated = max((item.verdict.modified_at or item.verdict.published_at for item in listings), default=None)
    _add(root, "updated", stamp(updated or datetime(2000, 1, 1)))
    _add(_add(root, "author"), "name", feed.author)
    for listing in listings:
        _entry(root, listing, url_of(listing.verdict.slug))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def sitemap_index(files: Iterable[tuple[str, datetime | None]]) -> bytes:
    """<sitemapindex> of the sitemap files, each with its last change when known."""
    root = ET.Element("sitemapindex", xmlns=SITEMAP)
    for url, modified in files:
        node = ET.SubElement(root, "sitemap")
        ET.SubElement(node, "loc").text = url
        if modified is not None:
            ET.SubElement(node, "lastmod").text = stamp(modified)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def sitemap(urls: Iterable[tuple[str, datetime | None]]) -> bytes:
    """<urlset> of absolute URLs with their last modification, when known."""
    root = ET.Element("urlset", xmlns=SITEMAP)
    for url, modified in urls:
        node = ET.SubElement(root, "url")
        ET.SubElement(node, "loc").text = url
        if modified is not None:
            ET.SubElement(node, "lastmod").text = stamp(modified)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
