"""Stage 3: claim types (several may apply) and the numbers a sentence states.

Each type is one compiled pattern over the sentence; the first match is kept as the
evidence word so reasons can quote it. Deterministic and linear in the sentence length.
"""
from __future__ import annotations

import re

_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|twice|triple|double|"
    r"one(?=\s+(?!of\b|another\b|thing\b|way\b|who\b|that\b|more\b|day\b)[a-z]+\s)"
)
NUMBER_RE = re.compile(
    r"(?:[$€£¥]\s?)?\b\d+(?:[.,]\d+)*(?:\s?(?:%|percent|per cent|million|billion|trillion|bn|m)\b|%)?"
    r"|\b(?:" + _NUMBER_WORDS + r")\b",
    re.IGNORECASE,
)
_DATEY_NUMBER = re.compile(r"^(?:1[0-9]|20)\d\d$|^[0-3]?\d$")

_TYPE_PATTERNS = {
    "comparison": r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|"
    r"faster|slower|cheaper|richer|poorer)\s+than\b|\b(?:the\s+)?(?:most|least|highest|lowest|"
    r"largest|biggest|smallest|fastest|worst|best)\b(?<!at least)(?<!at most)|\bcompared\s+(?:to|with)\b|"
    r"\b(?:doubled|tripled|halved|increased|decreased|surged|plunged)\b|"
    r"\b(?:rose|fell|dropped|declined|grew)\s+(?:by|to|from)\s+(?:\$|\d|about|nearly|almost|around)|\brecord\b|"
    r"\bas\s+\w+\s+as\b|\bthe\s+first\b|\bthe\s+only\b",
    "causal": r"\bbecause\b|\bdue\s+to\b|\bcaus(?:e|es|ed|ing)\b|\blead(?:s)?\s+to\b|\bled\s+to\b|"
    r"\bresult(?:s|ed)?\s+in\b|\bas\s+a\s+result\b|\btherefore\b|\bthanks\s+to\b|\bblame[sd]?\b|"
    r"\bresponsib(?:le|ility)\b|\btrigger(?:s|ed)?\b|\bin\s+retaliation\b|\bso\s+that\b|\bbecause\s+of\b",
    "prediction": r"\bwill\b|\bwon't\b|\bgoing\s+to\b|\bgonna\b|\bexpect(?:s|ed)?\s+to\b|\bforecast|"
    r"\bpredict|\bprojected\b|\bis\s+set\s+to\b|\bare\s+set\s+to\b|\bplan(?:s|ning|ned)?\s+to\b|"
    r"\bnext\s+(?:year|month|week|decade)\b|\bby\s+20[2-9]\d\b|\bshall\b",
    "rule": r"\blaws?\b|\bil?legal(?:ly)?\b|\bconstitution|\bban(?:s|ned)?\b|\bregulation|\brequire[sd]?\b|"
    r"\bmandat|\brules?\b|\btreaty\b|\bstatute|\bbill\b|\bact\s+of\b|\bprohibit|\bsanction|"
    r"\blegislation\b|\bcourt\b|\bruled\b|\bpolicy\b|\btax(?:es)?\b|\bpermitted\b|\ballowed\b",
    "personal_experience": r"\b(?:I|we)\s+(?:\w+\s+)?(?:was|were|saw|met|went|had|grew\s+up|lived|worked|"
    r"served|visited|heard|experienced|remember|watched|spent|talked|know)\b|\bordeal\b|\bmy\s+"
    r"(?:father|mother|family|son|daughter|wife|husband|life|experience)\b|\bnarrated\b",
    "intent": r"\baccus|\balleg|\bsecret(?:ly)?\b|\bcovert(?:ly)?\b|\bdiscreet(?:ly)?\b|\bdeliberate(?:ly)?\b|"
    r"\bintentional(?:ly)?\b|\bon\s+purpose\b|\bin\s+order\s+to\b|\bwants?\s+to\b|\bavenge|\bretaliat|"
    r"\bhidden\s+agenda\b|\bsponsor|\bplot|\bconspir|\blie[sd]?\b|\blying\b|\bcover[- ]up\b|"
    r"\bhatched\b|\bscheme|\bdeceiv|\bsabotag|\baim(?:s|ed)?\s+to\b|\bagenda\b",
    "event": r"\b(?:carried\s+out|attacked|killed|conducted|took|assumed|announced|signed|launched|"
    r"held|met|fell|arrested|died|won|lost|passed|voted|established|deployed|withdrew|invaded|"
    r"bombed|elected|appointed|resigned|fired|closed|opened|struck|happened|occurred|reported|"
    r"claimed\s+the\s+lives?|left\s+\w+\s+dead|visited|signed|approved|rejected|released|"
    r"abandon(?:ed|ing)|trained|sent|raised|cut|created|spent|built|seized|captured)\b",
}
TYPE_RES = {name: re.compile(pat, re.IGNORECASE) for name, pat in _TYPE_PATTERNS.items()}
# "personal experience" needs case: "I" is a pronoun only in capitals.
TYPE_RES["personal_experience"] = re.compile(_TYPE_PATTERNS["personal_experience"])

