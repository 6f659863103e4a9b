"""Stage 4a: the check-worthiness model (one interface, a packaged default, plain-Python inference).

The model file is gzipped JSON: for each member model, the feature -> [idf, weight] table of a
TF-IDF (sublinear tf, L2 norm) logistic regression, its intercept, and the analyzer name. The
probability is the mean of the members' probabilities. The training data is named in "training_data".
Load order: FACTCHECK_SCORER_MODEL (env var, a path) if set, else the packaged file.
"""
from __future__ import annotations

import gzip
import json
import math
import os

try:
    from _collections import _count_elements
except ImportError:                                   # other Pythons: the same in Python
    def _count_elements(mapping, iterable):
        for e in iterable:
            mapping[e] = mapping.get(e, 0) + 1
from pathlib import Path
from typing import Protocol

from .features import analyse, char_ngrams, featurize, flag_features

PACKAGED_MODEL = Path(__file__).with_name("scorer_model.json.gz")
ENV_VAR = "FACTCHECK_SCORER_MODEL"
ANALYZERS = {"words": featurize, "chars": char_ngrams}
FORMAT = "factcheck-linear-scorer"


class Scorer(Protocol):
    threshold: float
    metadata: dict

    def probability(self, text: str, facts: dict | None = None) -> float: ...


class LinearScorer:
    """Averaged TF-IDF logistic regressions evaluated with dicts and math.exp."""

    def __init__(self, model: dict):
        if model.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model file")
        # binary member: intercept b, weights [idf, w], p = sigmoid(b + x.w)
        # softmax member: intercepts [d_k], weights [idf, d_1..d_m], p = 1 / (1 + sum_k exp(d_k + x.d_k))
        self.members = [(m["analyzer"], m["intercepts"] if m.get("kind") == "softmax" else m["intercept"],
                         {f: tuple(v) for f, v in m["weights"].items()}) for m in model["members"]]
        self.closed = [a == "words" and _closed(w) for a, _, w in self.members]
        self.threshold = float(model.get("threshold", 0.5))
        self.metadata = {k: v for k, v in model.items() if k != "members"}

    def probability(self, text: str, facts: dict | None = None) -> float:
        total = 0.0
        for (analyzer, intercept, weights), closed in zip(self.members, self.closed):
            if closed:
                if facts is None:
                    facts = analyse(text)
                feats = _known_ngrams(facts["_tokens"], weights) + flag_features(facts)
            elif analyzer == "words":
                feats = featurize(text, facts)
            else:
                feats = ANALYZERS[analyzer](text)
            if isinstance(intercept, list):
                total += _softmax_positive(intercept, _tfidf_dots(feats, weights, len(intercept)))
            else:
                total += _sigmoid(intercept + _tfidf_dot(feats, weights))
        return total / len(self.members)


def _closed(weights: dict) -> bool:
    """True if every n-gram's (n-1)-grams are features too (always so for a vocabulary cut by
    document frequency): then an n-gram whose parts are unknown cannot be known either."""
    for f in weights:
        if " " in f:
            parts = f.split(" ")
            subs = parts if len(parts) == 2 else [" ".join(parts[:-1]), " ".join(parts[1:])]
            if any(p not in weights for p in subs if p not in ("<s>", "</s>")):
                return False
    return True


def _known_ngrams(toks: list[str], weights: dict) -> list[str]:
    """ngram_features(toks) without the n-grams that cannot be in a closed vocabulary, in order."""
    if not toks:
        return ["<s> </s>"]
    known = [t in weights for t in toks]
    out = [t for t, k in zip(toks, known) if k]
    if known[0]:
        out.append("<s> " + toks[0])
    n = len(toks)
    big = [False] * (n - 1)
    for i in range(n - 1):
        if known[i] and known[i + 1]:
            b = toks[i] + " " + toks[i + 1]
            if b in weights:
                big[i] = True
                out.append(b)
    if known[-1]:
        out.append(toks[-1] + " </s>")
    for i in range(n - 2):
        if big[i] and big[i + 1]:
            out.append(f"{toks[i]} {toks[i + 1]} {toks[i + 2]}")
    return out


def _tfidf_dot(feats: list[str], weights: dict) -> float:
    """Sublinear-tf TF-IDF vector of feats, L2-normalised, dotted with the weights."""
    counts: dict[str, int] = {}
    _count_elements(counts, feats)                    # in C; keeps first-occurrence order
    get = weights.get
    dot = norm = 0.0
    for f, c in counts.items():
        e = get(f)
        if e is not None:
            v = e[0] if c == 1 else (1.0 + math.log(c)) * e[0]
            dot += v * e[1]
            norm += v * v
    return dot / math.sqrt(norm) if norm else 0.0


def _tfidf_dots(feats: list[str], weights: dict, m: int) -> list[float]:
    """Like _tfidf_dot, for weights [idf, w_1..w_m]: the m dot products."""
    counts: dict[str, int] = {}
    _count_elements(counts, feats)
    get = weights.get
    norm = 0.0
    if m == 2:                                          # the 3-class model: unrolled
        d1 = d2 = 0.0
        for f, c in counts.items():
            e = get(f)
            if e is not None:
                v = e[0] if c == 1 else (1.0 + math.log(c)) * e[0]
                d1 += v * e[1]
                d2 += v * e[2]
                norm += v * v
        dots = [d1, d2]
    else:
        dots = [0.0] * m
        for f, c in counts.items():
            e = get(f)
            if e is not None:
                v = e[0] if c == 1 else (1.0 + math.log(c)) * e[0]
                for k in range(m):
                    dots[k] += v * e[k + 1]
                norm += v * v
    if not norm:
        return [0.0] * m
    n = math.sqrt(norm)
    return [d / n for d in dots]


def _softmax_positive(intercepts: list[float], dots: list[float]) -> float:
    total = 1.0
    for b, d in zip(intercepts, dots):
        z = b + d
        total += math.exp(z) if z < 700 else math.inf
    return 1.0 / total


def _sigmoid(z: float) -> float:
    if z < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


class FallbackScorer:
    """Used only when no model file can be read: the transparent features alone."""

    threshold = 0.5
    metadata = {"name": "fallback (no model file)", "training_data": None}

    def probability(self, text: str, facts: dict | None = None) -> float:
        from .features import analyse
        f = facts or analyse(text)
        z = -0.8 + 1.2 * bool(f["types"]) + 0.8 * bool(f["numbers"]) - 1.0 * f["question"] - 0.8 * bool(f["opinion"])
        return _sigmoid(z)


def read_model(path: str | os.PathLike) -> LinearScorer:
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return LinearScorer(json.loads(raw.decode("utf-8")))


def model_path() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else PACKAGED_MODEL


_CACHE: dict[str, Scorer] = {}


def load_scorer(path: str | os.PathLike | None = None) -> Scorer:
    """The scorer at path, else at $FACTCHECK_SCORER_MODEL, else the packaged model (cached)."""
    p = Path(path) if path else model_path()
    key = str(p)
    if key not in _CACHE:
        try:
            _CACHE[key] = read_model(p)
        except (OSError, ValueError, KeyError, TypeError):
            if path or os.environ.get(ENV_VAR):
                raise
            _CACHE[key] = FallbackScorer()
    return _CACHE[key]
