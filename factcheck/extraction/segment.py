"""Stage 1: split the body into sentences with character offsets into the body.

syntok does the sentence splitting (abbreviations like "Jan.", "U.S.", "Dr." stay inside a
sentence). Around it: line handling that syntok does not do (headlines without a full stop,
transcript lines "NAME: ...", metadata lines like "date 2023-01-20"), and a length cap so a
text without punctuation still yields reviewable pieces in linear time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from syntok import segmenter

MAX_SENTENCE = 600     # characters; longer runs without punctuation are cut at a space
MAX_BLOCK = 20_000     # characters handed to syntok in one call

METADATA_RE = re.compile(
    r"[ \t]*(?:(?:date|dated|published|updated|posted)[ \t]*:?[ \t]*\d{4}-\d\d-\d\d(?:[T ][\d:]+Z?)?"
    r"|(?:date|dateline|published|updated|posted|byline|source|url|link|author|tags?|category|"
    r"section|keywords|id|slug|outlet|language|lang)[ \t]*:[^\n]*"
    r"|by[ \t]+[A-Z][\w.'-]+(?:[ \t]+[A-Z][\w.'-]+){0,3}[ \t]*$"
    r"|https?://\S+[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
HEADER_DATE_RE = re.compile(r"\A\s*(?:date|dated|published)[ \t]*:?[ \t]*(\d{4}-\d\d-\d\d)", re.IGNORECASE)
LABEL_RE = re.compile(r"[ \t]*([A-Z][A-Z.'\- ]{1,40}|[A-Z][a-z]+(?: [A-Z][a-z.]+){0,2})[ \t]*:[ \t]+(?=\S)")
_TERMINAL = ".!?\"'”’)]:;…"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    kind: str = "sentence"   # "sentence" | "metadata" | "headline"
    line_start: bool = False


def header_date(body: str) -> str | None:
    """The ISO date of a leading 'date YYYY-MM-DD' header line, if any."""
    m = HEADER_DATE_RE.match(body)
    return m.group(1) if m else None


def _lines(body: str):
    """(start, end) of each non-blank line; hard-wrapped prose lines are joined."""
    pos, n = 0, len(body)
    cur = None
    while pos <= n:
        nl = body.find("\n", pos)
        end = n if nl < 0 else nl
        seg = body[pos:end]
        if seg.strip():
            if cur and _joins(body[cur[0]:cur[1]], seg):
                cur = (cur[0], end)
            else:
                if cur:
                    yield cur
                cur = (pos, end)
        elif cur:
            yield cur
            cur = None
        pos = end + 1
    if cur:
        yield cur


def _joins(prev: str, nxt: str) -> bool:
    prev_s, nxt_s = prev.rstrip(), nxt.lstrip()
    return (len(prev_s) - prev_s.rfind("\n") > 60 and prev_s[-1] not in _TERMINAL
            and nxt_s[:1].islower())


def _cut(start: int, end: int, body: str, limit: int):
    """Split [start, end) into pieces of at most ~limit chars, at whitespace when possible."""
    while end - start > limit:
        cut = body.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        yield start, cut
        start = cut
        while start < end and body[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _syntok(body: str, start: int, end: int, line_start: bool):
    first = line_start
    for bs, be in _cut(start, end, body, MAX_BLOCK):
        chunk = body[bs:be]
        for paragraph in segmenter.analyze(chunk):
            for tokens in paragraph:
                if not tokens:
                    continue
                s = bs + tokens[0].offset
                e = bs + tokens[-1].offset + len(tokens[-1].value)
                for ps, pe in _cut(s, e, body, MAX_SENTENCE):
                    yield Sentence(ps, pe, body[ps:pe], "sentence", first)
                    first = False


_LINE_LABEL_RE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'\- ]{1,40}|[A-Z][a-z]+(?: [A-Z][a-z.]+){0,2})[ \t]*:[ \t]+(?=\S)", re.MULTILINE)


def looks_like_transcript(body: str) -> bool:
    """At least two lines start with a speaker label (MODERATOR:, HART:, Jane Doe:) that is not a
    metadata key (source:, updated: ...): only then are Title-case `Name:` lines speaker labels."""
    n = 0
    for m in _LINE_LABEL_RE.finditer(body):
        if METADATA_RE.match(body, m.start()):
            continue
        n += 1
        if n >= 2:
            return True
    return False


def label_allowed(label: str, transcript: bool) -> bool:
    """A line's `NAME:` is a speaker label in a transcript; elsewhere only an ALL-CAPS one is
    (`SMITH: We created jobs.`), and never on a headline (checked by the caller)."""
    return transcript or label.isupper()


def _line_sentences(body: str, start: int, end: int, transcript: bool = True):
    m = METADATA_RE.match(body, start, end)
    if m and m.end() > start and body[start:m.end()].strip():
        ms = start + len(body[start:m.end()]) - len(body[start:m.end()].lstrip())
        yield Sentence(ms, m.end(), body[ms:m.end()], "metadata", True)
        start = m.end()
        while start < end and body[start].isspace():
            start += 1
        if start >= end:
            return
    text = body[start:end].rstrip()
    if text and len(text) < 200 and text[-1] not in _TERMINAL and "\n" not in text:
        if _is_headline(text, transcript):
            yield Sentence(start, start + len(text), text, "headline", True)
            return
    yield from _syntok(body, start, end, True)


def _is_headline(text: str, transcript: bool = True) -> bool:
    words = text.split()
    return 2 <= len(words) <= 25 and not (transcript and LABEL_RE.match(text))


def segment(body: str, transcript: bool | None = None) -> list[Sentence]:
    """Sentences of body in text order; offsets index into body.

    transcript: whether `NAME:` lines are speaker labels (default: looks_like_transcript(body)).
    Outside transcripts a line without a full stop is a headline even if it reads `Report: ...`.
    """
    if transcript is None:
        transcript = looks_like_transcript(body)
    out: list[Sentence] = []
    for start, end in _lines(body):
        out.extend(_line_sentences(body, start, end, transcript))
    return out
