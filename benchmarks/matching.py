"""Claim matching on CheckThat! 2022 task 2A (tweets -> the Snopes claim they repeat), or any claims and
pairs files with the same columns (claims: claim_id,claim,...; pairs: query_id,query,matched_claim_id,split).

The claims go into a throwaway migrated database as Claim rows and are indexed by factcheck.matching's
own reindex(); each query of the split is answered by similar(). Also measured in the same run: a plain
TF-IDF cosine over all claims (scikit-learn, the outside reference), the false-match rate on generated
near-paraphrases with another meaning (negated, another number, another year), and the latency of one
similar() with 100,000 claims stored (extra claims made by bulk insert).

    .venv/bin/python benchmarks/matching.py --split dev --json
    .venv/bin/python benchmarks/matching.py --split dev --database-url postgresql://postgres@127.0.0.1:55432/bench
    .venv/bin/python benchmarks/matching.py --split train --tune      # threshold and weight choice (train only)

A PostgreSQL database given with --database-url is emptied (its public schema is dropped).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from factcheck import matching, migrate  # noqa: E402
from factcheck.db import make_engine, make_sessionmaker  # noqa: E402
from factcheck.matching import index as match_index  # noqa: E402
from factcheck.matching import semantic  # noqa: E402
from factcheck.models import Claim  # noqa: E402

DATA = "data/checkthat2022_task2a_en"


def default_file(name: str) -> str | None:
    sys.path.insert(0, str(ROOT / "tests"))
    from support.shared import shared_dir
    path = shared_dir() / DATA / name
    return str(path) if path.exists() else None


def read_rows(path: str) -> list[dict]:
    csv.field_size_limit(10_000_000)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fresh_database(url: str | None):
    url = url or f"sqlite:///{tempfile.mkdtemp(prefix='match-bench-')}/bench.db"
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(engine)
    return engine


def load_claims(session, rows: list[dict], batch: int = 5000) -> dict[int, str]:
    """Bulk insert the claims as Claim rows, each fact-checked claim with a published verdict whose
    headline is the file's title (when it has one); returns database id -> the file's claim_id."""
    names = [row["claim_id"] for row in rows]
    for start in range(0, len(rows), batch):
        session.execute(insert(Claim), [{"text": row["claim"][:5000], "status": "new",
                                         "claim_types": [], "reasons": [], "entities": [], "numbers": []}
                                        for row in rows[start:start + batch]])
    ids = list(session.scalars(select(Claim.id).order_by(Claim.id)))[-len(names):]
    verdicts = [{"claim": cid, "headline": row["title"][:200], "slug": f"bench-{cid}"}
                for cid, row in zip(ids, rows) if row.get("title")]
    session.execute(text("INSERT INTO verdicts (claim_id, headline, summary, body, slug, created_at, updated_at, "
                         "published_at) VALUES (:claim, :headline, '', '', :slug, :now, :now, :now)"),
                    [v | {"now": datetime(2020, 1, 1)} for v in verdicts])
    return dict(zip(ids, names))


def queries_of(pairs: list[dict], split: str) -> dict[str, tuple[str, set[str]]]:
    found: dict[str, tuple[str, set[str]]] = {}
    for row in pairs:
        if row["split"] == split:
            found.setdefault(row["query_id"], (row["query"], set()))[1].add(row["matched_claim_id"])
    return found


def metrics(ranks: list[int | None]) -> dict:
    n = max(len(ranks), 1)
    return {"p_at_1": round(sum(r == 1 for r in ranks) / n, 3),
            "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
            "recall_at_5": round(sum(1 for r in ranks if r and r <= 5) / n, 3), "queries": len(ranks)}


def rank_of(found: list[str], wanted: set[str]) -> int | None:
    return next((i for i, name in enumerate(found, 1) if name in wanted), None)


def run_queries(session, names: dict[int, str], queries: dict) -> tuple[list[int | None], list[tuple]]:
    ranks, scored = [], []
    for query, wanted in queries.values():
        found = matching.similar(session, query, limit=10, min_score=0.0)
        ranks.append(rank_of([names.get(m.claim_id) for m in found], wanted))
        scored.append((found[0].score if found else 0.0, bool(found) and names.get(found[0].claim_id) in wanted))
    return ranks, scored


def tfidf_baseline(claims: list[dict], queries: dict) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([row["claim"] for row in claims])
    names = [row["claim_id"] for row in claims]
    ranks = []
    for query, wanted in queries.values():
        similarity = linear_kernel(vectorizer.transform([query]), matrix).ravel()
        top = similarity.argsort()[::-1][:10]
        ranks.append(rank_of([names[i] for i in top], wanted))
    return metrics(ranks)


AUXILIARIES = re.compile(r"\b(is|are|was|were|has|have|had|will|can|could|would|should|does|did|do)\b")
NUMBER = re.compile(r"(?<![\w.,])(\d+)(?![\w.,]*\d)(?!\w)")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")


def negate(claim: str) -> str | None:
    if re.search(r"\b(not|never|no|n't)\b", claim):
        return None
    if AUXILIARIES.search(claim):
        return AUXILIARIES.sub(lambda m: m.group(1) + " not", claim, count=1)
    return "It is not true that " + claim[0].lower() + claim[1:]


def change_number(claim: str) -> str | None:
    for match in NUMBER.finditer(claim):
        if not YEAR.fullmatch(match.group(1)):
            value = int(match.group(1))
            return claim[:match.start()] + str(value * 3 + 7) + claim[match.end():]
    return None


def change_year(claim: str) -> str | None:
    match = YEAR.search(claim)
    return claim[:match.start()] + str(int(match.group(1)) - 3) + claim[match.end():] if match else None


def false_matches(session, names: dict[int, str], claims: list[dict], sample: int = 400) -> dict:
    """Share of generated different-meaning variants whose original claim is called the same claim."""
    by_name = {name: claim_id for claim_id, name in names.items()}
    rng = random.Random(7)
    pool = rng.sample(claims, min(len(claims), 4000))
    counts, same = {}, {}
    for kind, make in (("negation", negate), ("number", change_number), ("year", change_year)):
        made = [(row, v) for row in pool if (v := make(row["claim"])) and v != row["claim"]][:sample]
        counts[kind] = len(made)
        same[kind] = sum(1 for row, variant in made if any(
            m.claim_id == by_name[row["claim_id"]] and m.kind == matching.MatchKind.SAME_CLAIM
            for m in matching.similar(session, variant, limit=3)))
    total = sum(counts.values())
    return {"pairs": total, "called_same": sum(same.values()),
            "rate": round(sum(same.values()) / max(total, 1), 4),
            "by_kind": {k: {"pairs": counts[k], "called_same": same[k]} for k in counts}}


def grow(session, claims: list[dict], target: int, batch: int = 5000) -> int:
    """Bulk insert made-up claims (words of real ones, shuffled) until `target` claims are stored."""
    present = session.scalar(select(text("count(*)")).select_from(Claim))
    rng = random.Random(11)
    vocabulary = [w for row in rng.sample(claims, min(3000, len(claims))) for w in row["claim"].split()]
    made = 0
    while present + made < target:
        n = min(batch, target - present - made)
        rows = [{"text": " ".join(rng.choices(vocabulary, k=rng.randint(8, 25))), "status": "new",
                 "claim_types": [], "reasons": [], "entities": [], "numbers": []}
                for _ in range(n)]
        first = session.execute(insert(Claim).returning(Claim.id), rows).scalars().all()
        documents = [match_index.Document("claim", cid, cid, row["text"]) for cid, row in zip(first, rows)]
        match_index.add_many(session, documents)
        made += n
    session.commit()
    if session.get_bind().dialect.name == "postgresql":  # what autovacuum's analyze would do by itself
        session.execute(text("ANALYZE"))
        session.commit()
    return present + made


def latency(session, queries: dict, rounds: int = 1) -> dict:
    times = []
    texts = [query for query, _ in queries.values()]
    for _ in range(rounds):
        for query in texts:
            start = time.perf_counter()
            matching.similar(session, query, limit=10)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"calls": len(times), "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2)}


def ingest_latency(session, claims: list[dict], articles: int = 10, per_article: int = 30) -> dict:
    """An article of `per_article` claim sentences through the app's intake (extraction, claims,
    appearances) and matching: factcheck.services.intake.ingest, then match_new_claims for the claims
    it created unless ingest already matched them (it does once intake calls the matcher itself)."""
    from factcheck.documents import ArticleDraft
    from factcheck.models import ClaimMatch
    from factcheck.services import intake
    from factcheck.services.matching import match_new_claims
    rng = random.Random(13)
    pool = [row["claim"].strip() for row in claims if 40 <= len(row["claim"].strip()) <= 200]
    times, made, matched_in_ingest = [], [], False
    for n in range(articles):
        sentences = [c if c.endswith((".", "!", "?")) else c + "." for c in rng.sample(pool, per_article)]
        body = "\n\n".join(f"{s} The minister said on Tuesday that {s[0].lower()}{s[1:]}" if i % 3 == 0 else s
                             for i, s in enumerate(sentences))
        start = time.perf_counter()
        result = intake.ingest(session, None, ArticleDraft(title=f"Bench article {n}", body=body,
                                                            outlet="Bench", published_date=datetime(2024, 1, 1).date()))
        ids = [c.id for c in result.article.claims]
        matched_in_ingest = session.scalar(select(text("count(*)")).select_from(ClaimMatch).where(
            ClaimMatch.claim_id.in_(ids))) > 0 if ids else False
        if not matched_in_ingest:
            match_new_claims(session, ids)
        times.append((time.perf_counter() - start) * 1000)
        made.append(len(ids))
    times.sort()
    return {"articles": articles, "claims_per_article": round(statistics.mean(made), 1),
            "median_ms": round(statistics.median(times), 1), "max_ms": round(times[-1], 1),
            "matching_inside_ingest": matched_in_ingest}


def tune(scored: list[tuple[float, bool]]) -> dict:
    """HIGH: lowest score where >= 95% of the top candidates scoring at least that were right;
    LOW: the score under which fewer than 1 in 5 top candidates were right."""
    ordered = sorted(scored, reverse=True)
    high = None
    right = 0
    for i, (score, correct) in enumerate(ordered, 1):
        right += correct
        if right / i >= 0.95:
            high = score
    low = None
    for threshold in [x / 100 for x in range(5, 80)]:
        band = [c for s, c in scored if threshold <= s < threshold + 0.05]
        if band and sum(band) / len(band) >= 0.2:
            low = threshold
            break
    return {"high": high, "low": low}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", default=default_file("claims.csv"))
    parser.add_argument("--pairs", default=default_file("pairs.csv"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--semantic", action="store_true", help="the semantic extra's re-ranker too")
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use (default: a temp SQLite)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--tune", action="store_true", help="suggest thresholds on this split (train only)")
    parser.add_argument("--latency-claims", type=int, default=100_000, help="0 skips the latency part")
    parser.add_argument("--no-ingest", action="store_true", help="skip the 30-claim article ingest timing")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if not args.claims or not args.pairs:
        sys.exit("Give --claims and --pairs (the CheckThat! 2022 task 2A files were not found).")
    if args.semantic and not semantic.enable():
        sys.exit("The semantic extra is not installed: pip install 'factcheck[semantic]'.")
    claims, pairs = read_rows(args.claims), read_rows(args.pairs)
    queries = queries_of(pairs, args.split)
    engine = fresh_database(args.database_url)
    session = make_sessionmaker(engine)()
    started = time.perf_counter()
    names = load_claims(session, claims)
    matching.reindex(session)
    session.commit()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    load_seconds = time.perf_counter() - started
    ranks, scored = run_queries(session, names, queries)
    result = {"database": engine.dialect.name, "split": args.split, "semantic": semantic.enabled(),
              "claims": len(claims), "load_seconds": round(load_seconds, 1),
              "thresholds": {"high": matching.HIGH, "low": matching.LOW}}
    if args.tune:
        result["tuned"] = tune(scored)
    result["tfidf_baseline"] = tfidf_baseline(claims, queries)
    result["false_match"] = false_matches(session, names, claims)
    if args.latency_claims:
        result["latency"] = {"claims_stored": grow(session, claims, args.latency_claims),
                             **latency(session, queries)}
        if not args.no_ingest:
            result["ingest_30_claims"] = ingest_latency(session, claims)
    result.update(metrics(ranks))
    session.close()
    engine.dispose()
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
