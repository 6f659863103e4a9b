"""Scorer quality in and out of domain, with bootstrap intervals, and scorer throughput on one core.

Used by benchmarks/extraction.py (second table). Every model here is trained on ClaimBuster
crowdsourced only and uses the threshold chosen on that file; CheckThat 2019 is never tuned on.
"""
from __future__ import annotations

import csv
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FACTCHECK_ENCODER_THREADS", "1")       # one core: ORT's intra-op pool of one

from factcheck.extraction.metrics import average_precision, prf  # noqa: E402


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _scorers(names):
    from factcheck.extraction.scorers import get_scorer
    out, missing = {}, {}
    for n in names:
        try:
            out[n] = get_scorer(n)
        except Exception as exc:               # noqa: BLE001 -- the model extra or the trained encoder is absent
            missing[n] = str(exc)
    return out, missing


def _probs(scorer, texts):
    if hasattr(scorer, "probabilities"):
        return scorer.probabilities(texts)
    return [scorer.probability(t) for t in texts]


def tfidf_baseline(train):
    """The outside reference: plain TF-IDF + logistic regression fitted on the same training rows."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return None
    vec = TfidfVectorizer()
    clf = LogisticRegression(max_iter=2000).fit(vec.fit_transform([r["text"] for r in train]),
                                                [int(r["label"]) for r in train])

    class Baseline:
        threshold = 0.5

        def probabilities(self, texts):
            return [float(p) for p in clf.predict_proba(vec.transform(texts))[:, 1]]
    return Baseline()


def _ci(values):
    values = sorted(values)
    return values[int(0.025 * (len(values) - 1))], values[int(0.975 * (len(values) - 1))]


def in_domain(scores, labels, threshold, n_boot, seed=0):
    p, r, f = prf(scores, labels, threshold)
    rnd = random.Random(seed)
    n = len(labels)
    boots = []
    for _ in range(n_boot):
        idx = [rnd.randrange(n) for _ in range(n)]
        boots.append(prf([scores[i] for i in idx], [labels[i] for i in idx], threshold)[2])
    return {"p": p, "r": r, "f1": f, "ci": _ci(boots), "ap": average_precision(scores, labels)}


def out_of_domain(docs, scores, labels, threshold, n_boot, seed=0):
    """Pooled F1 and MAP over debates; 95% intervals from resampling whole debates (a cluster
    bootstrap: sentences of one debate are not independent)."""
    by = defaultdict(list)
    for i, d in enumerate(docs):
        by[d].append(i)
    names = sorted(by)
    per = {}
    for d in names:
        s, y = [scores[i] for i in by[d]], [labels[i] for i in by[d]]
        per[d] = {"f1": prf(s, y, threshold)[2], "ap": average_precision(s, y) if any(y) else None, "pos": sum(y),
                  "rows": len(y)}

    def pooled(ds):
        idx = [i for d in ds for i in by[d]]
        f = prf([scores[i] for i in idx], [labels[i] for i in idx], threshold)[2]
        aps = [per[d]["ap"] for d in ds if per[d]["ap"] is not None]
        return f, sum(aps) / len(aps)
    f, m = pooled(names)
    rnd = random.Random(seed)
    fb, mb = [], []
    for _ in range(n_boot):
        ds = [names[rnd.randrange(len(names))] for _ in names]
        a, b = pooled(ds)
        fb.append(a)
        mb.append(b)
    p, r, _ = prf(scores, labels, threshold)
    return {"f1": f, "f1_ci": _ci(fb), "map": m, "map_ci": _ci(mb), "p": p, "r": r,
            "ap": average_precision(scores, labels), "per": per}


def throughput(scorer, texts, repeats=3):
    """Sentences/s of CPU time (this process, all its threads: one-core equivalent), cold caches."""
    best = None
    for _ in range(repeats):
        if hasattr(scorer, "encoder"):
            scorer.encoder._cache.clear()
        elif hasattr(scorer, "_cache"):
            scorer._cache.clear()
        t = time.process_time()
        _probs(scorer, texts)
        dt = time.process_time() - t
        best = dt if best is None else min(best, dt)
    return len(texts) / best


def overlapping_debates(train, ct, share: float = 0.1) -> set[str]:
    """CheckThat debates of which more than `share` of the sentences (30+ characters) appear verbatim
    in the training file: the 2016 presidential debates are in ClaimBuster, so not out of domain."""
    seen = {r["text"].strip().lower() for r in train}
    hit, rows = defaultdict(int), defaultdict(int)
    for r in ct:
        rows[r["document"]] += 1
        hit[r["document"]] += len(r["text"]) > 30 and r["text"].strip().lower() in seen
    return {d for d in rows if hit[d] > share * rows[d]}


def scorer_tables(data: Path, names, baseline: bool, n_boot: int):
    train = read_csv(data / "claimbuster" / "claimbuster_crowdsourced.csv")
    gt = read_csv(data / "claimbuster" / "claimbuster_groundtruth.csv")
    ct = read_csv(data / "checkthat2019_task1_debates" / "train.csv")
    scorers, missing = _scorers([n.strip() for n in names if n.strip()])
    if baseline:
        b = tfidf_baseline(train)
        if b:
            scorers["TF-IDF+LR baseline"] = b
    gt_y = [int(r["label"]) for r in gt]
    overlap = overlapping_debates(train, ct)
    clean = [r for r in ct if r["document"] not in overlap]
    ct_y, docs = [int(r["label"]) for r in clean], [r["document"] for r in clean]
    all_y, all_docs = [int(r["label"]) for r in ct], [r["document"] for r in ct]
    rows, per_rows = [], {}
    speed_texts = [r["text"] for r in gt] + [r["text"] for r in ct[:2000]]
    for name, sc in scorers.items():
        g = in_domain(_probs(sc, [r["text"] for r in gt]), gt_y, sc.threshold, n_boot)
        ct_p = _probs(sc, [r["text"] for r in ct])
        o_all = out_of_domain(all_docs, ct_p, all_y, sc.threshold, n_boot)
        o = out_of_domain(docs, [p for p, r in zip(ct_p, ct) if r["document"] not in overlap], ct_y,
                          sc.threshold, n_boot)
        sps = throughput(sc, speed_texts)
        rows.append((f"{name} @ {sc.threshold}",
                     f"F1 {g['f1']:.3f} [{g['ci'][0]:.3f}-{g['ci'][1]:.3f}]  P {g['p']:.3f} R {g['r']:.3f}  AP {g['ap']:.3f}",
                     f"F1 {o['f1']:.3f} [{o['f1_ci'][0]:.3f}-{o['f1_ci'][1]:.3f}]  P {o['p']:.3f} R {o['r']:.3f}  "
                     f"AP {o['ap']:.3f}  MAP {o['map']:.3f} [{o['map_ci'][0]:.3f}-{o['map_ci'][1]:.3f}]",
                     f"F1 {o_all['f1']:.3f} [{o_all['f1_ci'][0]:.3f}-{o_all['f1_ci'][1]:.3f}]  "
                     f"MAP {o_all['map']:.3f} [{o_all['map_ci'][0]:.3f}-{o_all['map_ci'][1]:.3f}]",
                     f"{sps:,.0f}"))
        per_rows[name] = o_all["per"]
    for name, why in missing.items():
        rows.append((name, f"not run: {why}", "", "", ""))
    debates = sorted(next(iter(per_rows.values()))) if per_rows else []
    head = ["debate (positives/rows; * = in ClaimBuster)"] + [f"{n}: F1 / AP" for n in per_rows]
    debate_rows = [tuple(head)]
    for d in debates:
        first = next(iter(per_rows.values()))[d]
        debate_rows.append(tuple([f"{d}{' *' if d in overlap else ''} ({first['pos']}/{first['rows']})"] +
                                 [f"{per_rows[n][d]['f1']:.3f} / " + (f"{per_rows[n][d]['ap']:.3f}" if per_rows[n][d]['ap'] is not None else "-")
                                  for n in per_rows]))
    return rows, debate_rows
