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


def read_rows(path: str | os.PathLike, classes_column: str | None = None):
    """text,label rows; label 1/0 (also true/false, yes/no, accepted/dismissed).

    With classes_column (e.g. ClaimBuster's verdict_3class: 1 CFS, 0 UFS, -1 NFS) also returns
    that column, for a multinomial model scored by the probability of the label-1 class.
    """
    truthy, falsy = {"1", "true", "yes", "accepted", "checkworthy"}, {"0", "false", "no", "dismissed"}
    texts, labels, classes = [], [], []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise TrainingDataError(f"{path}: needs columns 'text' and 'label', found {str(reader.fieldnames)[:80]}")
        if classes_column and classes_column not in reader.fieldnames:
            raise TrainingDataError(f"{path}: no column {classes_column!r}")
        for i, row in enumerate(reader, start=2):
            lab = (row.get("label") or "").strip().lower()
            if lab not in truthy | falsy:
                raise TrainingDataError(f"{path}:{i}: label must be 1/0 (or accepted/dismissed), got {lab!r}")
            texts.append(row.get("text") or "")
            labels.append(1 if lab in truthy else 0)
            if classes_column:
                classes.append((row.get(classes_column) or "").strip())
    if len(set(labels)) < 2 or len(labels) < 10:
        raise TrainingDataError(f"{path}: needs at least 10 rows and both labels")
    if classes_column:
        pos = {c for c, y in zip(classes, labels) if y}
        if len(pos) != 1 or pos & {c for c, y in zip(classes, labels) if not y}:
            raise TrainingDataError(f"{path}: the label-1 rows must be exactly one value of {classes_column}")
        return texts, labels, classes
    return texts, labels


def _fit_member(analyzer: str, texts, labels, C: float, classes=None):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    min_df = DEFAULTS["min_df"][analyzer] if len(texts) > 2000 else 1
    vec = TfidfVectorizer(analyzer=ANALYZER_FUNCS[analyzer], sublinear_tf=True, min_df=min_df)
    X = vec.fit_transform(texts)
    target = labels if classes is None else classes
    clf = LogisticRegression(C=C, max_iter=5000).fit(X, target)
    if classes is not None:
        clf.positive_ = next(c for c, y in zip(classes, labels) if y)
    return vec, clf


def _member_dict(analyzer: str, vec, clf) -> dict:
    idf = vec.idf_
    if len(clf.classes_) == 2:
        coef = clf.coef_[0]
        weights = {f: [round(float(idf[j]), 4), round(float(coef[j]), 5)] for f, j in vec.vocabulary_.items()}
        return {"analyzer": analyzer, "intercept": float(clf.intercept_[0]), "weights": weights}
    # multinomial: p(positive) = 1 / (1 + sum_k exp(z_k - z_pos)); store the differences
    k_pos = list(clf.classes_).index(clf.positive_)
    others = [k for k in range(len(clf.classes_)) if k != k_pos]
    diff = clf.coef_[others] - clf.coef_[k_pos]
    weights = {f: [round(float(idf[j]), 4)] + [round(float(d), 5) for d in diff[:, j]]
               for f, j in vec.vocabulary_.items()}
    return {"analyzer": analyzer, "kind": "softmax", "classes": [str(c) for c in clf.classes_],
            "positive": str(clf.positive_),
            "intercepts": [float(clf.intercept_[k] - clf.intercept_[k_pos]) for k in others], "weights": weights}


def _predict(members, texts):
    import numpy as np
    out = []
    for vec, clf in members:
        proba = clf.predict_proba(vec.transform(texts))
        col = list(clf.classes_).index(getattr(clf, "positive_", 1))
        out.append(proba[:, col])
    return np.mean(out, axis=0)


def tune_threshold(texts, labels, analyzers, C, classes=None, folds: int = 5) -> tuple[float, dict]:
    """The threshold with the best mean F1 over stratified k-fold cross-validation of the
    training rows (every row is scored once, by a model that did not see it)."""
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold
    y = np.array(labels)
    grid = [round(t, 2) for t in np.arange(0.15, 0.86, 0.01)]
    scores = []
    for tr, va in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, y):
        tr_x = [texts[i] for i in tr]
        tr_c = None if classes is None else [classes[i] for i in tr]
        members = [_fit_member(a, tr_x, y[tr].tolist(), C, tr_c) for a in analyzers]
        p = _predict(members, [texts[i] for i in va])
        scores.append([f1_score(y[va], p >= t) for t in grid])
    mean = np.mean(scores, axis=0)
    best = int(np.argmax(mean))
    return grid[best], {"method": f"{folds}-fold stratified CV on the training rows, best mean F1",
                        "cv_f1": round(float(mean[best]), 4), "folds": folds}


def train(texts, labels, analyzers=("words",), C: float | None = None, source: dict | None = None,
          classes=None, command: str | None = None) -> dict:
    C = C or DEFAULTS["C"]
    threshold, tuning = tune_threshold(texts, labels, analyzers, C, classes)
    members = [_fit_member(a, texts, labels, C, classes) for a in analyzers]
    return {
        "format": FORMAT,
        "version": 2 if classes is not None else 1,
        "created": dt.date.today().isoformat(),
        "threshold": threshold,
        "params": {"C": C, "analyzers": list(analyzers), "tfidf": "sublinear tf, l2 norm, min_df 2",
                   "model": "multinomial logistic regression over the classes column, scored P(label-1 class)"
                   if classes is not None else "binary logistic regression",
                   "tuning": tuning, "command": command},
        "training_data": source,
        "members": [_member_dict(a, vec, clf) for a, (vec, clf) in zip(analyzers, members)],
    }


def describe_source(path: str | os.PathLike, texts, labels, name: str | None, citation: str | None) -> dict:
    p = Path(path)
    known = KNOWN_SOURCES.get(p.name, {})
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    return {
        "file": p.name,
        "path": str(path),
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
