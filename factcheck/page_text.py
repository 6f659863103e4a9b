"""A fetched web page turned into an article draft: pure, no Flask, no database.

trafilatura does the reading: it finds the article's main text among navigation, comments, share
bars and related links (its benchmarks lead the open-source extractors on news pages), and in the
same pass reads the metadata a desk wants — title, author, site name (the outlet) and publication
date (from the page's metadata, JSON-LD, or the URL through htmldate). Our own `html_to_text` is kept
for uploaded files, where the desk chose the file and there is no boilerplate to guess about.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from factcheck.documents import ArticleDraft, split_date_header
from factcheck.errors import ValidationError

HTML_TYPES = {"text/html", "application/xhtml+xml", ""}
TEXT_TYPES = {"text/plain", "text/markdown"}
MIN_WORDS = 30  # fewer than this is a paywall, a cookie wall or an index page, not an article


class NoArticleText(ValidationError):
    pass


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def draft_from_page(url: str, content_type: str, html: str) -> ArticleDraft:
    """The article in a page (title, text, author, outlet, date), or NoArticleText saying why not."""
    if content_type in TEXT_TYPES:
        header_date, text = split_date_header(html)
        return _checked(url, ArticleDraft(title="", body=text.strip(), url=url, published_date=header_date,
                                          source_name=url[:300]))
    if content_type not in HTML_TYPES:
        raise NoArticleText(f"{url} is {content_type}, not a web page; save the text and upload it instead.")
    import trafilatura  # imported here: it loads its language data, which the web pages never need

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=False, include_images=False, deduplicate=True)
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    return _checked(url, ArticleDraft(
        title=(document.title or "").strip() if document is not None else "",
        body=text, url=url,
        outlet=(document.sitename or "").strip() or None if document is not None else None,
        author=(document.author or "").strip() or None if document is not None else None,
        published_date=_date(document.date) if document is not None else None,
        source_name=url[:300]))


def _checked(url: str, draft: ArticleDraft) -> ArticleDraft:
    words = len(draft.body.split())
    if words < MIN_WORDS:
        found = f"only {words} words" if words else "no text"
        raise NoArticleText(f"No article text was found at {url} ({found}): it may be behind a paywall, need "
                            "JavaScript, or be an index page. Paste the text instead.")
    # the metadata is the page's guess: cut it to the desk's limits rather than refuse the article
    return replace(draft, title=_clip(draft.title, 300), outlet=_clip(draft.outlet, 200),
                   author=_clip(draft.author, 200), url=draft.url[:2000])


def _clip(value: str | None, limit: int) -> str | None:
    return value if not value or len(value) <= limit else value[: limit - 1] + "…"
