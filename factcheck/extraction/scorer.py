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
from pathlib import Path
from typing import Protocol

from .features import char_ngrams, featurize

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
        self.members = [(m["analyzer"], m["intercept"], m["weights"]) for m in model["members"]]
        self.threshold = float(model.get("threshold", 0.5))
        self.metadata = {k: v for k, v in model.items() if k != "members"}

    def probability(self, text: str, facts: dict | None = None) -> float:
        total = 0.0
        for analyzer, intercept, weights in self.members:
            feats = featurize(text, facts) if analyzer == "words" else ANALYZERS[analyzer](text)
            total += _sigmoid(intercept + _tfidf_dot(feats, weights))
        return total / len(self.members)


def _tfidf_dot(feats: list[str], weights: dict) -> float:
    counts: dict[str, int] = {}
    for f in feats:
        if f in weights:
            counts[f] = counts.get(f, 0) + 1
    dot = norm = 0.0
    for f, c in counts.items():
        idf, w = weights[f]
        v = (1.0 + math.log(c)) * idf
        dot += v * w
        norm += v * v
    return dot / math.sqrt(norm) if norm else 0.0


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
