"""The fast paths (word gates, lower-cased patterns, windowed searches, pruned n-grams) must give
exactly what the plain patterns give. Checked on the seed sentences, hand-written edge cases and
random sentences built from the trigger words, and on ClaimBuster when the data is present."""
import csv
import random
from pathlib import Path

import pytest

from factcheck.extraction import attribution as at
from factcheck.extraction import claimtypes as ct
from factcheck.extraction import dates
from factcheck.extraction import scorer as sc
from factcheck.extraction.segment import segment
from tests.support.shared import shared_dir

ROOT = Path(__file__).resolve().parents[3]
DATA = shared_dir() / "data" / "claimbuster" / "claimbuster_groundtruth.csv"

EDGE = [
    "", "a", "İstanbul's mayor said 40 people died.", "THE MINISTER SAID 40 PERCENT OF SCHOOLS CLOSED.",
    "We are going to retaliate, as I say.", "unsaid Smith said Jones", "the Smith said envoy said",
    "an official said the envoy said", "\"Yes,\" said Smith.", "xJan 7 and Omar 3 or SJan.19",
    "Thursday, the 19th of January 2023", "Mid-August, mid August, last  \n  August", "thirteen often none",
    "US$5, $ 40, £12,000 and ¥7 bn", "He accused the U.S. of secretly sponsoring ISIS-K.",
]


def _sentences():
    out = list(EDGE)
    for p in sorted((ROOT / "seeds").iterdir()):
        out += [s.text for s in segment(p.read_text(encoding="utf-8"))]
    if DATA.exists():
        with open(DATA, newline="", encoding="utf-8") as fh:
            out += [r["text"] for r in csv.DictReader(fh)]
    rnd = random.Random(7)
    vocab = sorted({w for words, stems in ct._GATES.values() for w in (words + " " + stems).split()})
    vocab += ("Thursday , the 19th of January 2023 Jan.19 last August In October since 2001 next week yesterday "
              "on Tuesday 5 March 2020 2023-01-20 Smith The An official envoy said told reporters claimed he "
              "\" ' 40 $ 3.5 % percent thousands one of I We My x").split()
    for _ in range(3000):
        out.append(" ".join(rnd.choice(vocab) + rnd.choice(["", "", ",", "  "]) for _ in range(rnd.randint(1, 14))))
    return out


SENTENCES = _sentences()


def test_claim_types_match_the_plain_patterns():
    for text in SENTENCES + [t.upper() for t in SENTENCES[:500]]:
        plain = {}
        for name, rx in ct.TYPE_RES.items():
            m = rx.search(text)
            if m:
                plain[name] = m.group(0)
        assert ct.classify(text, numbers=()) == plain, text


def test_numbers_match_the_plain_pattern():
    for text in SENTENCES + ["2two 40 thousand", "a dozen, 3 Hundred and $ 5m"]:
        plain = tuple(m.group(0).strip() for m in ct.NUMBER_RE.finditer(text))
        assert ct.find_numbers(text) == plain, text
        low = ct.lowered(text)
        if low is not None:
            assert ct.find_numbers(text, low, ct._WORD_RE.findall(low)) == plain, text


def test_dates_match_the_plain_pattern():
    for text in SENTENCES:
        plain = [(m.start(), m.end(), m.lastgroup) for m in dates.DATE_RE.finditer(text)]
        assert [(m.start(), m.end(), m.lastgroup) for m in dates.iter_dates(text)] == plain, text


def test_speaker_verb_matches_match_finditer():
    for text in SENTENCES:
        plain = [(m.start(), m.end()) for m in at.SPEAKER_VERB_RE.finditer(text)]
        assert [(m.start(), m.end()) for m in at.speaker_verb_matches(text)] == plain, text


def test_pruned_ngrams_give_the_same_probability():
    s = sc.load_scorer()
    if not isinstance(s, sc.LinearScorer) or not any(s.closed):
        pytest.skip("packaged model not loaded")
    fast = [s.probability(t) for t in SENTENCES[:3000]]
    closed, s.closed = s.closed, [False] * len(s.closed)
    try:
        assert [s.probability(t) for t in SENTENCES[:3000]] == fast
    finally:
        s.closed = closed
