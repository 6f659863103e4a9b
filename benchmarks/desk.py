"""Time the triage queue at scale: build a database of N claims (100,000 by default) with fast bulk
inserts, then time the queue page through the Flask test client and print a table of medians.

    .venv/bin/python benchmarks/desk.py                       # a temporary SQLite file
    .venv/bin/python benchmarks/desk.py --database-url postgresql://postgres@127.0.0.1:55433/postgres --reset

--reset empties the database's public schema (PostgreSQL) first; without it an existing benchmark
database with enough claims is reused.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import JSON, func, insert, literal, select, text  # noqa: E402

from factcheck import create_app, migrate  # noqa: E402
from factcheck.db import make_engine  # noqa: E402
from factcheck.extraction import CLAIM_TYPES  # noqa: E402
from factcheck.models import Appearance, Article, Claim, User  # noqa: E402
from factcheck.services.accounts import HASHER  # noqa: E402

PASSWORD = "benchmark password"
STATUSES = ["new"] * 16 + ["queued", "researching", "dismissed", "published"]
SPEAKERS = [f"Speaker {n}" for n in range(200)]


def build(engine, claims: int, batch: int = 5000) -> None:
    rng = random.Random(4)
    start = datetime(2024, 1, 1)
    with engine.begin() as connection:
        connection.execute(insert(User), [{"email": "bench@example.org", "name": "Bench Reviewer", "role": "reviewer",
                                           "password_hash": HASHER.hash(PASSWORD), "active": True,
                                           "created_at": start}])
        articles = max(1, claims // 100)
        connection.execute(insert(Article), [
            {"title": f"Article {n}", "outlet": f"Outlet {n % 40}", "body": f"Body of article {n}.",
             "content_hash": f"{n:064d}", "published_date": date(2024, 1, 1) + timedelta(days=n % 365),
             "kind": "article", "ingested_at": start} for n in range(articles)])
        article_ids = list(connection.scalars(select(Article.id).order_by(Article.id)))
        for offset in range(0, claims, batch):
            connection.execute(insert(Claim), [claim_row(rng, n, article_ids, start)
                                               for n in range(offset, min(claims, offset + batch))])
        connection.execute(insert(Appearance).from_select(  # each claim's original appearance, as intake makes it
            ["claim_id", "kind", "article_id", "span_start", "span_end", "extra_spans", "text",
             "speaker_as_written", "appeared_on", "created_at"],
            select(Claim.id, literal("article"), Claim.article_id, literal(0), literal(10), literal([], JSON),
                   Claim.text, Claim.speaker, Claim.appeared_on, Claim.created_at)))
        connection.execute(text("ANALYZE"))


def claim_row(rng: random.Random, n: int, article_ids: list[int], start: datetime) -> dict:
    article_id = article_ids[n % len(article_ids)]
    created = start + timedelta(minutes=n)
    return {"article_id": article_id, "text": f"Claim {n}: unemployment rose by {n % 97} percent in {2000 + n % 24}.",
            "speaker": rng.choice(SPEAKERS),
            "attribution": "said", "claim_types": rng.sample(CLAIM_TYPES, rng.randint(1, 2)),
            "score": round(rng.random(), 4), "reasons": ["contains a number", "names a speaker"],
            "entities": [], "numbers": [], "status": rng.choice(STATUSES), "priority": 0,
            "appeared_on": date(2024, 1, 1) + timedelta(days=(article_id % 365)),
            "created_at": created, "updated_at": created, "status_changed_at": created, "version": 1}


def prepare(url: str, claims: int, reset: bool):
    engine = make_engine(url)
    if reset and engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(engine)
    with engine.connect() as connection:
        existing = connection.scalar(select(func.count()).select_from(Claim))
    if existing < claims:
        if existing:
            raise SystemExit(f"The database has {existing} claims, fewer than {claims}: use --reset or a new database.")
        began = time.perf_counter()
        build(engine, claims)
        print(f"built {claims:,} claims in {time.perf_counter() - began:.1f} s ({engine.dialect.name})")
    return engine


def deep_cursor(engine, depth: int) -> str:
    """The keyset cursor of the claim `depth` rows into the default order (what "next page" links carry)."""
    with engine.connect() as connection:
        score, claim_id = connection.execute(
            select(Claim.score, Claim.id).where(Claim.status == "new")
            .order_by(Claim.score.desc(), Claim.id.desc()).offset(depth).limit(1)).one()
    return f"{score!r}~{claim_id}"


def time_page(client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm: templates compiled, connections open
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    rows = response.text.count('<tr id="claim-')
    return statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1], rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reset", action="store_true", help="empty a PostgreSQL database's public schema first")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="factcheck-bench-")
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    engine = prepare(url, args.claims, args.reset)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": workdir, "SECRET_KEY": "bench", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "1000 per minute"})
    client = app.test_client()
    assert client.post("/login", data={"email": "bench@example.org", "password": PASSWORD}).status_code == 302
    cases = [
        ("first page (new, by score)", "/desk/"),
        ("deep keyset page (~40,000 rows in)", f"/desk/?after={deep_cursor(engine, 40_000)}&page=801"),
        ("filtered (type + score range)", "/desk/?type=causal&min_score=0.3&max_score=0.9"),
        ("filtered (speaker, oldest first)", "/desk/?speaker=Speaker+7&sort=oldest"),
        ("filtered (outlet, by article date)", "/desk/?outlet=Outlet+3&sort=article_date"),
    ]
    print(f"\n{engine.dialect.name}, {args.claims:,} claims, median of {args.runs} runs\n")
    print(f"| {'page':40} | {'median ms':>9} | {'p95 ms':>7} | {'rows':>4} |")
    print(f"|{'-' * 42}|{'-' * 11}|{'-' * 9}|{'-' * 6}|")
    for label, page_url in cases:
        median, p95, rows = time_page(client, page_url, args.runs)
        print(f"| {label:40} | {median:9.1f} | {p95:7.1f} | {rows:4} |")
    engine.dispose()
    app.extensions["factcheck.engine"].dispose()


if __name__ == "__main__":
    main()
