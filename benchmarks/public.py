"""Public-site benchmark: a verdict page vs a bare endpoint under gunicorn, and the static export.

    .venv/bin/python benchmarks/public.py [--verdicts 10000] [--duration 10] [--connections 16]

Seeds a fresh SQLite database in a temporary instance folder (rows shaped as the services write
them), serves it with gunicorn (production settings: TESTING off, migrations checked, sync workers,
2 x CPUs + 1) and loads it with wrk (apt-get install -y wrk) or, without wrk, a threaded
http.client loop. The bare endpoint returns a constant string from the same app (registered only
by this file's app factory), so the ratio shows what the verdict page costs on top of Flask itself.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_app():
    """gunicorn entry point: the real app plus /bench/bare (a constant string)."""
    from factcheck import create_app

    app = create_app()

    @app.get("/bench/bare")
    def bare():
        return "ok"

    return app


def seed(url: str, count: int) -> str:
    """`count` published verdicts with evidence and a first revision; returns one slug."""
    from factcheck import migrate
    from factcheck.db import make_engine, make_sessionmaker
    from factcheck.models import Claim, Evidence, User, Verdict, VerdictRevision

    engine = make_engine(url)
    migrate.upgrade(engine)
    session = make_sessionmaker(engine)()
    author = User(email="r@bench", name="Riley Reviewer", role="reviewer", password_hash="x")
    editor = User(email="e@bench", name="Eden Editor", role="editor", password_hash="x")
    session.add_all([author, editor])
    session.flush()
    start = datetime(2020, 1, 1)
    for first in range(0, count, 1000):
        claims = [Claim(text=f"Crime rose by {n}% in 2022, the minister said.", speaker=f"Speaker {n % 300}",
                        status="published", claim_types=["quantity"], reasons=[], claim_date=date(2022, 1, 1))
                  for n in range(first, min(count, first + 1000))]
        session.add_all(claims)
        session.flush()
        for n, claim in enumerate(claims, start=first):
            when = start + timedelta(hours=n)
            verdict = Verdict(claim_id=claim.id, rating_id=1 + n % 8, headline=f"Claim {n} about crime checked",
                              summary="Police figures show a 3% rise, not the figure quoted.",
                              body="## What the data says\n\nThe police statistics [1] show a rise of 3%. " * 6,
                              author_id=author.id, editor_id=editor.id, slug=f"claim-{n}-about-crime-checked",
                              published_at=when, modified_at=when)
            session.add(verdict)
            session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/crime",
                                 title="Recorded crime", publisher="Statistics Office", source_kind="primary",
                                 archive_url="https://archive.example.org/crime", published_date=date(2024, 1, 1)))
        session.flush()
        session.add_all([VerdictRevision(verdict_id=v.id, number=1, rating_id=v.rating_id, headline=v.headline,
                                         summary=v.summary, body=v.body)
                         for v in session.query(Verdict).filter(Verdict.revisions == None)])  # noqa: E711
        session.commit()
    session.close()
    engine.dispose()
    return "claim-0-about-crime-checked"


def wait_for(url: str, timeout: float = 30.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def run_wrk(url: str, duration: int, connections: int) -> tuple[float, float, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)), _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_threads(url: str, duration: int, connections: int) -> tuple[float, float, float]:
    """Fallback load generator: keep-alive http.client connections in threads."""
    import http.client
    import statistics
    import threading
    from urllib.parse import urlsplit

    parts, latencies, stop = urlsplit(url), [], time.monotonic() + duration

    def worker():
        conn, mine = http.client.HTTPConnection(parts.hostname, parts.port), []
        while time.monotonic() < stop:
            began = time.perf_counter()
            conn.request("GET", parts.path)
            conn.getresponse().read()
            mine.append((time.perf_counter() - began) * 1000)
        latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    latencies.sort()
    return len(latencies) / duration, statistics.median(latencies), latencies[int(len(latencies) * 0.99)]


def interleaved(load, base: str, paths, args, rounds: int = 3) -> list[tuple[str, float, float, float]]:
    """Alternate the endpoints in short rounds so that a busy machine weighs on both alike;
    req/s is the mean over rounds, latencies the median of the rounds' figures."""
    import statistics

    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in paths}
    for _ in range(rounds):
        for name, path in paths:
            runs[name].append(load(base + path, max(1, args.duration // rounds), args.connections))
    return [(name, statistics.mean(r[0] for r in rs), statistics.median(r[1] for r in rs),
             statistics.median(r[2] for r in rs)) for name, rs in runs.items()]


def serve_and_load(instance: Path, url: str, slug: str, args) -> list[tuple[str, float, float, float]]:
    workers = 2 * (os.cpu_count() or 1) + 1
    env = dict(os.environ, FACTCHECK_INSTANCE=str(instance), FACTCHECK_DATABASE_URL=url,
               FACTCHECK_SECRET_KEY="benchmark", PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{args.port}",
                               "--log-level", "warning", "benchmarks.public:bench_app()"], env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{args.port}"
        paths = [("verdict page", f"/verdicts/{slug}"), ("bare endpoint", "/bench/bare")]
        for _name, path in paths:
            wait_for(base + path)
        load = run_wrk if shutil.which("wrk") else run_threads
        for _name, path in paths:  # warm every worker's page cache
            load(base + path, 2, args.connections)
        return interleaved(load, base, paths, args)
    finally:
        server.terminate()
        server.wait(10)


def time_export(instance: Path, url: str, share_images: bool) -> tuple[float, int]:
    from factcheck import create_app
    from factcheck.export import export_site

    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "benchmark"})
    result = export_site(app, instance / "site", share_images=share_images, workers=os.cpu_count() or 1)
    app.extensions["factcheck.engine"].dispose()
    return result.seconds, result.files


def share_image_cost(samples: int = 20) -> float:
    from factcheck.publishing.share_image import share_image_png

    began = time.perf_counter()
    for n in range(samples):
        share_image_png("Mostly false", "#e06c1f", f"Crime rose by {n}% in 2022, the minister said.", "Desk")
    return (time.perf_counter() - began) / samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verdicts", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--share-images", action="store_true", help="include share images in the timed export")
    parser.add_argument("--skip-export", action="store_true", help="measure only the served pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        url = f"sqlite:///{instance / 'bench.db'}"
        slug = seed(url, args.verdicts)
        rows = serve_and_load(instance, url, slug, args)
        seconds, files = (0.0, 0) if args.skip_export else time_export(instance, url, args.share_images)
    bare = rows[1][1]
    print(f"\nPublic site, {args.verdicts} verdicts, SQLite, gunicorn sync x{2 * (os.cpu_count() or 1) + 1}, "
          f"{'wrk' if shutil.which('wrk') else 'threads'} {args.connections} connections x {args.duration}s")
    print(f"{'endpoint':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs bare':>10}")
    for name, rps, p50, p99 in rows:
        print(f"{name:<16}{rps:>10.0f}{p50:>10.2f}{p99:>10.2f}{rps / bare:>10.0%}")
    if args.skip_export:
        return
    kind = "with" if args.share_images else "without"
    print(f"{'static export':<16}{seconds:>9.1f}s  {files} files, {args.verdicts} verdicts, {kind} share images, "
          f"{os.cpu_count()} processes")
    if not args.share_images:
        cost = share_image_cost()
        print(f"{'share images':<16}{cost * 1000:>8.0f}ms each: ~{cost * args.verdicts / (os.cpu_count() or 1):.0f}s "
              f"more for {args.verdicts} on {os.cpu_count()} processes")


if __name__ == "__main__":
    main()
