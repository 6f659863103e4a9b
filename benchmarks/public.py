"""Public-site benchmark: the app against a 5-line Flask app, nginx on the public folder against nginx
on a plain file, publish-to-visible, and the memory of a worker.

    .venv/bin/python benchmarks/public.py [--verdicts 20000] [--duration 10] [--connections 32] [--rounds 3]

Builds a SQLite database with benchmarks/generate.py (--database-url to use another), then, in the
same run and interleaved round by round, under the same gunicorn settings (sync workers,
2 x CPUs + 1, no preloading):
  - five:   benchmarks/five_line_app.py, a constant 10 KB page;
  - cold:   `factcheck serve` with PUBLIC_FOLDER off, anonymous verdict pages at random slugs across all
            verdicts (the per-process page cache rarely hits);
  - files:  `factcheck serve` with PUBLIC_FOLDER on, the same random slugs among the ones written as
            page files (the middleware of web/public_files.py sends them);
  - nginx:  Debian's nginx with the tested configuration (tests/integration/test_nginx.py) on the
            public folder, against the same nginx serving a plain static file of the same size.
Load comes from wrk (Debian's package) with a Lua script choosing a random path per request; the
load generator runs outside the app. Publish-to-visible times a publish through the editorial door
until the verdict's page, the site feed, its sitemap file and the DataFeed file all show it. Peak RSS
is VmHWM from /proc/<pid>/status of each gunicorn worker after the load. Prints a table of medians.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FACTCHECK = str(Path(sys.executable).with_name("factcheck"))
PUBLIC = "https://checks.example.org"
TARGETS = {"app_vs_five": 0.9, "nginx_vs_plain": 0.8, "publish_s": 1.0, "rss_mb": 100}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def workers_of(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"PPid:\t{master}\n" in (entry / "status").read_text():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def vm_hwm_mb(pid: int) -> float:
    match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else 0.0


def wrk(port: int, paths: list[str], duration: int, connections: int, folder: Path) -> float:
    script = folder / f"paths-{port}.lua"
    quoted = ",".join('"' + p.replace('"', "") + '"' for p in paths)
    script.write_text(f"local paths = {{{quoted}}}\nmath.randomseed(os.time())\n"
                      "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n")
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "-s", str(script),
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError("errors under load:\n" + out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


class Server:
    def __init__(self, command: list[str], env: dict, port: int):
        self.port = port
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        cwd=ROOT)
        wait_for(port)

    def rss(self) -> list[float]:
        return [vm_hwm_mb(pid) for pid in workers_of(self.process.pid)]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)


def gunicorn_settings(workers: int) -> list[str]:
    return ["--workers", str(workers), "--threads", "1"]


def publish_one(url: str, folder: Path) -> tuple[float, str]:
    """Publish a new verdict through the editorial door; seconds until its page, the feed, its sitemap
    file and the DataFeed show it (the files are written when the door returns)."""
    from datetime import date

    from sqlalchemy import select

    from factcheck import create_app
    from factcheck.models import Appearance, AppearanceKind, Article, Claim, Evidence, RatingLevel, User
    from factcheck.services import editorial, research
    from factcheck.services.intake import content_hash
    from factcheck.services.public import datafeed

    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(folder.parent / "bench-instance"),
                      "SECRET_KEY": "bench", "PUBLIC_FOLDER": str(folder), "TASK_QUEUE": "immediate"})
    session = app.extensions["factcheck.sessionmaker"]()
    stamp = int(time.time())
    reviewer = User(email=f"r{stamp}@example.org", name="Bench Reviewer", role="reviewer", password_hash="x", active=True)
    editor = User(email=f"e{stamp}@example.org", name="Bench Editor", role="editor", password_hash="x", active=True)
    body = f"Benchmark article {stamp}: crime rose by 50% last year, the minister said."
    article = Article(title="Bench", body=body, content_hash=content_hash(body))
    claim = Claim(text=f"Crime rose by 50% ({stamp}).", status="queued", score=0.5, reasons=["number"],
                  speaker="Bench Speaker")
    claim.add_appearance(Appearance(kind=AppearanceKind.ARTICLE, article=article, text=claim.text))
    session.add_all([reviewer, editor, article, claim])
    session.commit()
    claim = research.take(session, reviewer, claim.id, claim.version)
    rating = session.scalar(select(RatingLevel.id).where(RatingLevel.slug == "false"))
    research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(
        rating_id=rating, headline=f"Crime did not rise by half {stamp}", summary="Police figures show 3%.",
        body="The police statistics [1] show a rise of 3%."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/1", title="Crime",
                         publisher="Statistics Office", published_date=date(2024, 3, 1),
                         archive_url="https://archive.example.org/1", source_kind="primary", added_by_id=reviewer.id))
    session.commit()
    research.submit(session, reviewer, claim.id, session.get(Claim, claim.id).version)
    version = session.get(Claim, claim.id).version
    started = time.perf_counter()
    verdict = editorial.publish(session, editor, claim.id, version)
    slug, vid = verdict.slug, verdict.id
    sitemap = folder / "sitemaps" / f"verdicts-{datafeed.sitemap_file_of(vid)}.xml"
    from factcheck.models.published import ClaimReviewRecord

    # the DataFeed page holding a new verdict is its last one (?after=…): the app serves it from the
    # record stored in the publish's own transaction, so that record is what is checked here
    while not all(slug in (p.read_text() if p.exists() else "") for p in (
            folder / "verdicts" / slug / "index.html", folder / "feeds" / "verdicts.atom", sitemap)) \
            or session.get(ClaimReviewRecord, vid) is None:
        if time.perf_counter() - started > 30:
            raise RuntimeError("the publish did not reach the files within 30 s")
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    session.close()
    app.extensions["factcheck.engine"].dispose()
    return seconds, slug


def write_sample(url: str, folder: Path, slugs: list[str]) -> None:
    from factcheck import create_app
    from factcheck.publishing import page_files

    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(folder.parent / "bench-instance"),
                      "SECRET_KEY": "bench", "PUBLIC_FOLDER": str(folder)})
    page_files.write_pages(app, folder, [f"/verdicts/{s}" for s in slugs] + list(page_files.SITE_PAGES))
    app.extensions["factcheck.engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verdicts", type=int, default=20000)
    parser.add_argument("--database-url")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample", type=int, default=500, help="verdict pages written as files for the files runs")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("needs wrk: apt-get install -y wrk")
    work = Path(tempfile.mkdtemp(prefix="bench-public-"))
    url = args.database_url or f"sqlite:///{work / 'bench.db'}"
    env = {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_INSTANCE": str(work / "instance"),
           "FACTCHECK_SECRET_KEY": "bench", "FACTCHECK_REQUEST_LOG": "false"}
    env.pop("FACTCHECK_TEST_DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--database-url", url, "--claims",
                    str(int(args.verdicts * 1.25)), "--verdicts", str(args.verdicts)], env=env, check=True)
    subprocess.run([FACTCHECK, "public-url", PUBLIC], env=env, check=True, capture_output=True)
    print(f"data: {args.verdicts:,} verdicts in {time.perf_counter() - started:.0f} s")

    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as c:
        slugs = [r[0] for r in c.execute(text("SELECT slug FROM verdicts WHERE slug IS NOT NULL AND retracted_at IS NULL"))]
    engine.dispose()
    folder = work / "public"
    sample = random.Random(7).sample(slugs, min(args.sample, len(slugs)))
    write_sample(url, folder, sample)
    all_paths, file_paths = [f"/verdicts/{s}" for s in slugs], [f"/verdicts/{s}" for s in sample]

    workers = 2 * (os.cpu_count() or 1) + 1
    results: dict[str, list[float]] = {k: [] for k in ("five", "cold", "files", "nginx_folder", "nginx_plain")}
    rss: dict[str, list[float]] = {"five": [], "cold": [], "files": []}
    from tests.integration.test_nginx import Nginx
    plain = work / "plain"
    plain.mkdir()
    size = int(statistics.median((folder / "verdicts" / s / "index.html").stat().st_size for s in sample))
    (plain / "plain.html").write_bytes(b"x" * size)
    for round_number in range(args.rounds):
        for name in ("five", "cold", "files"):
            port = free_port()
            if name == "five":
                command = [sys.executable, "-m", "gunicorn", *gunicorn_settings(workers), "-b", f"127.0.0.1:{port}",
                           "benchmarks.five_line_app:app"]
            else:
                command = [FACTCHECK, "serve", "--bind", f"127.0.0.1:{port}", *gunicorn_settings(workers)]
            server_env = {**env, "FACTCHECK_PUBLIC_FOLDER": str(folder) if name == "files" else ""}
            server = Server(command, server_env, port)
            try:
                paths = file_paths if name != "cold" else all_paths
                wrk(port, paths[:50], 2, 4, work)  # warm-up: imports, connections
                results[name].append(wrk(port, paths, args.duration, args.connections, work))
                rss[name].append(max(server.rss()))
                if name == "files":
                    nginx = Nginx(work / f"nginx-{round_number}", folder, [f"127.0.0.1:{port}"])
                    nginx_plain = Nginx(work / f"nginx-plain-{round_number}", plain, [f"127.0.0.1:{port}"])
                    try:
                        results["nginx_folder"].append(wrk(nginx.port, file_paths, args.duration, args.connections, work))
                        results["nginx_plain"].append(wrk(nginx_plain.port, ["/plain.html"], args.duration,
                                                          args.connections, work))
                    finally:
                        nginx.stop()
                        nginx_plain.stop()
            finally:
                server.stop()
        print(f"round {round_number + 1}: " + ", ".join(f"{k} {v[-1]:,.0f}/s" for k, v in results.items() if v))
    publish_s, _slug = publish_one(url, folder)
    m = {k: statistics.median(v) for k, v in results.items()}
    peak = {k: statistics.median(v) for k, v in rss.items()}
    rows = [("5-line Flask app (10 KB)", f"{m['five']:,.0f} req/s", "", ""),
            ("app, verdict pages cache cold", f"{m['cold']:,.0f} req/s", f"{m['cold'] / m['five']:.2f}x five",
             f"target >= {TARGETS['app_vs_five']}x"),
            ("app, verdict pages from page files", f"{m['files']:,.0f} req/s", f"{m['files'] / m['five']:.2f}x five",
             f"target >= {TARGETS['app_vs_five']}x"),
            ("nginx, plain file", f"{m['nginx_plain']:,.0f} req/s", "", ""),
            ("nginx, public folder", f"{m['nginx_folder']:,.0f} req/s",
             f"{m['nginx_folder'] / m['nginx_plain']:.2f}x plain", f"target >= {TARGETS['nginx_vs_plain']}x"),
            (f"publish-to-visible at {args.verdicts:,}", f"{publish_s * 1000:.0f} ms", "", "target < 1000 ms"),
            ("peak RSS per worker: 5-line", f"{peak['five']:.0f} MB", "", ""),
            ("peak RSS per worker: app cold", f"{peak['cold']:.0f} MB", "", f"target < {TARGETS['rss_mb']} MB"),
            ("peak RSS per worker: app files", f"{peak['files']:.0f} MB", "", f"target < {TARGETS['rss_mb']} MB")]
    print(f"\n{workers} sync workers each, wrk -t2 -c{args.connections} -d{args.duration}s, {args.rounds} rounds "
          f"interleaved, medians; {len(sample)} verdict pages as files, page size {size:,} bytes")
    for row in rows:
        print(f"  {row[0]:<38} {row[1]:>14} {row[2]:>14}  {row[3]}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
