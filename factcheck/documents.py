"""Reading an uploaded or imported file into an article draft: pure, no Flask, no database."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath

from bs4 import BeautifulSoup

from factcheck.errors import ValidationError

EXTENSIONS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
DATE_HEADER = re.compile(r"\A\s*date\s+(\S+)[ \t]*\n?[ \t]*", re.IGNORECASE)
SPEAKER_LINE = re.compile(r"^[A-Z][A-Z .'\-]{1,40}:\s+\S", re.MULTILINE)
DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template")
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


def html_published_date(soup: BeautifulSoup) -> date | None:
    """`article:published_time` meta or the first <time datetime>, when it holds an ISO date."""
    meta = soup.find("meta", attrs={"property": "article:published_time"})
    time = soup.find("time", attrs={"datetime": True})
    for raw in (meta.get("content") if meta else None, time.get("datetime") if time else None):
        try:
            return date.fromisoformat(str(raw)[:10])
        except ValueError:
            continue
    return None


def html_to_text(html: str) -> tuple[str | None, str, date | None]:
    """The article's title, its text (one paragraph per line, no navigation or scripts) and its date."""
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    published = html_published_date(soup)
    for tag in soup(DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    heading = root.find("h1")
    if heading and heading.get_text(strip=True):
        title = heading.get_text(" ", strip=True)
    for tag in root.find_all(BLOCK_TAGS):
        tag.insert_after("\n\n")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in root.get_text().split("\n"))
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


def is_transcript(body: str) -> bool:
    return len(SPEAKER_LINE.findall(body)) >= 2


def with_defaults(draft: ArticleDraft) -> ArticleDraft:
    """Pasted text: a date header still counts, and a missing title comes from the first line."""
    published, body = split_date_header(draft.body)
    return replace(draft, body=body.strip(), published_date=draft.published_date or published,
                   title=(draft.title or "").strip() or first_line_title(body))
