"""Stage 5: find date expressions and resolve them against the article's date.

Handles ISO dates, "Thursday, January 19", "Jan.19", "19 January 2023", "August 2021",
"last August", "In October", "last month/week/year", "yesterday", "on Thursday", "in 2021".
Pure regex + datetime arithmetic: microseconds per sentence (dateparser costs ~14 ms a call).
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MON = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
       r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
WD = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"

_FORMS = [
    ("iso", r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b"),
    ("mdy", WD + MON + r"\.?\s*" + DAY + r"\b(?:,?\s+" + YEAR + r"\b)?"),
    ("dmy", WD + DAY + r"\s+(?:of\s+)?" + MON + r"\b\.?(?:,?\s+" + YEAR + r"\b)?"),
    ("my", MON + r"\.?,?\s+" + YEAR + r"\b"),
    ("rel_mon", r"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id-?)\s+" + MON + r"\b(?!\.?\s*\d)"),
    ("rel_unit", r"\b(?P<rel2>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+(?P<unit>week|month|year)\b"),
    ("deictic", r"\b(?P<deictic>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b"),
    ("weekday", r"\b(?P<wrel>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<wd2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
     r"(?!,?\s+(?:the\s+)?(?:[0-3]?\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"),
    ("year", r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Oo]f)\s+" + YEAR.replace("year", "y2") + r"\b"),
]
_GROUP = re.compile(r"[(][?]P<(\w+)>")


def _suffixed(name: str, pat: str) -> str:
    return _GROUP.sub(lambda g: "(?P<" + g.group(1) + "_" + name + ">", pat)


DATE_RE = re.compile("|".join("(?P<" + name + ">" + _suffixed(name, pat) + ")" for name, pat in _FORMS))


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: dt.date | None
    precision: str | None
    relative: bool
    warning: str | None = None


def find_mentions(text: str) -> list[re.Match]:
    return list(iter_dates(text))


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]:
        return dt.date(y, m, d)
    return None


def _shift_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _day_form(g: dict, ref: dt.date | None) -> tuple[dt.date | None, str | None, bool]:
    month, day = _month(g["mon"]), int(g["day"])
    if g.get("year"):
        return _safe_date(int(g["year"]), month, day), "day", False
    if ref is None:
        return None, None, True
    d = _safe_date(ref.year, month, day)
    if d is not None and d > ref + dt.timedelta(days=31):
        d = _safe_date(ref.year - 1, month, day)
    return d, "day", True


def _rel_month(rel: str, month: int, ref: dt.date | None) -> tuple[dt.date | None, str | None, bool]:
    if ref is None:
        return None, None, True
    rel = rel.lower()
    if rel == "next":
        year = ref.year if month > ref.month else ref.year + 1
    elif rel == "this":
        year = ref.year
    elif rel == "last":
        year = ref.year if month < ref.month else ref.year - 1
    else:
        year = ref.year if month <= ref.month else ref.year - 1
    return dt.date(year, month, 1), "month", True


def _rel_unit(rel: str, unit: str, ref: dt.date | None) -> tuple[dt.date | None, str | None, bool]:
    if ref is None:
        return None, None, True
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel.lower()]
    if unit == "year":
        return dt.date(ref.year + step, 1, 1), "year", True
    if unit == "month":
        return _shift_months(ref, step), "month", True
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
    return monday, "day", True


def _weekday(rel: str, name: str, ref: dt.date | None) -> tuple[dt.date | None, str | None, bool]:
    if ref is None:
        return None, None, True
    target = _WEEKDAYS.index(name.lower())
    back = (ref.weekday() - target) % 7
    if rel.lower() == "next":
        return ref + dt.timedelta(days=(target - ref.weekday()) % 7 or 7), "day", True
    if rel.lower() == "last" and back == 0:
        back = 7
    return ref - dt.timedelta(days=back), "day", True


_FORM_GROUPS = {name: [(k, k[: -len(name) - 1]) for k in DATE_RE.groupindex if k.endswith("_" + name)]
                for name, _ in _FORMS}


def _groups(m: re.Match) -> tuple[str, dict]:
    """The matched form's name and its groups without the form suffix."""
    kind = m.lastgroup
    g = {}
    for full, short in _FORM_GROUPS[kind]:
        v = m.group(full)
        if v is not None:
            g[short] = v
    return kind, g


