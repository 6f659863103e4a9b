"""Training the scorer (needs scikit-learn: the optional `train` extra). Not used at request time.

train(rows) fits one TF-IDF + logistic regression per analyzer, tunes the decision threshold
on a held-out 20% of the TRAINING rows (maximum F1), refits on all rows and returns the model
dict that scorer.LinearScorer reads. Deterministic: fixed seeds, liblinear-free lbfgs solver.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import os
from pathlib import Path

from .features import char_ngrams, featurize
from .scorer import FORMAT

KNOWN_SOURCES = {
    "claimbuster_crowdsourced.csv": {
        "name": "ClaimBuster crowdsourced (22,501 US presidential debate sentences, 1960-2016)",
        "citation": "Arslan, Hassan, Li, Tremayne (ICWSM 2020), 'A Benchmark Dataset of Check-worthy "
                    "Factual Claims', Zenodo doi:10.5281/zenodo.3609356; label 1 = CFS (check-worthy "
                    "factual statement), 0 = UFS or NFS",
    },
}
ANALYZER_FUNCS = {"words": featurize, "chars": char_ngrams}
DEFAULTS = {"C": 4.0, "min_df": {"words": 2, "chars": 3}}


class TrainingDataError(ValueError):
    pass


def read_rows(path: str | os.PathLike) -> tuple[list[str], list[int]]:
    """text,label rows; label 1/0 (also true/false, yes/no, accepted/dismissed)."""
    truthy, falsy = {"1", "true", "yes", "accepted", "checkworthy"}, {"0", "false", "no", "dismissed"}
    texts, labels = [], []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise TrainingDataError(f"{path}: needs columns 'text' and 'label', found {str(reader.fieldnames)[:80]}")
        for i, row in enumerate(reader, start=2):
            lab = (row.get("label") or "").strip().lower()
            if lab not in truthy | falsy:
                raise TrainingDataError(f"{path}:{i}: label must be 1/0 (or accepted/dismissed), got {lab!r}")
            texts.append(row.get("text") or "")
            labels.append(1 if lab in truthy else 0)
    if len(set(labels)) < 2 or len(labels) < 10:
        raise TrainingDataError(f"{path}: needs at least 10 rows and both labels")
    return texts, labels


def _fit_member(analyzer: str, texts, labels, C: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    min_df = DEFAULTS["min_df"][analyzer] if len(texts) > 2000 else 1
    vec = TfidfVectorizer(analyzer=ANALYZER_FUNCS[analyzer], sublinear_tf=True, min_df=min_df)
    X = vec.fit_transform(texts)
    clf = LogisticRegression(C=C, max_iter=5000).fit(X, labels)
    return vec, clf


def _member_dict(analyzer: str, vec, clf) -> dict:
    coef, idf = clf.coef_[0], vec.idf_
    weights = {f: [round(float(idf[j]), 4), round(float(coef[j]), 5)] for f, j in vec.vocabulary_.items()}
    return {"analyzer": analyzer, "intercept": float(clf.intercept_[0]), "weights": weights}


def _predict(members, texts):
    import numpy as np
    return np.mean([clf.predict_proba(vec.transform(texts))[:, 1] for vec, clf in members], axis=0)


def tune_threshold(texts, labels, analyzers, C) -> tuple[float, dict]:
    """Best-F1 threshold on a stratified 20% hold-out of the training rows."""
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split
    tr_x, ho_x, tr_y, ho_y = train_test_split(texts, labels, test_size=0.2, random_state=0, stratify=labels)
    members = [_fit_member(a, tr_x, tr_y, C) for a in analyzers]
    p = _predict(members, ho_x)
    grid = [round(t, 2) for t in np.arange(0.15, 0.86, 0.01)]
    scores = [f1_score(ho_y, p >= t) for t in grid]
    best = int(np.argmax(scores))
    return grid[best], {"holdout_rows": len(ho_y), "holdout_f1": round(float(scores[best]), 4)}


def train(texts, labels, analyzers=("words", "chars"), C: float | None = None, source: dict | None = None) -> dict:
    C = C or DEFAULTS["C"]
    threshold, tuning = tune_threshold(texts, labels, analyzers, C)
    members = [_fit_member(a, texts, labels, C) for a in analyzers]
    return {
        "format": FORMAT,
        "version": 1,
        "created": dt.date.today().isoformat(),
        "threshold": threshold,
        "params": {"C": C, "analyzers": list(analyzers), "tfidf": "sublinear tf, l2 norm", "tuning": tuning},
        "training_data": source,
        "members": [_member_dict(a, vec, clf) for a, (vec, clf) in zip(analyzers, members)],
    }


def describe_source(path: str | os.PathLike, texts, labels, name: str | None, citation: str | None) -> dict:
    p = Path(path)
    known = KNOWN_SOURCES.get(p.name, {})
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    return {
        "file": p.name,
        "sha256": digest,
        "rows": len(texts),
        "positives": int(sum(labels)),
        "name": name or known.get("name") or p.name,
        "citation": citation or known.get("citation") or "desk triage decisions (accepted = 1, dismissed = 0)",
    }


def write_model(model: dict, out: str | os.PathLike) -> int:
    data = json.dumps(model, separators=(",", ":"), sort_keys=True).encode("utf-8")
    blob = gzip.compress(data, mtime=0) if str(out).endswith(".gz") else data
    Path(out).write_bytes(blob)
    return len(blob)
