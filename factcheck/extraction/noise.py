"""Stage 3b: text that is not prose — it must never outrank a real claim in the queue.

noise_reason(text, kind) names why a piece is not a checkable sentence ("byline", "dateline",
"caption", "navigation", "boilerplate", "table", "code", "list of names", "not a sentence",
"binary-looking"), or returns None. The checks are cheap, ordered from the most specific, and
each one is a rule a reviewer can read: no model decides that a piece is noise.

"not a sentence" is word salad: many words with almost no function words (a keyword dump), or
words in an order English does not have (wordorder.py: shuffled words score like independent
draws, English sentences well above).
"""
from __future__ import annotations

import re

from .wordorder import order_score

NOISE_CAP = 0.05          # the highest score a noise piece can keep
MIN_REPEATS = 3           # a line appearing this often in one article is boilerplate

_NAME = r"[A-Z][\w.'’-]*"
BYLINE_RE = re.compile(
    rf"^\s*[Bb][Yy]\s+(?!The\b){_NAME}(?:\s+(?:{_NAME}|de|van|von|der|da|al))*?\s+{_NAME}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME}(?:\s+{_NAME}){{1,3}})*(?:\s*(?:,|\||–|—|-)\s*[\w .'’-]{{0,60}})?\s*$")
_BYLINE_START = re.compile(r"^\s*by\s+[A-Z]", re.IGNORECASE)
DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z'’ .-]{1,30}?(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z&/ .-]{2,30}\)\s*[-–—:]*|[-–—]+)\s*$")
CAPTION_RE = re.compile(
    r"^\s*[(\[]?\s*(?:photo|image|picture|pictured|caption|photograph|illustration|video|graphic|file photo|"
    r"credit|source image)\b\s*[:/(|-]|\((?:AP|AFP|Reuters|Getty|EPA)\b[^)]*(?:photo|images?)[^)]*\)\s*$"
    r"|(?:getty images|shutterstock|ap photo|afp via getty|reuters/)\S*\s*\)?\s*$", re.IGNORECASE)
# boilerplate: phrases that never occur in a claim, and whole lines that are site furniture
BOILERPLATE_RE = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d\b|\bcopyright\s+(?:©\s*)?(?:19|20)\d\d\b|all rights reserved|terms of (?:use|service)"
    r"|privacy policy|cookie (?:policy|settings|preferences)|we use cookies|sign up for our|subscribe to our"
    r"|follow us on|this (?:article|story) (?:was|has been) (?:originally|first) published"
    r"|^\s*\(?(?:reporting|editing|writing|additional reporting) by\b"
    r"|^\s*(?:home|menu|search|contact(?: us)?|about(?: us)?|next|previous|back to top|top stories|advertisement"
    r"|sign in|log in|subscribe|share(?: this(?: article| story)?| on \w+)?|read more|related(?: articles| stories)?"
    r"|skip to (?:main )?content|click here[\w ]*)\s*[.:!»›>]*\s*$",
    re.IGNORECASE)
_NAV_SEPARATORS = re.compile(r"\s(?:\||»|›|•|·|/|>)\s")
CODE_RE = re.compile(
    r"^\s*(?:def|class|import|from\s+\S+\s+import|return|function|var|let|const|public|private|#include|SELECT|"
    r"if\s*\(|for\s*\(|while\s*\()\b|[{};]\s*$|=>|==|!=|&&|\|\||</?[a-z][a-z0-9]*(?:\s[^>]*)?>|\w+\([^()]*\)\s*[{:]"
    r"|\$\w+\s*=|\w+\s*=\s*[\w\"'\[{(]")
_NAME_ITEM = re.compile(r"^(?:(?:[A-Z][\w.'’-]*|de|da|van|von|der|al|bin|of|the)\s*){1,5}$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_FUNCTION = frozenset(
    "the a an my your his its our their every this that these those of in on at to for with from by into about "
    "and or but nor is are was were be been has have had will would can could should not no which who it he she "
    "they we i you as than there if so do does did me us him them her what when how why where all more most very "
    "just also only".split())