def _resolve(m: re.Match, ref: dt.date | None) -> tuple[dt.date | None, str | None, bool]:
    kind, g = _groups(m)
    if kind == "iso":
        return _safe_date(int(g["iy"]), int(g["im"]), int(g["id"])), "day", False
    if kind in ("mdy", "dmy"):
        return _day_form(g, ref)
    if kind == "my":
        return dt.date(int(g["year"]), _month(g["mon"]), 1), "month", False
    if kind == "rel_mon":
        return _rel_month(g["rel"].rstrip("-"), _month(g["mon"]), ref)
    if kind == "rel_unit":
        return _rel_unit(g["rel2"], g["unit"], ref)
    if kind == "deictic":
        if ref is None:
            return None, None, True
        off = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["deictic"].lower()]
        return ref + dt.timedelta(days=off), "day", True
    if kind == "weekday":
        return _weekday(g["wrel"], g["wd2"], ref)
    return dt.date(int(g["y2"]), 1, 1), "year", False


def _weekday_warning(m: re.Match, d: dt.date | None) -> str | None:
    wd = _groups(m)[1].get("wd")
    if wd and d and _WEEKDAYS[d.weekday()] != wd.lower():
        return f"'{m.group(0).strip()}': {d.isoformat()} is a {_WEEKDAYS[d.weekday()].title()}, not a {wd}"
    return None


_HINT = re.compile(r"(?:19|20)\d\d|J[au]|Feb|Ma[ry]|Apr|Aug|Sep|Oct|Nov|Dec|week|month|year|day|[Tt]o(?:day|morrow)")


_UNIT = re.compile(r"[^\s,]+")


def _back_words(starts: list[int], i: int, n: int = 3) -> int:
    """The position n word units (runs between whitespace/commas) before i, which lies in a unit;
    starts = the units' start positions."""
    k = bisect.bisect_right(starts, i) - 1
    if starts[k] < i:            # inside a unit: the first step only goes back to its start
        n -= 1
    return starts[k - n] if k >= n else 0


def iter_dates(text: str):
    """The matches of DATE_RE.finditer(text), found without scanning the whole sentence.

    Every form of DATE_RE contains a _HINT hit at most two words after the start of its match
    (a weekday or "the" before a month or day, "last" before a month/unit/weekday, "in" before a
    year), so the only start positions worth trying are those from 3 word units before a hint up
    to the hint. Tried left to right after the previous match, this yields exactly what finditer
    yields (tests/unit/extraction/test_fastpaths.py compares the two).
    """
    pos, n = 0, len(text)
    match = DATE_RE.match
    starts = None
    for h in _HINT.finditer(text):
        hs = h.start()
        if hs < pos:
            continue
        if starts is None:
            starts = [m.start() for m in _UNIT.finditer(text)]
        for p in range(max(pos, _back_words(starts, hs)), hs + 1):
            c = text[p]
            # forms start with a letter or digit; inside a word only the \b-less month/day forms can
            # start, and those begin with a capital or a digit
            if not c.isalnum() or p and (text[p - 1].isalnum() or text[p - 1] == "_") and not (c.isupper() or c.isdigit()):
                continue
            m = match(text, p)
            if m is not None and m.end() > m.start():
                yield m
                pos = m.end()
                break
        if pos >= n:
            return


def resolve_mentions(text: str, ref: dt.date | None, offset: int = 0) -> list[DateMention]:
    out = []
    for m in iter_dates(text):
        try:
            d, precision, relative = _resolve(m, ref)
        except (ValueError, OverflowError, KeyError):
            d, precision, relative = None, None, True
        words = m.group(0).strip()
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        out.append(DateMention(words, offset + m.start() + lead, offset + m.end(), d, precision,
                               relative, _weekday_warning(m, d)))
    return out


def anchored_months(mentions: list[DateMention]) -> dict[int, set[int]]:
    """Month number -> the years the text itself writes out for it ("August 2021")."""
    years: dict[int, set[int]] = {}
    for dm in mentions:
        if not dm.relative and dm.date and dm.precision in ("day", "month"):
            years.setdefault(dm.date.month, set()).add(dm.date.year)
    return years


def consistency_warning(dm: DateMention, anchors: dict[int, set[int]], ref: dt.date | None) -> str | None:
    """Warn when a resolved date disagrees with the text's own dates or the article's date."""
    if dm.warning:
        return dm.warning
    if dm.date is None:
        return None
    if dm.relative and dm.precision == "month":
        other = anchors.get(dm.date.month, set()) - {dm.date.year}
        if other:
            yrs = ", ".join(str(y) for y in sorted(other))
            return (f"'{dm.text}' resolves to {dm.date.strftime('%B %Y')}, but the text elsewhere "
                    f"dates {dm.date.strftime('%B')} events to {yrs}")
    if ref is not None and dm.date > ref + dt.timedelta(days=366) and not dm.relative:
        return f"'{dm.text}' is more than a year after the article's date {ref.isoformat()}"
    return None