# Speed: the same patterns without IGNORECASE, run on the lower-cased sentence (case-insensitive
# matching in `re` is several times slower). Used whenever lower() keeps the length, so offsets
# still index the original text; the IGNORECASE versions above are the fallback and the reference.
_TYPE_RES_LOWER = {name: (rx if name == "personal_experience" else re.compile(_TYPE_PATTERNS[name]))
                   for name, rx in TYPE_RES.items()}
_NUMBER_RE_LOWER = re.compile(NUMBER_RE.pattern)
# NUMBER_RE's digit branch alone: the same matches when the sentence has no number word
_DIGIT_NUMBER_RE = re.compile(NUMBER_RE.pattern.split("|\\b(?:", 1)[0])
_NUMBER_WORD_SET = frozenset(re.findall(r"[a-z]+", _NUMBER_WORDS.split("(?=")[0])) | {
    f for w in ("hundred", "thousand", "million", "billion", "trillion", "dozen") for f in (w, w + "s")} | {"one"}
# Word gates: a type's pattern can only match if the sentence has one of these words (or a word
# starting with one of the stems); most sentences trigger two or three types, so most patterns
# are never run. tests/unit/extraction/test_fastpaths.py checks the gated result equals the plain one.
_GATES: dict[str, tuple[str, str]] = {   # name -> (whole words, stems)
    "comparison": ("than most least highest lowest largest biggest smallest fastest worst best compared "
                   "doubled tripled halved increased decreased surged plunged rose fell dropped declined grew "
                   "record as first only", ""),
    "causal": ("because due cause causes caused causing lead leads led result results resulted therefore "
               "thanks blame blamed blames responsible responsibility trigger triggers triggered retaliation so", ""),
    "prediction": ("will won going gonna expect expects expected projected set plan plans planning planned "
                   "next by shall", "forecast predict"),
    "rule": ("law laws legal illegal legally illegally ban bans banned require requires required rule rules "
             "treaty bill act legislation court ruled policy tax taxes permitted allowed",
             "constitution regulation mandat statute prohibit sanction"),
    "personal_experience": ("i we ordeal my narrated", ""),
    "intent": ("secret secretly covert covertly discreet discreetly deliberate deliberately intentional "
               "intentionally purpose order want wants lie lies lied lying cover hatched aim aims aimed agenda",
               "accus alleg avenge retaliat sponsor plot conspir scheme deceiv sabotag"),
    "event": ("carried attacked killed conducted took assumed announced signed launched held met fell arrested "
              "died won lost passed voted established deployed withdrew invaded bombed elected appointed "
              "resigned fired closed opened struck happened occurred reported claimed left visited approved "
              "rejected released abandoned abandoning trained sent raised cut created spent built seized captured", ""),
    # gates of features.py's word patterns
    "_opinion": ("shameful disgrace disgraceful outrageous terrible horrible awful wonderful great amazing "
                 "ridiculous stupid absurd disastrous fantastic pathetic beautiful incredible tremendous best "
                 "worst should ought deserve deserves deserved unacceptable appalling brilliant sad evil love "
                 "hate think believe feel opinion", ""),
    "_hedge": ("may might could reportedly allegedly possibly perhaps apparently likely probably seem seems "
               "appear appears suggest suggests suggested hint hints hinted hinting rumored rumoured unconfirmed", ""),
    "_first": ("i we my our us me", ""),
    "_second": ("you your", ""),
}
_BIT = {name: 1 << i for i, name in enumerate(_GATES)}
_GATE_WORDS: dict[str, int] = {}
for _name, (_words, _stems) in _GATES.items():
    for _w in _words.split():
        _GATE_WORDS[_w] = _GATE_WORDS.get(_w, 0) | _BIT[_name]
