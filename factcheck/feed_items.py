"""What an outlet's feed or sitemap lists: pure, no Flask, no database, no network.

Feeds (RSS 0.9x/1.0/2.0, Atom) are read by feedparser, which copes with the many ways real feeds
are broken; sitemaps (`<urlset>`, `<sitemapindex>`, Google News sitemaps) by lxml. Both only ever get
bytes that were checked first: a document that declares entities (a DOCTYPE with an internal subset,
the shape of "billion laughs" and of external-entity attacks) is refused before any parser sees it,
and lxml runs with `resolve_entities=False, no_network=True` besides. feedparser is always handed
bytes, never a string: given a string that looks like a URL or a path it would fetch or open it.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum

from lxml import etree

from factcheck.errors import ValidationError

MAX_ITEMS = 5_000  # items read from one document; a sitemap may hold 50,000, the newest come first
ENTITY_DECLARATION = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class SourceKind(StrEnum):
    FEED = "feed"
    SITEMAP = "sitemap"

    @property
    def label(self) -> str:
        return {"feed": "RSS/Atom feed", "sitemap": "sitemap"}[self.value]


class NotAFeed(ValidationError):
    pass


@dataclass(frozen=True)
class Item:
    key: str                     # the feed's guid, else the link: what "seen before" is decided on
    url: str
    title: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class Listing:
    kind: SourceKind
    title: str | None
    items: list[Item]
    sitemaps: list[Item]         # a sitemap index lists more sitemaps, not pages


def check_xml(data: bytes, where: str) -> None:
    head = data.lstrip()[:1]
    if not data.strip():
        raise NotAFeed(f"{where} is empty.")
    if head != b"<" and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise NotAFeed(f"{where} is not XML (it starts with {data.lstrip()[:20]!r}); is it the feed's address?")
    if ENTITY_DECLARATION.search(data):
        raise NotAFeed(f"{where} declares XML entities (a DOCTYPE with its own definitions), which feeds never "
                       "need and entity-expansion attacks use; refused.")


def _root(data: bytes, where: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise NotAFeed(f"{where} is not well-formed XML ({error.msg}, line {error.lineno}).") from None


def parse_listing(data: bytes, where: str) -> Listing:
    """A feed's or sitemap's items, newest first; NotAFeed saying why when it is neither."""
    check_xml(data, where)
    root = _root(data, where)
    name = etree.QName(root).localname.lower() if isinstance(root.tag, str) else ""
    if name in ("urlset", "sitemapindex"):
        return _sitemap(root, name)
    if name in ("rss", "feed", "rdf", "channel"):
        return _feed(data, where)
    if name == "html":
        raise NotAFeed(f"{where} is a web page, not a feed: give the address of its RSS/Atom feed or sitemap.")
    raise NotAFeed(f"{where} is XML but neither a feed nor a sitemap (its root element is <{name}>).")


def _when(struct) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(struct), timezone.utc).replace(tzinfo=None) if struct else None


def _feed(data: bytes, where: str) -> Listing:
    import feedparser

    parsed = feedparser.parse(bytes(data), sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        raise NotAFeed(f"{where} could not be read as a feed ({parsed.get('bozo_exception')}).")
    items = []
    for entry in parsed.entries[:MAX_ITEMS]:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        key = (entry.get("id") or link).strip()[:2000]
        published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
        items.append(Item(key, link, (entry.get("title") or "").strip() or None, published))
    return Listing(SourceKind.FEED, (parsed.feed.get("title") or "").strip() or None, _newest_first(items), [])


def _text(element, path: str) -> str | None:
    found = element.find(path)
    return (found.text or "").strip() or None if found is not None else None


def _sitemap_date(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def _sitemap(root, name: str) -> Listing:
    ns = root.nsmap.get(None) or SITEMAP_NS
    child = "sitemap" if name == "sitemapindex" else "url"
    entries = []
    for element in root.iterfind(f"{{{ns}}}{child}"):
        loc = _text(element, f"{{{ns}}}loc")
        if not loc:
            continue
        published = _sitemap_date(_text(element, f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}publication_date")
                                  or _text(element, f"{{{ns}}}lastmod"))
        entries.append(Item(loc, loc, _text(element, f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}title"), published))
        if len(entries) >= MAX_ITEMS:
            break
    entries = _newest_first(entries)
    if name == "sitemapindex":
        return Listing(SourceKind.SITEMAP, None, [], entries)
    return Listing(SourceKind.SITEMAP, None, entries, [])


def _newest_first(items: list[Item]) -> list[Item]:
    """Dated items newest first, then the undated in the document's order (feeds list newest first)."""
    dated = sorted((i for i in items if i.published), key=lambda i: i.published, reverse=True)
    return dated + [i for i in items if not i.published]
