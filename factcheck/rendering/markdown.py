"""Markdown for verdict bodies: rendered with markdown-it-py, then sanitised with nh3.

Reviewers write verdict bodies in Markdown and readers see them on public pages, so the
output must be safe even if a reviewer pastes hostile HTML: raw HTML is never parsed (it is
shown as text), and the rendered HTML goes through an allow-list sanitiser as a second wall.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Citation:
    """A numbered source that `[n]` markers in a verdict body point at (`#source-n` on the page)."""

    number: int
    url: str
    title: str


ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
     "h2", "h3", "h4", "br", "hr", "sup"}
)
LINK_REL = "nofollow noopener"
_CITATION_MARKER = re.compile(r"\[(\d{1,4})\]")
_CITATION_ANCHOR = re.compile(r"#source-\d{1,4}")
# Browsers drop tabs/newlines inside URLs ("java\tscript:" runs as javascript:), and other
# control or space characters have no business in a link a reviewer typed; refuse them all.
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]")


def safe_url(url: str) -> str | None:
    """Return `url` (trimmed) if it is an absolute http(s) URL a reader can safely follow, else None.

    Used for every user-supplied link (evidence, appearances, logos) because an allow-list of
    schemes is the only reliable defence against javascript:, data: and vbscript: links.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or _UNSAFE_URL_CHARS.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return None
    return candidate


def _allowed_href(value: str) -> bool:
    """Links may go to the web, to an email address, or to a citation anchor on this page."""
    if _CITATION_ANCHOR.fullmatch(value):
        return True
    if value.lower().startswith("mailto:"):
        return not _UNSAFE_URL_CHARS.search(value) and len(value) > len("mailto:")
    return safe_url(value) is not None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 callback: drop any href that is not on the allow-list (the link text stays)."""
    if tag == "a" and attribute == "href":
        return value if _allowed_href(value) else None
    return value


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One CommonMark parser with raw HTML off: pasted HTML is shown as text, never parsed."""
    return MarkdownIt("commonmark", {"html": False})


def _citation_token(number: int) -> Token:
    """An inline HTML token for a linked citation marker (our own markup, not user HTML)."""
    token = Token("html_inline", "", 0)
    token.content = f'<sup class="cite"><a href="#source-{number}">[{number}]</a></sup>'
    return token


def _split_citations(text: str, known: frozenset[int]) -> list[Token]:
    """Split one text token into text and citation tokens; unknown numbers stay as plain text."""
    pieces: list[Token] = []
    cursor = 0
    for match in _CITATION_MARKER.finditer(text):
        number = int(match.group(1))
        if number not in known:
            continue
        if match.start() > cursor:
            pieces.append(_text_token(text[cursor:match.start()]))
        pieces.append(_citation_token(number))
        cursor = match.end()
    if cursor < len(text):
        pieces.append(_text_token(text[cursor:]))
    return pieces


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _clamp_heading(token: Token) -> None:
    """The page owns <h1> (the headline), so body headings are kept within h2-h4."""
    level = min(max(int(token.tag[1]), 2), 4)
    token.tag = f"h{level}"


def _rewrite_inline(children: list[Token], known: frozenset[int]) -> list[Token]:
    """Link `[n]` markers outside Markdown links; show images as their alt text (no <img>)."""
    rewritten: list[Token] = []
    link_depth = 0
    for child in children:
        link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type == "text" and link_depth == 0:
            rewritten.extend(_split_citations(child.content, known))
        elif child.type == "image":
            rewritten.append(_text_token(child.content))
        else:
            rewritten.append(child)
    return rewritten


def _rewrite(tokens: Iterable[Token], known: frozenset[int]) -> None:
    """Apply our house rules to the parsed token stream before it is rendered."""
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            _clamp_heading(token)
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children, known)


def cited_numbers(text: str) -> set[int]:
    """Every `[n]` the renderer would link (outside Markdown links and code), whether or not n exists."""
    found: set[int] = set()
    for token in _parser().parse(text or ""):
        link_depth = 0
        for child in token.children or ():
            link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type == "text" and link_depth == 0:
                found.update(int(m.group(1)) for m in _CITATION_MARKER.finditer(child.content))
    return found


def render_markdown(text: str, citations: Sequence[Citation] = ()) -> str:
    """Render reviewer Markdown to sanitised HTML, linking `[n]` markers to known citations."""
    parser = _parser()
    tokens = parser.parse(text or "")
    _rewrite(tokens, frozenset(c.number for c in citations))
    html = parser.renderer.render(tokens, parser.options, {})
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        allowed_classes={"sup": {"cite"}},
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    )


_BLOCK_BREAKS = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close",
                 "fence", "code_block"}


def _plain_pieces(tokens: Iterable[Token]) -> Iterable[str]:
    """The visible words of parsed Markdown: inline text and code, with breaks between blocks."""
    for token in tokens:
        if token.type == "inline":
            for child in token.children or ():
                if child.type in {"text", "code_inline"}:
                    yield child.content
                elif child.type in {"softbreak", "hardbreak"}:
                    yield " "
        elif token.type in {"fence", "code_block"}:
            yield " " + token.content
        if token.type in _BLOCK_BREAKS:
            yield " "


def plain_text_excerpt(markdown: str, limit: int = 160) -> str:
    """A one-line plain-text summary of Markdown for meta descriptions and link previews.

    Markup and citation markers are dropped because search engines and social cards show the
    description verbatim; long text is cut at a word boundary and ends with an ellipsis.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    text = "".join(_plain_pieces(_parser().parse(markdown or "")))
    text = " ".join(_CITATION_MARKER.sub(" ", text).split())
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"
