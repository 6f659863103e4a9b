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


def find_numbers(text: str) -> tuple[str, ...]:
    """Numbers and number words as written: "13", "at least 170" -> "170", "thousands"."""
    return tuple(m.group(0).strip() for m in NUMBER_RE.finditer(text))


def quantity_numbers(numbers: tuple[str, ...], date_words: tuple[str, ...] = ()) -> list[str]:
    """Numbers that are quantities, not day-of-month or year tokens of a date."""
    dated = " ".join(date_words)
    return [n for n in numbers if not (_DATEY_NUMBER.match(n) and n in dated)]


def classify(text: str, numbers: tuple[str, ...] | None = None, date_words: tuple[str, ...] = ()) -> dict[str, str]:
    """Map claim type -> the words that triggered it, in CLAIM_TYPES order."""
    found: dict[str, str] = {}
    nums = find_numbers(text) if numbers is None else numbers
    qty = quantity_numbers(nums, date_words)
    if qty:
        found["quantity"] = qty[0]
    for name, rx in TYPE_RES.items():
        m = rx.search(text)
        if m:
            found[name] = m.group(0)
    order = ("quantity", "comparison", "causal", "prediction", "rule", "personal_experience", "intent", "event")
    return {k: found[k] for k in order if k in found}