_GATE_STEMS = tuple((st, _BIT[n]) for n, (_, stems) in _GATES.items() for st in stems.split())
for _w in _GATE_WORDS:
    for _stem, _b in _GATE_STEMS:
        if _w.startswith(_stem):
            _GATE_WORDS[_w] |= _b
_WORD_MASKS: dict[str, int] = dict(_GATE_WORDS)
_WORD_RE = re.compile(r"[a-z]+")


def _word_mask(word: str) -> int:
    m = _WORD_MASKS.get(word)
    if m is None:
        m = _GATE_WORDS.get(word, 0)
        for stem, bit in _GATE_STEMS:
            if word.startswith(stem):
                m |= bit
        if len(_WORD_MASKS) > 200_000:         # bounded for huge vocabularies
            _WORD_MASKS.clear()
            _WORD_MASKS.update(_GATE_WORDS)
        _WORD_MASKS[word] = m
    return m


def gate_mask(words) -> int:
    """The types whose patterns could match a sentence with these lower-case words."""
    get = _WORD_MASKS.get
    mask = 0
    for w in words:
        m = get(w)
        mask |= _word_mask(w) if m is None else m
    return mask


_DIGIT = re.compile(r"\d")
# every number word contains one of these (a cheap, literal-prefixed pre-check before NUMBER_RE)
_NUMBER_WORD_HINT = re.compile(r"one|two|thre|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|"
                               r"thirty|forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|"
                               r"twice|triple|double")


def lowered(text: str) -> str | None:
    """text.lower() when it keeps every offset (it does for all but a few non-ASCII letters)."""
    low = text.lower()
    return low if len(low) == len(text) else None


def find_numbers(text: str, low: str | None = None, words=None) -> tuple[str, ...]:
    """Numbers and number words as written: "13", "at least 170" -> "170", "thousands"."""
    if low is None:
        low = lowered(text)
        if low is None:
            return tuple(m.group(0).strip() for m in NUMBER_RE.finditer(text))
    if words is not None and _NUMBER_WORD_SET.isdisjoint(words):    # words: the [a-z]+ runs of low
        if _DIGIT.search(low) is None:
            return ()
        return tuple(text[m.start():m.end()].strip() for m in _DIGIT_NUMBER_RE.finditer(low))
    d, w = _DIGIT.search(low), _NUMBER_WORD_HINT.search(low)
    if d is None and w is None:
        return ()
    # a match starts at most 2 characters (currency sign, space) before its first digit, or at the
    # start of the word holding a number-word hint: nothing before that needs scanning
    start = len(low)
    if d is not None:
        start = max(0, d.start() - 2)
    if w is not None and w.start() < start:
        start = w.start()
        while start > 0 and low[start - 1].isalpha():
            start -= 1
    return tuple(text[m.start():m.end()].strip() for m in _NUMBER_RE_LOWER.finditer(low, start))


def quantity_numbers(numbers: tuple[str, ...], date_words: tuple[str, ...] = ()) -> list[str]:
    """Numbers that are quantities, not day-of-month or year tokens of a date."""
    dated = " ".join(date_words)
    return [n for n in numbers if not (_DATEY_NUMBER.match(n) and n in dated)]


def classify(text: str, numbers: tuple[str, ...] | None = None, date_words: tuple[str, ...] = (),
             low: str | None = None, mask: int | None = None) -> dict[str, str]:
    """Map claim type -> the words that triggered it, in CLAIM_TYPES order."""
    found: dict[str, str] = {}
    if low is None:
        low = lowered(text)
    nums = find_numbers(text, low) if numbers is None else numbers
    qty = quantity_numbers(nums, date_words)
    if qty:
        found["quantity"] = qty[0]
    if low is None:
        for name, rx in TYPE_RES.items():
            m = rx.search(text)
            if m:
                found[name] = m.group(0)
    else:
        if mask is None:
            mask = gate_mask(_WORD_RE.findall(low))
        for name, rx in _TYPE_RES_LOWER.items():
            if mask & _BIT[name]:
                m = rx.search(text if name == "personal_experience" else low)
                if m:
                    found[name] = text[m.start():m.end()]
    return found
