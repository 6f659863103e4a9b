"""The light re-ranker: IDF-weighted word overlap, and the checks that keep a different claim apart.

No database: `compare()` gets two analysed texts and a word-weight function. A near-paraphrase with
a different meaning (a negation, another number, another year, another speaker) keeps its score for
ranking but is never "the same claim": its differences are listed and it is shown as related.

Thresholds (chosen on the CheckThat! 2022 task 2A *train* pairs only, `benchmarks/matching.py
--split train --tune`; the dev split is only ever reported): HIGH is the lowest score at which the
top candidate was the right claim for at least 95 % of the train queries scoring that high (0.291);
LOW is the score below which fewer than 1 in 5 top candidates were right (0.10), so nothing below
it is shown. Tweets are long and claims short, so scores of true repeats are modest; the differences
check, not the threshold, is what keeps negated or re-numbered paraphrases (scores ~0.9) apart.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Callable

from factcheck.matching import text as words_of

HIGH = 0.29
LOW = 0.10
# how the score mixes the overlaps (a grid search on train): word cosine, share of the candidate's
# words, share of the query's words, cosine of character 4-grams (catches spellings and compounds)
WEIGHTS = (1 / 3, 0.0, 1 / 3, 1 / 3)
GRAM = 4
DIFFERENCE_PENALTY = 0.9
RELATIVE_YEARS = {"last year": -1, "this year": 0, "next year": 1}


@dataclass(frozen=True)
class Analysed:
    """What the re-ranker needs of one text, computed once."""

    counts: Counter
    grams: Counter
    negated: bool
    numbers: frozenset[Fraction]
    years: frozenset[int]
    speaker: str | None
    raw_speaker: str | None = field(default=None, compare=False)


def analyse(text: str, speaker: str | None = None, claim_date: date | None = None) -> Analysed:
    """Everything compare() needs of a text; the text is cleaned and split once."""
    text = (text or "")[: words_of.MAX_CHARS]
    cleaned = words_of.clean(text)
    found = words_of.words_of_clean(cleaned)
    years = set(words_of.years_of_clean(cleaned))
    if isinstance(claim_date, str):  # raw SQL rows on SQLite give dates as text
        claim_date = date.fromisoformat(claim_date[:10])
    if claim_date is not None:
        lowered = text.lower()
        years.update(claim_date.year + shift for phrase, shift in RELATIVE_YEARS.items() if phrase in lowered)
    joined = " ".join(found)
    grams = Counter(joined[i:i + GRAM] for i in range(len(joined) - GRAM + 1))
    return Analysed(Counter(words_of.terms_of_words(found)), grams, words_of.negated_words(found),
                    words_of.numbers_of_clean(cleaned), frozenset(years), words_of.speaker_key(speaker), speaker)


@lru_cache(maxsize=20_000)
def analyse_document(body: str, speaker: str | None, claim_date: date | str | None) -> Analysed:
    """analyse() of a stored document, memoised per process: the same documents come back as candidates
    again and again, and the analysis depends on nothing but these three values (so it is never stale)."""
    return analyse(body, speaker, claim_date)


@dataclass(frozen=True)
class Comparison:
    score: float
    overlap: float  # share of the candidate's (weighted) words found in the query
    differs: tuple[str, ...]
    details: tuple[str, ...]


def _weights(counts: Counter, idf: Callable[[str], float]) -> dict[str, float]:
    return {term: (1.0 + math.log(n)) * idf(term) for term, n in counts.items()}


def overlap_scores(query: Counter, doc: Counter, idf: Callable[[str], float]) -> tuple[float, float, float]:
    """(cosine, share of the doc's weight matched, share of the query's weight matched), each 0–1."""
    wq, wd = _weights(query, idf), _weights(doc, idf)
    if not wq or not wd:
        return 0.0, 0.0, 0.0
    shared = wq.keys() & wd.keys()
    dot = sum(wq[t] * wd[t] for t in shared)
    norm = math.sqrt(sum(v * v for v in wq.values()) * sum(v * v for v in wd.values()))
    doc_share = sum(wd[t] for t in shared) / sum(wd.values())
    query_share = sum(wq[t] for t in shared) / sum(wq.values())
    return (dot / norm if norm else 0.0), doc_share, query_share


def gram_cosine(a: Counter, b: Counter) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(n * b[g] for g, n in a.items() if g in b)
    norm = math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))
    return dot / norm if norm else 0.0


def _numbers(values) -> str:
    return ", ".join(words_of.show_number(v) for v in sorted(values))


def differences(query: Analysed, doc: Analysed) -> list[tuple[str, str]]:
    """What makes the two say different things, each with a detail such as "13 / 31"."""
    found = []
    if query.negated != doc.negated:
        found.append(("negation", "one says not" if query.negated else "the other says not"))
    mine, theirs = query.numbers - doc.numbers, doc.numbers - query.numbers
    if mine and theirs:  # one only adding a number the other leaves out is not a contradiction
        found.append(("number", f"{_numbers(mine)} / {_numbers(theirs)}"))
    if query.years - doc.years and doc.years - query.years:
        found.append(("year", f"{_numbers(query.years)} / {_numbers(doc.years)}"))
    if query.speaker and doc.speaker and query.speaker != doc.speaker:
        found.append(("speaker", f"{query.raw_speaker} / {doc.raw_speaker}"))
    return found


def compare(query: Analysed, doc: Analysed, idf: Callable[[str], float], *,
            claimed: Analysed | None = None) -> Comparison:
    """`claimed`: the words whose meaning must agree, when the document holds more than the claim (a
    verdict's headline is the checker's words: "Crime did not rise by half" must not make a repeat
    of "Crime rose by half" look like its negation)."""
    cosine, doc_share, query_share = overlap_scores(query.counts, doc.counts, idf)
    score = (WEIGHTS[0] * cosine + WEIGHTS[1] * doc_share + WEIGHTS[2] * query_share
             + WEIGHTS[3] * gram_cosine(query.grams, doc.grams))
    found = differences(query, claimed or doc)
    if found:
        score *= DIFFERENCE_PENALTY
    return Comparison(round(min(max(score, 0.0), 1.0), 4), doc_share,
                      tuple(name for name, _ in found), tuple(detail for _, detail in found))


def idf_from(document_frequency: dict[str, int], documents: int) -> Callable[[str], float]:
    """Smoothed inverse document frequency; a word no document holds weighs the most."""
    total = max(documents, 1)

    def idf(term: str) -> float:
        return math.log((total + 1) / (document_frequency.get(term, 0) + 1)) + 1.0

    return idf
