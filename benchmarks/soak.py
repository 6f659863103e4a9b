"""Soak: N simulated reviewers, editors and readers against gunicorn on loopback for a bounded time,
then the database is checked: every acknowledged write is there, every refusal was a clear 4xx, no
claim is in a state the workflow cannot reach, and the audit log accounts for every transition.

    python benchmarks/soak.py [--users 20] [--seconds 60] [--workers 4] [--database-url URL] [--kill-at SECONDS]

--kill-at: the crash test. At that second the whole server (master and workers) gets SIGKILL in the
middle of the load and is started again; requests in flight get no answer (counted as status 0), and
afterwards nothing acknowledged may be missing, SQLite must pass `PRAGMA integrity_check`, and no claim
may show a half-applied change (its status must be the one its last audited transition left it in).

Needs gunicorn (`pip install -e '.[bench]'`). Without --database-url a fresh SQLite file is used.
"""
from __future__ import annotations

import argparse
import collections
import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from factcheck import migrate  # noqa: E402
from factcheck.db import make_engine, make_sessionmaker  # noqa: E402
from factcheck.models import Article, AuditEvent, Claim, Evidence, User  # noqa: E402
from factcheck.services import accounts  # noqa: E402
from factcheck.services.intake import content_hash  # noqa: E402
from factcheck.workflow import Status  # noqa: E402

PASSWORD = "soak test password"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')


ANSWERS: collections.Counter = collections.Counter()  # (write, status): how each kind of write was answered


class Browser:
    """One person's cookie jar; every response's status is tallied, writes acknowledged by a redirect."""

    def __init__(self, base: str, tally: collections.Counter, acknowledged: collections.Counter):
        self.base, self.tally, self.acknowledged = base, tally, acknowledged
        self.answers = ANSWERS
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                status, page = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, page = error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException, TimeoutError):
            status, page = 0, ""  # no answer: the server is down (the crash test), so nothing was acknowledged
            time.sleep(0.1)
        self.tally[status] += 1
        return status, page

    def post(self, path: str, page: str, data: dict, what: str) -> int:
        token = TOKEN.search(page)
        status, _ = self.request(path, {**data, "csrf_token": token.group(1) if token else ""})
        self.answers[(what, status)] += 1
        if status in (302, 303):
            self.acknowledged[what] += 1
        return status

    def log_in(self, email: str) -> None:
        _, page = self.request("/login")
        self.post("/login", page, {"email": email, "password": PASSWORD}, "login")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is the acknowledgement: keep it
        return None


def reviewer(browser: Browser, claim_ids: list[int], stop: float) -> None:
    while time.time() < stop:
        claim_id = random.choice(claim_ids)
        _, page = browser.request(f"/desk/claims/{claim_id}")
        version = VERSION.search(page)
        if not version:
            continue
        browser.post(f"/desk/claims/{claim_id}/take", page, {"version": version.group(1)}, "take")
        _, page = browser.request(f"/desk/claims/{claim_id}/draft")
        version = VERSION.search(page)
        if version:
            browser.post(f"/desk/claims/{claim_id}/draft", page, {
                "version": version.group(1), "rating": "5", "headline": f"Claim {claim_id} does not hold",
                "summary": "The official figures say otherwise.", "body": "See the statistics [1].",
                "submit": "1"}, "submit")


def editor(browser: Browser, stop: float) -> None:
    while time.time() < stop:
        _, queue = browser.request("/desk/review/")
        waiting = re.findall(r'href="/desk/review/(\d+)"', queue)
        if not waiting:
            time.sleep(0.05)
            continue
        claim_id = random.choice(waiting)
        _, page = browser.request(f"/desk/review/{claim_id}")
        version = VERSION.search(page)
        if not version:
            continue
        if random.random() < 0.7:
            browser.post(f"/desk/review/{claim_id}/publish", page, {"version": version.group(1), "confirmed": "1"},
                         "publish")
        else:
            browser.post(f"/desk/review/{claim_id}/return", page, {"version": version.group(1),
                                                                    "note": "Name the source."}, "return")


def reader(browser: Browser, stop: float) -> None:
    while time.time() < stop:
        _, listing = browser.request("/verdicts/")
        slugs = re.findall(r'href="/verdicts/([a-z0-9-]+)"', listing)
        browser.request(f"/verdicts/{random.choice(slugs)}" if slugs else "/")


def seed(url: str, claims: int, people: int) -> tuple[list[int], list[str], list[str]]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    session = make_sessionmaker(engine)()
    password = accounts.HASHER.hash(PASSWORD)
    reviewers = [f"reviewer{n}@soak.example" for n in range(people)]
    editors = [f"editor{n}@soak.example" for n in range(people)]
    for role, emails in (("reviewer", reviewers), ("editor", editors)):
        session.add_all([User(email=email, name=email.split("@")[0], role=role, password_hash=password, active=True)
                         for email in emails])
    body = " ".join(f"Unemployment in district {n} rose to {n % 40 + 3} percent in 2023." for n in range(claims))
    article = Article(title="Soak", body=body, content_hash=content_hash(body))
    rows = [Claim(text=f"Unemployment in district {n} rose to {n % 40 + 3} percent in 2023.", status=Status.QUEUED,
                  article=article, score=0.8, reasons=[]) for n in range(claims)]
    session.add_all(rows)
    session.flush()
    session.add_all([Evidence(claim_id=c.id, number=1, url=f"https://stats.example.org/{c.id}", title="Labour survey",
                              publisher="Statistics Office", source_kind="official_data") for c in rows])
    session.commit()
    ids = [c.id for c in rows]
    session.close()
    engine.dispose()
    return ids, reviewers, editors


