"""Transparent features: the words a reviewer reads as "why this score", and the model's inputs.

featurize() turns one sentence into the feature strings the linear scorer weighs: lower-cased
word 1-3 grams (digits collapsed to a shape) plus named flags ("_T:quantity", "_HEDGE", ...)
that double as the human-readable reasons.
"""
from __future__ import annotations

import re

from .claimtypes import _BIT, _DIGIT, _WORD_RE, classify, find_numbers, gate_mask, lowered
from .dates import find_mentions

TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[%$?!]")
_DIGITS = re.compile(r"\d")

OPINION_RE = re.compile(
    r"\b(shameful|disgrace(?:ful)?|outrageous|terrible|horrible|awful|wonderful|great|amazing|"
    r"ridiculous|stupid|absurd|disastrous|fantastic|pathetic|beautiful|incredible|tremendous|"
    r"best|worst|should|ought|deserve[sd]?|unacceptable|appalling|brilliant|sad|evil|"
    r"love|hate|i\s+think|i\s+believe|i\s+feel|in\s+my\s+opinion)\b",
    re.IGNORECASE,
)
HEDGE_RE = re.compile(
    r"\b(may|might|could|reportedly|allegedly|possibly|perhaps|apparently|likely|probably|"
    r"seems?|appears?\s+to|suggest(?:s|ed)?|hint(?:s|ed|ing)?|rumou?red|unconfirmed)\b",
    re.IGNORECASE,
)
FIRST_PERSON_RE = re.compile(r"\b(?:I|we|my|our|us|me)\b")
SECOND_PERSON_RE = re.compile(r"\byou(?:r)?\b", re.IGNORECASE)
# the same without IGNORECASE, for the lower-cased sentence (several times faster in `re`)
_OPINION_LOWER = re.compile(OPINION_RE.pattern)
_HEDGE_LOWER = re.compile(HEDGE_RE.pattern)
_SECOND_LOWER = re.compile(SECOND_PERSON_RE.pattern)
_OPINION, _HEDGE, _FIRST, _SECOND = _BIT["_opinion"], _BIT["_hedge"], _BIT["_first"], _BIT["_second"]


def analyse(text: str, date_words: tuple[str, ...] | None = None) -> dict:
    """The transparent facts about one sentence, shared by the scorer and the reasons.

    date_words: the sentence's date expressions if the caller already found them.
    The result also carries "_tokens" (lower-cased, digits as 0) for the model features.
    """
    low = lowered(text)
    words = _WORD_RE.findall(low) if low is not None else None
    numbers = find_numbers(text, low, words)
    stripped = text.rstrip(" \"'”’)»")
    if not numbers:
        date_words = ()
    elif date_words is None:
        date_words = tuple(m.group(0) for m in find_mentions(text))
    if low is None:
        opinion = [m.group(0) for m in OPINION_RE.finditer(text)]
        hedge = [m.group(0) for m in HEDGE_RE.finditer(text)]
        second = SECOND_PERSON_RE.search(text) is not None
        toks = TOKEN_RE.findall(text.lower())
    else:
        mask = gate_mask(words)
        opinion = [text[m.start():m.end()] for m in _OPINION_LOWER.finditer(low)] if mask & _OPINION else []
        hedge = [text[m.start():m.end()] for m in _HEDGE_LOWER.finditer(low)] if mask & _HEDGE else []
        second = bool(mask & _SECOND) and _SECOND_LOWER.search(low) is not None
        first = bool(mask & _FIRST) and FIRST_PERSON_RE.search(text) is not None
        toks = model_tokens(low)
        return {
            "numbers": numbers, "types": classify(text, numbers, date_words, low, mask),
            "question": stripped.endswith("?"), "opinion": opinion, "hedge": hedge,
            "first_person": first, "second_person": second, "words": len(toks), "_tokens": toks,
        }
    return {
        "numbers": numbers,
        "types": classify(text, numbers, date_words, low),
        "question": stripped.endswith("?"),
        "opinion": opinion,
        "hedge": hedge,
        "first_person": FIRST_PERSON_RE.search(text) is not None,
        "second_person": second,
        "words": len(toks),
        "_tokens": toks,
    }


def flag_features(facts: dict) -> list[str]:
    flags = ["_T:" + t for t in facts["types"]]
    if facts["numbers"]:
        flags.append("_NUM")
    if facts["question"]:
        flags.append("_Q")
    if facts["opinion"]:
        flags.append("_OPIN")
    if facts["hedge"]:
        flags.append("_HEDGE")
    if facts["first_person"]:
        flags.append("_1P")
    if facts["second_person"]:
        flags.append("_2P")
    n = facts["words"]
    flags.append("_LEN:" + ("1" if n < 5 else "2" if n < 10 else "3" if n < 20 else "4" if n < 40 else "5"))
    return flags


def model_tokens(low: str) -> list[str]:
    """Lower-cased tokens with every digit written 0 (the number's shape)."""
    return TOKEN_RE.findall(_DIGITS.sub("0", low) if _DIGIT.search(low) else low)


def ngram_features(text: str, toks: list[str] | None = None) -> list[str]:
    """Word 1-3 grams (bigrams padded with <s>, </s>); toks = model_tokens(text.lower()) if given."""
    if toks is None:
        toks = model_tokens(text.lower())
    if not toks:
        return ["<s> </s>"]
    feats = toks + ["<s> " + toks[0]]
    feats += [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    feats.append(toks[-1] + " </s>")
    feats += [f"{a} {b} {c}" for a, b, c in zip(toks, toks[1:], toks[2:])]
    return feats


def featurize(text: str, facts: dict | None = None) -> list[str]:
    """All model features of one sentence (used identically at training and at inference)."""
    if facts is None:
        facts = analyse(text)
    return ngram_features(text, facts.get("_tokens")) + flag_features(facts)


_WS = re.compile(r"\s\s+")


def char_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    """Character 2-5 grams inside word boundaries (as scikit-learn's char_wb), digits collapsed."""
    out: list[str] = []
    for word in _DIGITS.sub("0", text.lower()).split():
        w = " " + word + " "
        n_w = len(w)
        for n in range(lo, min(hi, n_w) + 1):
            out.extend(w[i:i + n] for i in range(n_w - n + 1))
    return out
