"""Benchmark of the claim extraction engine: quality, speed, memory. Prints one table.

    python benchmarks/extraction.py [--data-dir ../shared/data] [--repeats 5] [--no-baseline]
                                    [--scorers fast,encoder,ensemble] [--bootstrap 1000] [--only-scorers]

Quality: the installed scorer (trained on ClaimBuster crowdsourced, never on groundtruth) on
ClaimBuster groundtruth, side by side with a TF-IDF + logistic regression baseline fitted here
on the same training file (scikit-learn; skipped if not installed). Ranking: mean average
precision per transcript over all 19 CheckThat! 2019 training transcripts, scorer used as is
(no CheckThat data is trained on). Speed: sentences/s of extract() vs segment() alone (the
segmenter extract() uses) on the same articles in the same run, CPU time of one process (one
core), median of repeats; on the news-like articles and on the seeds as imported (x15). Memory: peak RSS of a
subprocess that extracts a 1 MB article.

Scorers (second table, benchmarks/scorers.py): fast, encoder and ensemble (those available) and
a plain TF-IDF + LR, all trained on ClaimBuster crowdsourced only, with their own thresholds
chosen on that file; scored in domain (ClaimBuster groundtruth) and out of domain (the 19 CheckThat
2019 debate transcripts, nothing tuned on them): F1 with a bootstrap 95% interval, AP, MAP over the
debates, per-debate F1 and AP; and each scorer's CPU throughput on one core in the same run.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.extraction import ArticleInput, extract  # noqa: E402
from factcheck.extraction.metrics import average_precision, prf  # noqa: E402
from factcheck.extraction.scorer import load_scorer  # noqa: E402


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def quality(data: Path, baseline: bool) -> list[tuple[str, str, str]]:
    train = read_csv(data / "claimbuster" / "claimbuster_crowdsourced.csv")
    test = read_csv(data / "claimbuster" / "claimbuster_groundtruth.csv")
    labels = [int(r["label"]) for r in test]
    scorer = load_scorer()
    scores = [scorer.probability(r["text"]) for r in test]
    p, r, f = prf(scores, labels, scorer.threshold)
    engine = f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  AP {average_precision(scores, labels):.3f}"
    rows = [("ClaimBuster groundtruth (1,032), check-worthy class",
             f"engine @ {scorer.threshold}: {engine}", "")]
    rows[0] = (rows[0][0], rows[0][1], "baseline not run")
    base_fit = _baseline(train) if baseline else None
    if base_fit:
        bs = base_fit([r["text"] for r in test])
        bp, br, bf = prf(bs, labels, 0.5)
        rows[0] = (rows[0][0], rows[0][1],
                   f"TF-IDF+LR @ 0.5: P {bp:.3f}  R {br:.3f}  F1 {bf:.3f}  AP {average_precision(bs, labels):.3f}")
    ct = read_csv(data / "checkthat2019_task1_debates" / "train.csv")
    rows.append(("CheckThat 2019 train, MAP over 19 transcripts", f"engine: {_map(ct, scorer.probability):.3f}",
                 f"{_map(ct, lambda t: base_fit([t])[0]):.3f}" if base_fit else "n/a"))
    return rows


def _baseline(train):
    from scorers import tfidf_baseline  # benchmarks/scorers.py: the one baseline fit

    baseline = tfidf_baseline(train)
    return baseline.probabilities if baseline else None


def _map(rows, score) -> float:
    docs = defaultdict(list)
    for r in rows:
        docs[r["document"]].append((score(r["text"]), int(r["label"])))
    aps = [average_precision([s for s, _ in v], [y for _, y in v]) for v in docs.values() if any(y for _, y in v)]
    return sum(aps) / len(aps)


def articles(data: Path, per_article: int = 40) -> list[str]:
    """News-like bodies: ClaimBuster sentences in paragraphs of 4, 40 sentences per article, plus the seed."""
    texts = [r["text"] for r in read_csv(data / "claimbuster" / "claimbuster_groundtruth.csv")]
    out = []
    for i in range(0, len(texts), per_article):
        chunk = texts[i:i + per_article]
        out.append("\n\n".join(" ".join(chunk[j:j + 4]) for j in range(0, len(chunk), 4)))
    seed = ROOT / "seeds" / "000_65ea208533dae351.txt"
    if seed.exists():
        out.append(seed.read_text(encoding="utf-8"))
    return out


def seed_bodies(times: int = 15) -> list[tuple[str, object]]:
    """The seed articles as the app imports them (read_document), repeated."""
    from factcheck.documents import read_document
    out = []
    for p in sorted((ROOT / "seeds").iterdir()):
        d = read_document(p.name, p.read_bytes(), 10_000_000)
        out.append((d.body, d.published_date))
    return out * times


def speed(bodies: list[tuple[str, object]], repeats: int) -> tuple[float, float, float, int]:
    """sentences/s (CPU time of this process, i.e. one core; median of repeats, interleaved) of
    extract(), of segment() alone (the segmenter extract() uses: syntok plus line handling) and
    of bare syntok, in the same run."""
    from syntok import segmenter

    from factcheck.extraction.segment import segment
    n_sent = sum(len(segment(b)) for b, _ in bodies)
    extract(ArticleInput(body=bodies[0][0]))                   # warm the model cache

    def seg_only():
        for b, _ in bodies:
            segment(b)

    def syntok_only():
        for b, _ in bodies:
            for paragraph in segmenter.analyze(b):
                for _ in paragraph:
                    pass

    def pipeline():
        from factcheck.extraction import scorers as chosen
        for s in chosen._CACHE.values():                    # the encoder's per-text cache starts cold
            getattr(s, "_cache", {}).clear()
        for b, d in bodies:
            extract(ArticleInput(body=b, published_date=d))
    seg, raw, full = [], [], []
    for _ in range(repeats):
        seg.append(_timed(seg_only))
        raw.append(_timed(syntok_only))
        full.append(_timed(pipeline))
    return (n_sent / statistics.median(full), n_sent / statistics.median(seg), n_sent / statistics.median(raw),
            n_sent)


def _timed(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


_MEM = r"""
import resource, sys, json
sys.path.insert(0, sys.argv[1])
from factcheck.extraction import ArticleInput, extract
from factcheck.extraction.scorer import load_scorer
load_scorer()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
body = open(sys.argv[2], encoding="utf-8").read()
claims = extract(ArticleInput(body=body))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kb": before, "after_kb": after, "claims": len(claims), "chars": len(body)}))
"""


def memory(bodies: list[str]) -> dict:
    import tempfile
    text = ""
    i = 0
    while len(text) < 1_000_000:
        text += bodies[i % len(bodies)] + "\n\n"
        i += 1
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(text[:1_000_000])
    out = subprocess.run([sys.executable, "-c", _MEM, str(ROOT), fh.name], capture_output=True, text=True, check=True)
    Path(fh.name).unlink()
    return json.loads(out.stdout)


def default_data_dir() -> str:
    """../shared/data beside the checkout, else this workplace's /work/shared/data (a clone elsewhere)."""
    for candidate in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return str(candidate)
    return str(ROOT.parent / "shared" / "data")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default=default_data_dir())
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--scorers", default="fast,encoder,ensemble")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--only-scorers", action="store_true", help="print only the scorer table")
    ap.add_argument("--per-debate", action="store_true", help="also print F1 and AP per CheckThat debate")
    args = ap.parse_args()
    data = Path(args.data_dir)
    if not (data / "claimbuster" / "claimbuster_groundtruth.csv").exists():
        print(f"labelled data not found at {data} (pass --data-dir); the product does not need it, the benchmark does")
        return 2
    from scorers import scorer_tables
    scorer_rows, debate_rows = scorer_tables(data, args.scorers.split(","), not args.no_baseline, args.bootstrap)
    if args.only_scorers:
        _print(scorer_rows, ("scorer", "ClaimBuster groundtruth (in domain)", "CheckThat 2019, 16 debates not in ClaimBuster (out of domain)",
                             "all 19 (3 overlap ClaimBuster)", "CPU sentences/s, one core"))
        if args.per_debate:
            _print(debate_rows)
        return 0
    rows = quality(data, not args.no_baseline)
    bodies = articles(data)
    for label, set_ in (("news-like", [(b, None) for b in bodies]), ("seeds x15", seed_bodies())):
        full, seg, raw, n = speed(set_, args.repeats)
        rows.append((f"speed, {label}: {n} sentences in {len(set_)} articles (CPU, median of {args.repeats})",
                     f"pipeline {full:,.0f} sent/s = {full / seg:.0%} of segmentation",
                     f"segment() {seg:,.0f} sent/s; bare syntok {raw:,.0f}"))
    from factcheck.extraction.scorers import get_scorer
    try:
        get_scorer("ensemble")
        os.environ["FACTCHECK_SCORER"] = "ensemble"
        full, seg, raw, n = speed([(b, None) for b in bodies], args.repeats)
        rows.append((f"speed, news-like, FACTCHECK_SCORER=ensemble (CPU, median of {args.repeats})",
                     f"pipeline {full:,.0f} sent/s = {full / seg:.0%} of segmentation", f"segment() {seg:,.0f} sent/s"))
    except Exception as exc:              # noqa: BLE001 -- no model extra / no trained encoder
        rows.append(("speed, news-like, ensemble scorer", f"not run: {exc}", ""))
    finally:
        os.environ.pop("FACTCHECK_SCORER", None)
    mem = memory(bodies)
    rows.append(("peak RSS, 1 MB article (subprocess)", f"{mem['after_kb'] / 1024:.0f} MB "
                 f"({mem['claims']} candidates)", f"after import + model load {mem['before_kb'] / 1024:.0f} MB"))
    _print(rows)
    _print(scorer_rows, ("scorer", "ClaimBuster groundtruth (in domain)",
                         "CheckThat 2019, 16 debates not in ClaimBuster (out of domain)",
                         "all 19 (3 overlap ClaimBuster)", "CPU sentences/s, one core"))
    if args.per_debate:
        _print(debate_rows)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    return 0


def _print(rows, head=None) -> None:
    rows = list(rows)
    if head is None:
        head, rows = (("measure", "engine", "baseline / reference"), rows) if len(rows[0]) == 3 else (rows[0], rows[1:])
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    for r in [head] + rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
        if r is head:
            print(line)
    print(line)


if __name__ == "__main__":
    sys.exit(main())
