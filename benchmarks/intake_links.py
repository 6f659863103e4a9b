"""Intake from links: articles per second through `factcheck import URL…` of linked pages served from
loopback (~800 words each, a news page's navigation and footer around them), beside, in the same run
and interleaved: the same pages imported as .html files (`factcheck import FOLDER`, no network, our own
HTML reader), the bare fetches (factcheck.fetching), and bare trafilatura on the same HTML.

    .venv/bin/python benchmarks/intake_links.py [--pages 50] [--words 800] [--repeats 3]

`run_links(args, database)` is the same table as a section of benchmarks/intake.py's runner.
Each import goes into a fresh migrated SQLite database (the content hash would skip a second copy).
Times are wall-clock (perf_counter).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from factcheck import create_app, migrate  # noqa: E402
from factcheck.cli import main as factcheck_cli  # noqa: E402
from factcheck.db import make_engine  # noqa: E402
from factcheck.fetching import FetchPolicy, fetch  # noqa: E402
from factcheck.models import Article, Claim  # noqa: E402
from tests.support.pages import Pages  # noqa: E402

NAMES = ["Maria Okafor", "Daniel Hart", "Ana Morales", "Li Wei", "Thomas Becker", "Priya Raman"]
ORGS = ["the Statistics Office", "the Treasury", "the city council", "the Transport Authority", "the central bank"]
METRICS = ["unemployment", "inflation", "recorded crime", "rents in the capital", "bus ridership", "energy prices"]
PROSE = ["Reporters gathered outside the building before the announcement began.",
         "The committee is expected to publish its full report later this month.",
         "Officials declined to say when a final decision would be made.",
         "Critics have questioned whether the plan can be delivered on schedule."]


def sentence(rng: random.Random) -> str:
    metric, year, pct = rng.choice(METRICS), rng.randint(2015, 2024), rng.randint(2, 60)
    claim = rng.choice([f"{metric} rose by {pct}% in {year}", f"{metric} fell by {pct}% since {year - 5}",
                        f"{rng.choice(ORGS)} will spend ${rng.randint(5, 900)} million on {metric} by {year + 3}"])
    form = rng.random()
    if form < 0.3:
        return f'"{claim[0].upper() + claim[1:]}," {rng.choice(NAMES)} said on Tuesday.'
    if form < 0.55:
        return f"According to {rng.choice(ORGS)}, {claim}."
    return rng.choice(PROSE)


def page(rng: random.Random, number: int, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(f"<p>{text}</p>")
        count += len(text.split())
    title = f"What the council heard, report {number}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Lakeshore Gazette</title>'
            f'<meta property="og:site_name" content="Lakeshore Gazette"><meta name="author" content="Lois Lane">'
            f'<meta property="article:published_time" content="2024-03-{1 + number % 28:02d}T09:00:00Z"></head><body>'
            '<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>'
            f"<main><article><h1>{title}</h1>{''.join(paragraphs)}</article></main>"
            "<aside><h2>Most read</h2><ul><li><a href='/x'>Another story</a></li></ul></aside>"
            "<footer>© Lakeshore Gazette. <a href='/privacy'>Privacy</a></footer></body></html>")


def fresh_app(workdir: str, number: int):
    url = f"sqlite:///{workdir}/links-{number}.db"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return create_app({"DATABASE_URL": url, "INSTANCE_PATH": workdir, "SECRET_KEY": "bench",
                       "FETCH_ALLOWED_HOSTS": ["127.0.0.1"]})


def timed(fn) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def cli(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(factcheck_cli, ["import", *args])
    if result.exit_code != 0:
        raise SystemExit(f"factcheck import failed: {result.output[-2000:]}")
    return result.output


def counts(app) -> tuple[int, int]:
    with app.extensions["factcheck.sessionmaker"]() as session:
        return (session.scalar(select(func.count()).select_from(Article)),
                session.scalar(select(func.count()).select_from(Claim)))


def run_links(args, database=None) -> None:
    import trafilatura

    rng = random.Random(5)
    htmls = [page(rng, n, args.words) for n in range(args.pages)]
    workdir = database.workdir if database is not None else tempfile.mkdtemp(prefix="factcheck-links-bench-")
    folder = Path(tempfile.mkdtemp(prefix="pages-", dir=workdir))
    for n, html in enumerate(htmls):
        (folder / f"page-{n:03d}.html").write_text(html, encoding="utf-8")
    words = statistics.mean(len(trafilatura.extract(h).split()) for h in htmls[:5])
    policy = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}))
    print(f"{args.pages} linked pages from 127.0.0.1, {sum(map(len, htmls)) / len(htmls) / 1024:.0f} KB and ~{words:.0f} "
          f"article words each; per run a fresh SQLite database for each import\n")
    print(f"{'run':>4} {'links s':>8} {'links/s':>8} {'files s':>8} {'files/s':>8} {'fetch s':>8} "
          f"{'trafilatura s':>14} {'articles':>9} {'claims':>7}")
    rows = []
    with Pages() as pages:
        urls = [pages.put(f"/news/{n}", html) for n, html in enumerate(htmls)]
        for run in range(1, args.repeats + 1):
            app = fresh_app(workdir, 2 * run)
            links, _ = timed(lambda: cli(app, *urls))  # noqa: B023
            articles, claims = counts(app)
            app.extensions["factcheck.engine"].dispose()
            files_app = fresh_app(workdir, 2 * run + 1)
            files, _ = timed(lambda: cli(files_app, str(folder)))  # noqa: B023
            files_app.extensions["factcheck.engine"].dispose()
            fetching, _ = timed(lambda: [fetch(u, policy) for u in urls])
            extracting, _ = timed(lambda: [trafilatura.bare_extraction(h, with_metadata=True) for h in htmls])
            if articles != args.pages:
                raise SystemExit(f"only {articles} of {args.pages} links became articles")
            rows.append((links, args.pages / links, files, args.pages / files, fetching, extracting))
            print(f"{run:>4} {links:>8.2f} {args.pages / links:>8.1f} {files:>8.2f} {args.pages / files:>8.1f} "
                  f"{fetching:>8.2f} {extracting:>14.2f} {articles:>9} {claims:>7}")
    m = [statistics.median(column) for column in zip(*rows)]
    print(f"{'med.':>4} {m[0]:>8.2f} {m[1]:>8.1f} {m[2]:>8.2f} {m[3]:>8.1f} {m[4]:>8.2f} {m[5]:>14.2f}")
    print(f"\n`factcheck import URL…`: {m[1]:.1f} articles/s; the same pages as files: {m[3]:.1f} articles/s; "
          f"of a link's time, fetching is {m[4] / m[0]:.0%} and trafilatura {m[5] / m[0]:.0%}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--repeats", type=int, default=3)
    run_links(parser.parse_args(argv))


if __name__ == "__main__":
    main()