SALAD_ORDER = -0.3        # mean word-class order score below which a 15+ token sentence is not English
SALAD_ARTICLE = 0.45      # in an article whose long sentences are mostly salad, the bound for the rest
MIN_PAIRS = 15


def noise_reason(text: str, kind: str = "sentence") -> str | None:
    """Why text is not a checkable sentence, or None. kind: the segmenter's kind of the piece."""
    s = text.strip()
    if not s:
        return "not a sentence"
    if _binary_looking(s):
        return "binary-looking text"
    if kind == "metadata":
        return "byline" if _BYLINE_START.match(s) else None
    if len(s) < 160 and _BYLINE_START.match(s) and BYLINE_RE.match(s):
        return "byline"
    if len(s) < 90 and DATELINE_RE.match(s) and sum(c.isupper() for c in s) >= 3:
        return "dateline"
    if CAPTION_RE.search(s[:200] if len(s) < 260 else s[:200] + " " + s[-60:]):
        return "caption"
    if s.count("|") >= 2 or s.count("\t") >= 2:
        return "table" if _numeric_share(s) >= 0.3 or s.lstrip().startswith("|") else "navigation"
    if len(_NAV_SEPARATORS.findall(s)) >= 2 and _short_items(s):
        return "navigation"
    if len(s) < 300 and BOILERPLATE_RE.search(s):
        return "boilerplate"
    if _symbol_share(s) >= 0.06 and CODE_RE.search(s):
        return "code"
    spaces = s.count(" ")
    if spaces >= 2 and len(_NUMBER_RUN.findall(s)) >= 0.6 * (spaces + 1) and _numeric_share(s) >= 0.6:
        return "table"
    if (s.count(",") + s.count(";") >= 2) and _names_list(s):
        return "list of names"
    if spaces >= 7 and _word_salad(list(_WORD.finditer(s)), s):
        return "not a sentence"
    return None


_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ue000-\uf8ff]")
_SYMBOL = re.compile(r"[{}\[\]()<>=;:_$#*/\\&|+]")
_NUMBER_RUN = re.compile(r"\d+")


def _binary_looking(s: str) -> bool:
    bad = len(_BAD_CHAR.findall(s))
    return bad >= 3 and bad / len(s) > 0.1


def _numeric_share(s: str) -> float:
    toks = s.replace("|", " ").split()
    if not toks:
        return 0.0
    return sum(1 for t in toks if any(ch.isdigit() for ch in t) and sum(ch.isalpha() for ch in t) <= 1) / len(toks)


def _symbol_share(s: str) -> float:
    return len(_SYMBOL.findall(s)) / max(len(s), 1)


def _short_items(s: str) -> bool:
    items = [p.strip() for p in re.split(r"\s(?:\||»|›|•|·|/|>)\s", s)]
    return len(items) >= 3 and all(len(p.split()) <= 4 for p in items)


def _names_list(s: str) -> bool:
    """'John Smith, Mary Jones, Peter Brown, Alice Green': comma-separated capitalised items, no verb."""
    if s.count(",") + s.count(";") < 2 or s.rstrip()[-1:] in "?!":
        return False
    s = re.sub(r"^[^:,]{1,30}:\s+", "", s)            # "Councillors present: ..."
    items = [p.strip(" .") for p in re.split(r"[,;]|\band\b|&", s) if p.strip(" .")]
    if len(items) < 3:
        return False
    named = sum(1 for p in items if _NAME_ITEM.match(p) and p[:1].isupper())
    return named >= 3 and named / len(items) >= 0.9 and bool(_NAME_ITEM.match(items[-1]))


def _word_salad(words: list, s: str) -> bool:
    n = len(words)
    if n >= 15 and sum(1 for m in words if m.group().lower() in _FUNCTION or "'" in m.group()
                       or "’" in m.group()) / n < 0.07:
        return True                       # a keyword dump: no English sentence of 15+ words lacks them
    score, pairs = order_score(s)
    return pairs >= MIN_PAIRS and score < SALAD_ORDER


def salad_like(text: str, bound: float = SALAD_ARTICLE, min_pairs: int = 8) -> bool:
    """The looser test used once an article has shown itself to be mostly word salad."""
    score, pairs = order_score(text)
    return pairs >= min_pairs and score < bound