def check(url: str, acknowledged: collections.Counter) -> dict:
    engine = make_engine(url)
    session = make_sessionmaker(engine)()
    audited = dict(session.execute(select(AuditEvent.action, func.count()).group_by(AuditEvent.action)).all())
    states = {str(s) for s in session.scalars(select(Claim.status).distinct())}
    result = {"acknowledged": dict(acknowledged), "audited": {k: audited.get(k, 0) for k in acknowledged
                                                             if k != "login"},
              "unknown_states": sorted(states - {s.value for s in Status})}
    result["lost_writes"] = sum(max(0, n - audited.get(k, 0)) for k, n in acknowledged.items() if k != "login")
    result["half_applied"] = half_applied(session)
    if engine.dialect.name == "sqlite":
        result["integrity_check"] = session.execute(text("PRAGMA integrity_check")).scalar()
    session.close()
    engine.dispose()
    return result


def half_applied(session) -> str:
    """Claims whose status is not the one their last audited transition left them in: a change and its
    audit event are one transaction, so after a crash either both are there or neither is."""
    last = (select(AuditEvent.claim_id, func.max(AuditEvent.id).label("id"))
            .where(AuditEvent.to_status.is_not(None), AuditEvent.claim_id.is_not(None))
            .group_by(AuditEvent.claim_id).subquery())
    rows = session.execute(select(Claim.status, AuditEvent.to_status)
                           .join(last, last.c.claim_id == Claim.id).join(AuditEvent, AuditEvent.id == last.c.id)).all()
    wrong = sum(1 for status, to_status in rows if str(status) != to_status)
    return f"{wrong} of {len(rows)} claims with transitions"


def start_server(port: int, workers: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "factcheck:create_app()"], env=env, cwd=ROOT,
                              start_new_session=True)  # its own process group: SIGKILL reaches every worker
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return server


def kill_and_restart(holder: list, start: float, after: float, port: int, workers: int, env: dict, log: list) -> None:
    time.sleep(max(0.0, start + after - time.time()))
    os.killpg(holder[0].pid, signal.SIGKILL)
    holder[0].wait(30)
    down = time.time()
    holder[0] = start_server(port, workers, env)
    log.append(f"SIGKILL of the whole server at {after:.0f} s; serving again after {time.time() - down:.1f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--database-url")
    parser.add_argument("--kill-at", type=float, help="seconds into the run: SIGKILL the server, then restart it")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    url = args.database_url or f"sqlite:///{folder / 'soak.db'}"
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    per_role = max(1, args.users * 2 // 5)
    claim_ids, reviewers, editors = seed(url, args.claims, per_role)
    port = free_port()
    env = {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_INSTANCE": str(folder),
           "FACTCHECK_LOGIN_RATE_LIMIT": "100000 per minute"}
    holder = [start_server(port, args.workers, env)]
    base = f"http://127.0.0.1:{port}"
    tally, acknowledged = collections.Counter(), collections.Counter()
    start = time.time()
    stop = start + args.seconds
    crash_log: list[str] = []
    if args.kill_at is not None:
        threading.Thread(target=kill_and_restart, args=(holder, start, args.kill_at, port, args.workers, env,
                                                        crash_log), daemon=True).start()
    threads = []
    for n in range(args.users):
        browser = Browser(base, tally, acknowledged)
        role = ("reviewer", "editor", "reader", "reviewer", "editor")[n % 5]
        if role != "reader":
            browser.log_in((reviewers if role == "reviewer" else editors)[n % per_role])
        work = {"reviewer": lambda b=browser: reviewer(b, claim_ids, stop), "editor": lambda b=browser: editor(b, stop),
                "reader": lambda b=browser: reader(b, stop)}[role]
        threads.append(threading.Thread(target=work, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 60)
    holder[0].terminate()
    holder[0].wait(30)
    result = check(url, acknowledged)
    print(f"{args.users} users, {args.seconds:.0f} s, {args.workers} gunicorn workers, {make_engine(url).dialect.name}")
    for line in crash_log:
        print(line)
    print(f"requests {sum(tally.values()):,}: " + ", ".join(f"{code or 'no answer'}: {n:,}"
                                                           for code, n in sorted(tally.items())))
    print(f"5xx: {sum(n for code, n in tally.items() if code >= 500)}")
    print("writes: " + ", ".join(f"{what} {code}: {n:,}" for (what, code), n in sorted(ANSWERS.items())))
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
