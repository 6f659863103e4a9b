"""Reading an uploaded or imported file into an article draft: pure, no Flask, no database."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath

from lxml import etree

from factcheck.errors import ValidationError
from factcheck.subtitles import has_stamps, stamped_text, subtitle_text
from factcheck.transcript_body import shifted

EXTENSIONS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
              ".srt": "srt", ".vtt": "vtt"}
DATE_HEADER = re.compile(r"\A\s*date\s+(\S+)[ \t]*\n?[ \t]*", re.IGNORECASE)
SPEAKER_LINE = re.compile(r"^[A-Z][A-Z .'\-]{1,40}:\s+\S", re.MULTILINE)
DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template")
MAX_HTML_DEPTH = 1_000
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "tr", "br")


@dataclass(frozen=True)
class ArticleDraft:
    title: str
    body: str
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published_date: date | None = None
    source_name: str | None = None
    # a subtitle file or timestamped transcript: (body offset, seconds from the start) pairs, and
    # what reading it noticed (overlapping cues) for the article page
    time_map: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


def parse_iso_date(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"The {what} {text.strip()!r} is not a date; write it as YYYY-MM-DD.") from None


def split_date_header(text: str) -> tuple[date | None, str]:
    """A text may begin with `date YYYY-MM-DD` (as the seed article does): that is its published date."""
    match = DATE_HEADER.match(text)
    if not match:
        return None, text
    return parse_iso_date(match.group(1), "date header"), text[match.end():]


def decode_bytes(name: str, data: bytes, max_bytes: int) -> str:
    if not data:
        raise ValidationError(f"{name} is empty (0 bytes).")
    if len(data) > max_bytes:
        raise ValidationError(f"{name} is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB.")
    if b"\x00" in data[:65536]:
        raise ValidationError(f"{name} looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(f"{name} is not UTF-8 text (bad byte at position {error.start}); "
                              "save it as UTF-8 and try again.") from None


def html_published_date(root) -> date | None:
    """`article:published_time` meta or the first <time datetime>, when it holds an ISO date."""
    meta = root.xpath('//meta[@property="article:published_time"]/@content')
    stamps = root.xpath("//time[@datetime]/@datetime")
    for raw in (meta[0] if meta else None, stamps[0] if stamps else None):
        try:
            return date.fromisoformat(str(raw)[:10])
        except ValueError:
            continue
    return None


def _text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _walk_text(root) -> str:
    """The element's text with a paragraph break after each block: one pass, linear in the page's size
    (iterative, so 100,000 nested <div>s cannot exhaust the stack)."""
    out: list[str] = []
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        if event == "start":
            depth += 1
            if depth >= MAX_HTML_DEPTH:  # libxml2 stops keeping content near 2,048 levels: refuse, never lose text
                raise ValidationError(f"The HTML nests elements more than {MAX_HTML_DEPTH:,} levels deep, which no "
                                      "article does; save the page as plain text and upload that.")
            out.append(element.text or "")
        else:
            depth -= 1
            if element.tag in BLOCK_TAGS:
                out.append("\n\n")
            if element is not root:
                out.append(element.tail or "")
    return "".join(out)


def html_to_text(html: str) -> tuple[str | None, str, date | None]:
    """The article's title, its text (one paragraph per line, no navigation or scripts) and its date.

    lxml's C parser (huge_tree: deep nesting is kept, not refused) keeps the cost linear in the size
    of the page; BeautifulSoup's tree edits were quadratic (20 s for a 0.44 MB upload)."""
    parser = etree.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    document = etree.fromstring(html.encode("utf-8", "replace"), parser) if html.strip() else None
    if document is None:
        return None, "", None
    titles = document.xpath("//title")
    title = _text_of(titles[0]) or None if titles else None
    published = html_published_date(document)
    etree.strip_elements(document, *DROP_TAGS, with_tail=False)
    found = document.xpath("//article") or document.xpath("//main") or document.xpath("//body")
    root = found[0] if found else document
    headings = root.xpath(".//h1")
    if headings and _text_of(headings[0]):
        title = _text_of(headings[0])
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in _walk_text(root).split("\n"))
    return title, re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), published


def markdown_title(text: str) -> tuple[str | None, str]:
    match = re.match(r"\A\s*#\s+(.+)\n", text)
    return (match.group(1).strip(), text[match.end():]) if match else (None, text)


def headline(text: str) -> str | None:
    """A plain text's first line is its headline when it is short and not a sentence."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if 0 < len(first) <= 150 and not first.endswith((".", "?", "!", '"')) else None


def first_line_title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "Untitled")
    return first[:120] + ("…" if len(first) > 120 else "")


def read_document(name: str, data: bytes, max_bytes: int) -> ArticleDraft:
    """Turn a .txt, .md or .html file into a draft; ValidationError says what is wrong with it."""
    kind = EXTENSIONS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ValidationError(f"{name}: only {', '.join(sorted(EXTENSIONS))} files can be imported.")
    text = decode_bytes(name, data, max_bytes)
    if kind in ("srt", "vtt") or (kind == "text" and has_stamps(text)):
        return timed_draft(name, kind, text)
    title, published = None, None
    if kind == "html":
        title, text, published = html_to_text(text)
    header_date, text = split_date_header(text)
    if kind == "markdown":
        title, text = markdown_title(text)
    if not text.strip():
        raise ValidationError(f"{name} has no text in it.")
    return ArticleDraft(title=title or headline(text) or first_line_title(text), body=text.strip(),
                        published_date=header_date or published, source_name=name)


def timed_draft(name: str, kind: str, text: str) -> ArticleDraft:
    """A subtitle file or a `[hh:mm:ss]`-stamped transcript: its words, their moments, a title."""
    header_date, text = split_date_header(text) if kind == "text" else (None, text)
    timed = stamped_text(name, text) if kind == "text" else subtitle_text(name, kind, text)
    body = timed.body.strip()
    if not body:
        raise ValidationError(f"{name} has no text in it.")
    time_map = shifted(timed.time_map, len(timed.body) - len(timed.body.lstrip()))
    stem = " ".join(PurePath(name).stem.replace("_", " ").split())
    title = (headline(body) if kind == "text" else None) or stem or first_line_title(body)
    return ArticleDraft(title=title, body=body, published_date=header_date, source_name=name,
                        time_map=time_map, warnings=timed.warnings)


def is_transcript(body: str) -> bool:
    return len(SPEAKER_LINE.findall(body)) >= 2


def with_defaults(draft: ArticleDraft) -> ArticleDraft:
    """Pasted text: a date header still counts, and a missing title comes from the first line."""
    published, body = split_date_header(draft.body)
    return replace(draft, body=body.strip(), published_date=draft.published_date or published,
                   title=(draft.title or "").strip() or first_line_title(body))
