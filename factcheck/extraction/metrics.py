"""Plain-Python evaluation metrics (no scikit-learn needed): P/R/F1 at a threshold, AP, MAP."""
from __future__ import annotations


def prf(scores, labels, threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def average_precision(scores, labels) -> float:
    """Mean of the precision at each positive, ranking by score (ties broken by input order)."""
    ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(ranked, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def evaluate(scores, labels, threshold: float) -> dict:
    p, r, f = prf(scores, labels, threshold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "average_precision": round(average_precision(scores, labels), 4),
            "rows": len(labels), "threshold": threshold}
