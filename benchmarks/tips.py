"""A reader's tip answered (match + response) through the app, with 100,000 claims stored, beside a
5-line Flask app answering a JSON POST in the same run (sides interleaved), on SQLite or PostgreSQL.

    python benchmarks/tips.py [--claims FILE] [--database-url URL] [--stored 100000] [--tips 200]

The tips are the CheckThat! 2022 dev tweets (each repeats a checked claim), so most are answered
"we checked this" on the spot; the rest become new claims, as in production.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matching as bench  # noqa: E402  (benchmarks/matching.py: the same loading code)
from flask import Flask, jsonify, request  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck import matching as factcheck_matching  # noqa: E402
from factcheck.db import make_sessionmaker  # noqa: E402


def five_line_app() -> Flask:
    app = Flask("reference")
    app.add_url_rule("/tips", "tips", lambda: (jsonify({"received": request.get_json()["text"][:20]}), 201),
                     methods=["POST"])
    return app


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", default=bench.default_file("claims.csv"))
    parser.add_argument("--pairs", default=bench.default_file("pairs.csv"))
    parser.add_argument("--database-url")
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--tips", type=int, default=200)
    args = parser.parse_args()
    claims, pairs = bench.read_rows(args.claims), bench.read_rows(args.pairs)
    engine = bench.fresh_database(args.database_url)
    session = make_sessionmaker(engine)()
    bench.load_claims(session, claims)
    factcheck_matching.reindex(session)
    session.commit()
    stored = bench.grow(session, claims, args.stored)
    session.close()
    url = engine.url.render_as_string(hide_password=False)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tempfile.mkdtemp(), "SECRET_KEY": "bench",
                      "TIP_RATE_LIMIT": "1000000 per minute"})
    ours, reference = app.test_client(), five_line_app().test_client()
    texts = [text for text, _ in bench.queries_of(pairs, "dev").values()][: args.tips]
    timings: dict[str, list[float]] = {"factcheck POST /api/v1/tips": [], "5-line Flask app, same POST": []}
    answered = 0
    for text in texts:  # interleaved: one of ours, one of the reference
        for name, client in (("factcheck POST /api/v1/tips", ours), ("5-line Flask app, same POST", reference)):
            start = time.perf_counter()
            response = client.post("/api/v1/tips" if client is ours else "/tips", json={"text": text[:1000]})
            timings[name].append((time.perf_counter() - start) * 1000)
            if client is ours:
                answered += response.get_json().get("status") == "answered"
    print(f"{engine.dialect.name}, {stored:,} claims stored, {len(texts)} tips ({answered} answered on the spot)")
    print(f"{'':34}{'median ms':>10}{'p95 ms':>9}")
    for name, values in timings.items():
        print(f"{name:34}{statistics.median(values):>10.1f}{percentile(values, 0.95):>9.1f}")


if __name__ == "__main__":
    main()
