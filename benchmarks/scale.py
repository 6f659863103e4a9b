"""Cost per endpoint at two sizes of data: does anything grow with the data?

    .venv/bin/python benchmarks/scale.py                                   # 2,000 and 20,000 claims (make bench)
    .venv/bin/python benchmarks/scale.py --sizes 10000,100000 --postgres postgresql://postgres@127.0.0.1:55506/postgres

For each size (verdicts: a fifth of the claims) a database is filled by benchmarks/generate.py and
kept under instance/bench/ (SQLite files scale-<claims>.db; on PostgreSQL databases scale_<claims>),
reused while the schema is current. Without --postgres a private PostgreSQL cluster is started when
its binaries are installed (--no-postgres skips it). Every desk page, public page, API endpoint, the
DataFeed and the sitemap is fetched in-process through the Flask test client with the page cache
emptied before each request (the real work), at random keys across all rows: random verdict slugs,
speakers, claims, search words, deep cursors. One table per database: p50 and p95 in milliseconds
at each size and the ratio of p95s, largest over smallest. Targets: p95 < 150 ms at the largest size
and a ratio of at most 1.5.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from factcheck import create_app, migrate  # noqa: E402
from factcheck.db import make_engine  # noqa: E402
from factcheck.models import Article, Claim, RatingLevel, User, Verdict  # noqa: E402
from factcheck.services.public.queries import speaker_slug  # noqa: E402

BENCH_DIR = ROOT / "instance" / "bench"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TARGET_MS, TARGET_RATIO = 150.0, 1.5
SLOW_MS = 1000.0  # an endpoint slower than this is timed 3 times, not --runs times


@dataclass(frozen=True)
class Case:
    label: str
    who: str       # anonymous | reviewer | editor | admin
    url: object    # (Keys, rng) -> str


@dataclass
class Keys:
    """Random keys across every row of one database."""

    slugs: list[str]
    speakers: list[str]
    ratings: list[str]
    claims: dict[str, list[int]]
    articles: list[int]
    users: dict[str, int]
    verdict_ids: list[int]
    cursors: list[str]

    @classmethod
    def load(cls, engine) -> "Keys":
        with engine.connect() as c:
            rows = c.execute(select(Verdict.id, Verdict.slug, Verdict.published_at).where(Verdict.slug.is_not(None))).all()
            speakers = sorted({s for s in c.scalars(select(Claim.speaker).join(Verdict, Verdict.claim_id == Claim.id)
                                                    .where(Verdict.published_at.is_not(None))) if s})
            claims: dict[str, list[int]] = {}
            for status, claim_id in c.execute(select(Claim.status, Claim.id)):
                claims.setdefault(str(status), []).append(claim_id)
            users = {role: user_id for user_id, role in c.execute(select(User.id, User.role))}
            return cls(slugs=[r.slug for r in rows], speakers=speakers,
                       ratings=list(c.scalars(select(RatingLevel.slug))),
                       claims=claims, articles=list(c.scalars(select(Article.id))),
                       users={str(k): v for k, v in users.items()}, verdict_ids=[r.id for r in rows],
                       cursors=[f"{r.published_at.isoformat()}~{r.id}" for r in rows])


def word(rng) -> str:
    return rng.choice(generate.SUBJECTS).split()[-1]


def cases() -> list[Case]:
    pick = random.Random.choice
    return [
        Case("home", "anonymous", lambda k, r: "/"),
        Case("verdict list", "anonymous", lambda k, r: "/verdicts/"),
        Case("verdict list, deep ?page=N", "anonymous", lambda k, r: f"/verdicts/?page={r.randint(1, max(1, len(k.slugs) // 20))}"),
        Case("verdict list, deep cursor", "anonymous", lambda k, r: f"/verdicts/?before={quote(pick(r, k.cursors))}"),
        Case("verdict list by rating", "anonymous", lambda k, r: f"/verdicts/?rating={pick(r, k.ratings)}"),
        Case("verdict list by speaker", "anonymous", lambda k, r: f"/verdicts/?speaker={speaker_slug(pick(r, k.speakers))}"),
        Case("verdict page", "anonymous", lambda k, r: f"/verdicts/{pick(r, k.slugs)}"),
        Case("revision page", "anonymous", lambda k, r: f"/verdicts/{pick(r, k.slugs)}/revisions/1"),
        Case("search, one word", "anonymous", lambda k, r: f"/search?q={word(r)}"),
        Case("search, two words", "anonymous", lambda k, r: f"/search?q={word(r)}+{pick(r, generate.RISE).split()[-1]}"),
        Case("search, a speaker", "anonymous", lambda k, r: f"/search?q={quote(pick(r, k.speakers))}"),
        Case("speakers index", "anonymous", lambda k, r: "/speakers/"),
        Case("speaker page", "anonymous", lambda k, r: f"/speakers/{speaker_slug(pick(r, k.speakers))}"),
        Case("speaker feed", "anonymous", lambda k, r: f"/speakers/{speaker_slug(pick(r, k.speakers))}/feed.atom"),
        Case("methodology", "anonymous", lambda k, r: "/methodology"),
        Case("corrections log", "anonymous", lambda k, r: "/corrections"),
        Case("ratings.css", "anonymous", lambda k, r: "/ratings.css"),
        Case("submit a claim (form)", "anonymous", lambda k, r: "/submit"),
        Case("robots.txt", "anonymous", lambda k, r: "/robots.txt"),
        Case("Atom feed", "anonymous", lambda k, r: "/feeds/verdicts.atom"),
        Case("sitemap.xml", "anonymous", lambda k, r: "/sitemap.xml"),
        Case("sitemap file", "anonymous", lambda k, r: "/sitemaps/verdicts-1.xml"),
        Case("API list", "anonymous", lambda k, r: "/api/v1/verdicts"),
        Case("API list, deep ?page=N", "anonymous", lambda k, r: f"/api/v1/verdicts?page={r.randint(1, max(1, len(k.slugs) // 20))}"),
        Case("API list, deep cursor", "anonymous", lambda k, r: f"/api/v1/verdicts?before={quote(pick(r, k.cursors))}"),
        Case("API search", "anonymous", lambda k, r: f"/api/v1/verdicts?q={word(r)}"),
        Case("API record", "anonymous", lambda k, r: f"/api/v1/verdicts/{pick(r, k.slugs)}"),
        Case("API match", "anonymous", lambda k, r: f"/api/v1/match?text={quote(generate.sentence(r, r.randint(0, 3)))}"),
        Case("API openapi.json", "anonymous", lambda k, r: "/api/v1/openapi.json"),
        Case("DataFeed", "anonymous", lambda k, r: "/api/v1/claimreview.json"),
        Case("DataFeed, deep page", "anonymous", lambda k, r: f"/api/v1/claimreview.json?after={r.randint(1, max(1, len(k.slugs)))}"),
        Case("desk queue", "reviewer", lambda k, r: "/desk/"),
        Case("desk queue, queued oldest", "reviewer", lambda k, r: "/desk/?status=queued&sort=oldest"),
        Case("desk queue, common word", "reviewer", lambda k, r: f"/desk/?q={word(r)}"),
        Case("desk queue, rare word", "reviewer", lambda k, r: f"/desk/?q=zyzzyva{r.randint(0, 9)}"),
        Case("desk queue, word prefix", "reviewer", lambda k, r: f"/desk/?q={word(r)[:4]}"),
        Case("desk board", "reviewer", lambda k, r: "/desk/board"),
        Case("desk articles", "reviewer", lambda k, r: "/desk/articles"),
        Case("desk article page", "reviewer", lambda k, r: f"/desk/articles/{pick(r, k.articles)}"),
        Case("desk claim page", "reviewer", lambda k, r: f"/desk/claims/{pick(r, k.claims['new'])}"),
        Case("desk claim page, published", "reviewer", lambda k, r: f"/desk/claims/{pick(r, k.claims['published'])}"),
        Case("desk draft page", "reviewer", lambda k, r: f"/desk/claims/{pick(r, k.claims['researching'])}/draft"),
        Case("desk claim edit", "reviewer", lambda k, r: f"/desk/claims/{pick(r, k.claims['new'])}/edit"),
        Case("desk new claim form", "reviewer", lambda k, r: "/desk/claims/new"),
        Case("desk new article form", "reviewer", lambda k, r: "/desk/articles/new"),
        Case("desk mine", "reviewer", lambda k, r: "/desk/mine"),
        Case("desk person", "reviewer", lambda k, r: f"/desk/people/{k.users['reviewer']}"),
        Case("desk jobs", "reviewer", lambda k, r: "/desk/jobs/"),
        Case("review queue", "editor", lambda k, r: "/desk/review/"),
        Case("review page", "editor", lambda k, r: f"/desk/review/{pick(r, k.claims['in_review'])}"),
        Case("published (desk)", "editor", lambda k, r: "/desk/published/"),
        Case("correct form", "editor", lambda k, r: f"/desk/published/{pick(r, k.verdict_ids)}/correct"),
        Case("tips (desk)", "editor", lambda k, r: "/desk/tips/"),
        Case("audit log", "admin", lambda k, r: "/admin/audit"),
        Case("users", "admin", lambda k, r: "/admin/users"),
        Case("rating scale", "admin", lambda k, r: "/admin/ratings"),
        Case("settings", "admin", lambda k, r: "/admin/settings"),
    ]


def prepare(url: str, claims: int) -> None:
    """Fill the database at `url` with `claims` claims unless it already holds them on the current schema."""
    engine = make_engine(url)
    try:
        if not generate.is_empty(engine):
            with engine.connect() as c:
                count = c.scalar(select(func.count()).select_from(Claim))
            if count == claims:
                migrate.upgrade(engine)  # a newer schema: its new tables start empty
                fill_records(engine)
                return
            engine.dispose()
            wipe(url)
            engine = make_engine(url)
        began = time.perf_counter()
        generate.main(["--database-url", url, "--claims", str(claims), "--verdicts", str(claims // 5)])
        print(f"  (filled in {time.perf_counter() - began:.0f} s)", flush=True)
    finally:
        engine.dispose()


def fill_records(engine) -> None:
    """Stored ClaimReviews for a database filled before they existed (as after an upgrade)."""
    from sqlalchemy.orm import Session

    from factcheck.models.published import ClaimReviewRecord
    from factcheck.services.public import datafeed

    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(ClaimReviewRecord)) == 0:
            print(f"  stored {datafeed.rebuild(session):,} ClaimReviews", flush=True)
            session.commit()


def wipe(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def postgres_url(base: str, claims: int) -> str:
    """A database of its own per size on the given server (created when missing)."""
    name = f"scale_{claims}"
    engine = make_engine(base)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        if not c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            c.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    parts = urlsplit(base)
    return parts._replace(path="/" + name).geturl()


def clients(app, keys: Keys) -> dict:
    out = {"anonymous": app.test_client()}
    for role in ("reviewer", "editor", "admin"):
        client = app.test_client()
        with app.app_context():
            engine = app.extensions["factcheck.engine"]
            with engine.connect() as c:
                email = c.scalar(select(User.email).where(User.id == keys.users[role]))
        response = client.post("/login", data={"email": email, "password": generate.PASSWORD})
        assert response.status_code == 302, (role, response.status_code)
        out[role] = client
    return out


def measure(url: str, runs: int, seed: int = 11) -> dict[str, tuple[float, float, int]]:
    """label -> (p50 ms, p95 ms, last status) for every case, against the database at `url`."""
    instance = tempfile.mkdtemp(prefix="factcheck-scale-")
    upgrading = make_engine(url)
    migrate.upgrade(upgrading)  # the schema may have moved on since the database was filled
    upgrading.dispose()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "SECRET_KEY": "bench", "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "10000 per minute",
                      "API_RATE_LIMIT": "1000000 per minute"})
    engine = app.extensions["factcheck.engine"]
    keys = Keys.load(engine)
    by_role, rng = clients(app, keys), random.Random(seed)
    cache = app.extensions["factcheck.page_cache"]
    results = {}
    for case in cases():
        client, times, status = by_role[case.who], [], 0
        for n in range(runs + 1):
            target = case.url(keys, rng)
            cache.clear()
            began = time.perf_counter()
            try:
                response = client.get(target)
                response.get_data()
                status = response.status_code
            except Exception as error:  # noqa: BLE001 -- one broken page must not stop the table
                status = 599
                print(f"  {case.label}: {type(error).__name__}: {error}", flush=True)
            elapsed = (time.perf_counter() - began) * 1000
            if n:  # the first request warms templates and connections
                times.append(elapsed)
            if elapsed > SLOW_MS and len(times) >= 3:
                break
        times.sort()
        results[case.label] = (statistics.median(times), times[max(0, int(len(times) * 0.95 + 0.5) - 1)], status)
    engine.dispose()
    shutil.rmtree(instance, ignore_errors=True)
    return results


def table(database: str, sizes: list[int], measured: dict[int, dict]) -> str:
    small, large = sizes[0], sizes[-1]
    head = " | ".join(f"{s:,} p50 | {s:,} p95" for s in sizes)
    lines = [f"\n{database}: p50 / p95 in ms, page cache emptied before each request "
             f"(verdicts: a fifth of the claims)\n",
             f"| endpoint | {head} | ratio | |", "|---|" + "---:|" * (2 * len(sizes) + 1) + "---|"]
    for case in cases():
        cells, flags = [], []
        for s in sizes:
            p50, p95, status = measured[s][case.label]
            cells.append(f"{p50:.1f} | {p95:.1f}" + ("" if status < 400 else f" ({status})"))
        ratio = measured[large][case.label][1] / max(measured[small][case.label][1], 0.01)
        if measured[large][case.label][1] > TARGET_MS:
            flags.append("slow")
        if ratio > TARGET_RATIO:
            flags.append("grows")
        lines.append(f"| {case.label} | {' | '.join(cells)} | {ratio:.2f} | {' '.join(flags) or 'ok'} |")
    return "\n".join(lines)


class PrivateCluster:
    """A throwaway PostgreSQL cluster on a free local port (as root: owned by the postgres user)."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="factcheck-scale-pg-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, stdout=subprocess.DEVNULL)

    def start(self) -> str:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "-l", str(self.dir / "log"), "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,20000", help="claims per database, comma-separated")
    parser.add_argument("--runs", type=int, default=15, help="requests per endpoint and size")
    parser.add_argument("--postgres", help="a PostgreSQL server URL (one database per size is created there)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    cluster = None
    databases = []
    if not args.no_sqlite:
        databases.append(("SQLite", lambda n: f"sqlite:///{BENCH_DIR}/scale-{n}.db"))
    if not args.no_postgres:
        base = args.postgres
        if base is None and (PG_BIN / "initdb").exists():
            cluster = PrivateCluster()
            base = cluster.start()
        if base:
            databases.append(("PostgreSQL", lambda n, base=base: postgres_url(base, n)))
    try:
        for name, url_for_size in databases:
            measured = {}
            for size in sizes:
                url = url_for_size(size)
                print(f"== {name}, {size:,} claims", flush=True)
                prepare(url, size)
                measured[size] = measure(url, args.runs)
            print(table(name, sizes, measured), flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
