"""Words of a claim for matching: tokens, a small stemmer, stop words, negations, numbers and years.

Pure Python and deterministic; the full-text index and the re-ranker both start from here.
"""
from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from functools import lru_cache

MAX_CHARS = 5000  # a claim is a sentence or two: longer input is cut before any work is done

STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just let me more
most my myself of off on once only or other our ours ourselves out over own same she should so some
such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves also says said say rt via amp just like get got new one us may might must
shall now even s t ll re ve d m o y
""".split())
# negation cues; "n't" is split off as "not" by words()
NEGATIONS = frozenset("not no never none nobody nothing neither nor nowhere cannot without".split())
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "million": 1_000_000, "billion": 1_000_000_000,
}
FRACTIONS = {"half": Fraction(1, 2), "third": Fraction(1, 3), "quarter": Fraction(1, 4),
             "fifth": Fraction(1, 5), "tenth": Fraction(1, 10), "thirds": Fraction(2, 3)}
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+", re.I)
_HANDLE_TAIL = re.compile(r"\s[—–-]+\s([^—–]{0,80})\(@\w+\)\s+\w+\s+\d{1,2},\s+\d{4}\s*$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+(?:['’][a-z]+)?", re.U)
_NUMBER = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?!\w)")
_YEAR = re.compile(r"(?<![\w.$])(1[89]\d\d|20\d\d)(?![\w%]|\.\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "edly",
             "ers", "er", "ed", "ly", "es", "s")


def clean(text: str) -> str:
    """Normal form; URLs, a tweet's "(@handle) Month d, yyyy" tail and the # of hashtags removed."""
    text = unicodedata.normalize("NFKC", (text or "")[:MAX_CHARS])
    text = _HANDLE_TAIL.sub(lambda m: " " + m.group(1), text)  # the author's name stays, not the date
    text = _URL.sub(" ", text)
    text = re.sub(r"[#@](\w+)", lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    return _THOUSANDS.sub("", text).replace("’", "'")


def words(text: str) -> list[str]:
    """Lower-case words; "didn't" gives "did", "not"; possessive "'s" dropped."""
    return words_of_clean(clean(text))


def words_of_clean(cleaned: str) -> list[str]:
    """words() of a text clean() already made (the re-ranker cleans each text once)."""
    out: list[str] = []
    for word in _WORD.findall(cleaned.lower()):
        if word.endswith("n't"):
            stem = word[:-3]
            out.extend([{"ca": "can", "wo": "will", "sha": "shall"}.get(stem, stem), "not"])
        elif "'" in word:
            out.append(word.split("'")[0])
        else:
            out.append(word)
    return out


def _stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # "stopped" -> "stop"
            return base[:-1] if base.endswith("e") and len(base) > 3 else base
    return word[:-1] if word.endswith("e") else word


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A small suffix stripper: enough that "rises", "rising", "rised" and "rise" meet (memoised)."""
    return _stem(word)


def terms(text: str) -> list[str]:
    """Stemmed informative words, in order, with repeats (stop words and negations left out)."""
    return terms_of_words(words(text))


def terms_of_words(found: list[str]) -> list[str]:
    return [stem(w) for w in found if w not in STOP_WORDS and w not in NEGATIONS and len(w) < 60]


def negated(text: str) -> bool:
    """True when the text says "not" an odd number of times (a double negation cancels out)."""
    return negated_words(words(text))


def negated_words(found: list[str]) -> bool:
    return sum(1 for w in found if w in NEGATIONS) % 2 == 1


def years(text: str) -> frozenset[int]:
    return years_of_clean(clean(text))


def years_of_clean(cleaned: str) -> frozenset[int]:
    return frozenset(int(y) for y in _YEAR.findall(cleaned))


def numbers(text: str) -> frozenset[Fraction]:
    """Numbers other than years: digits ("1,200", "3.5"), number words and fractions ("half")."""
    return numbers_of_clean(clean(text))


def numbers_of_clean(cleaned: str) -> frozenset[Fraction]:
    found: set[Fraction] = set()
    without_years = _YEAR.sub(" ", cleaned)
    for whole, decimal in _NUMBER.findall(without_years):
        found.add(Fraction(whole + ("." + decimal if decimal else "")))
    for word in _WORD.findall(without_years.lower()):
        if word in NUMBER_WORDS and word not in ("one", "hundred", "million", "billion"):
            found.add(Fraction(NUMBER_WORDS[word]))
        elif word in FRACTIONS:
            found.add(FRACTIONS[word])
    return frozenset(found)


def show_number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    if value < 1 and value.numerator == 1:
        return f"1/{value.denominator}"
    return f"{float(value):g}"


def speaker_key(name: str | None) -> str | None:
    """A speaker compared by surname: "President Joe Biden" and "Biden" are one person."""
    parts = [w for w in words(name or "") if w not in STOP_WORDS]
    return parts[-1] if parts else None
