"""docs/deploy.md "Several hosts", followed on one machine: two `factcheck serve` processes on two
loopback ports against one PostgreSQL and one Redis (limits and the task queue), one shared public
folder, behind Debian's nginx as the load balancer. A login, the login rate limit, a publish and the
page files behave as one site; when Redis goes away the site keeps serving and the limits fall back
to per-process ones with a logged warning."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.models import Claim, Evidence, Verdict
from factcheck.services import research
from tests.conftest import PASSWORD, rating_id
from tests.integration.test_nginx import NGINX, Nginx, free_port

FACTCHECK = str(Path(sys.executable).with_name("factcheck"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
PUBLIC = "https://checks.example.org"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(NGINX).exists() or not Path(REDIS).exists(),
                                 reason="needs nginx and redis-server (apt-get install nginx redis-server)")]


@pytest.fixture(scope="module")
def postgres_url():
    """A database of our own: in the CI's PostgreSQL when FACTCHECK_TEST_DATABASE_URL names one, else
    in a private cluster started for this module."""
    given = os.environ.get("FACTCHECK_TEST_DATABASE_URL", "")
    if given.startswith("postgresql"):
        server = create_engine(given, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS factcheck_two_hosts WITH (FORCE)"))
            connection.execute(text("CREATE DATABASE factcheck_two_hosts"))
        server.dispose()
        yield make_url(given).set(database="factcheck_two_hosts").render_as_string(hide_password=False)
        return
    if not (PG_BIN / "initdb").exists() or os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL: FACTCHECK_TEST_DATABASE_URL, or PostgreSQL 15's binaries and root")
    folder = Path(tempfile.mkdtemp(prefix="pg-two-hosts-"))
    shutil.chown(folder, "postgres")
    port, as_postgres = free_port(), ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_postgres, str(PG_BIN / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-w", "-l", str(folder / "log"),
                    "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen([REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--daemonize", "no"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not answer"
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def redis_server():
    server = Redis()
    yield server
    server.stop()


@pytest.fixture
def shared(tmp_path):
    return tmp_path / "shared-public"  # one folder both hosts write: NFS, a bucket mount, or here a path


@pytest.fixture
def env(postgres_url, redis_server, shared, tmp_path):
    """What every app host gets (docs/deploy.md "Several hosts"); only the instance folder differs."""
    engine = make_engine(postgres_url)
    with engine.begin() as connection:  # a clean slate: this module's tests share the database
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    engine.dispose()
    values = {**os.environ, "FACTCHECK_DATABASE_URL": postgres_url, "FACTCHECK_SECRET_KEY": "one-key-for-every-host",
              "FACTCHECK_RATELIMIT_STORAGE_URI": redis_server.url, "FACTCHECK_TASK_QUEUE": redis_server.url,
              "FACTCHECK_PUBLIC_FOLDER": str(shared), "FACTCHECK_PROXY_FIX": "1",
              "FACTCHECK_LOGIN_RATE_LIMIT": "4 per minute", "FACTCHECK_WTF_CSRF_ENABLED": "false"}
    values.pop("FACTCHECK_TEST_DATABASE_URL", None)
    done = subprocess.run([FACTCHECK, "public-url", PUBLIC], env={**values, "FACTCHECK_INSTANCE": str(tmp_path / "cli")},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return values


class Host:
    def __init__(self, env: dict, instance: Path):
        self.port = free_port()
        self.log = open(instance.with_suffix(".log"), "w+")
        self.process = subprocess.Popen([FACTCHECK, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                                         "--threads", "2"], env={**env, "FACTCHECK_INSTANCE": str(instance)},
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, deadline: float) -> None:
        import http.client

        while True:
            assert self.process.poll() is None, self.output()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, "factcheck serve did not answer: " + self.output()
            time.sleep(0.2)

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Direct(Nginx):
    """Requests straight to one app host (the helpers of Nginx, without nginx)."""

    def __init__(self, port: int):
        self.port = port


@pytest.fixture
def hosts(env, tmp_path, shared):
    shared.mkdir(parents=True, exist_ok=True)
    started = [Host(env, tmp_path / "host-a"), Host(env, tmp_path / "host-b")]
    try:
        deadline = time.monotonic() + 90
        for host in started:
            host.wait(deadline)
        balancer = Nginx(tmp_path / "nginx", shared, [f"127.0.0.1:{h.port}" for h in started])
        yield started, balancer
        balancer.stop()
    finally:
        for host in started:
            host.stop()


@pytest.fixture
def app(env, postgres_url, tmp_path):  # the suite's fixtures (session, make_user, make_claim) on this database
    app = create_app({"TESTING": True, "DATABASE_URL": postgres_url, "INSTANCE_PATH": str(tmp_path / "fixtures"),
                      "SECRET_KEY": "fixtures", "PUBLIC_FOLDER": ""})
    yield app
    app.extensions["factcheck.engine"].dispose()


def submitted_claim(session, make_user, make_claim, headline: str) -> Claim:
    reviewer = make_user("reviewer")
    claim = make_claim("queued", speaker="Hosted Speaker")
    claim = research.take(session, reviewer, claim.id, claim.version)
    research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(
        rating_id=rating_id(session, "false"), headline=headline, summary="Police figures show a 3% rise.",
        body="The police statistics [1] show a rise of 3%."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/1", title="Crime",
                         publisher="Statistics Office", published_date=date(2024, 3, 1),
                         archive_url="https://archive.example.org/1", source_kind="primary", added_by_id=reviewer.id))
    session.commit()
    research.submit(session, reviewer, claim.id, session.get(Claim, claim.id).version)
    session.expire_all()
    return session.get(Claim, claim.id)


def login_form(user) -> dict:
    return {"email": user.email, "password": PASSWORD}


def test_two_app_hosts_behind_nginx_are_one_site(hosts, session, make_user, make_claim, shared):
    (host_a, host_b), balancer = hosts
    a, b = Direct(host_a.port), Direct(host_b.port)
    editor = make_user("editor", name="Hana Hosts")

    # a login made on host A is a login on host B (one secret key, sessions in signed cookies)
    status, headers, _ = a.post("/login", login_form(editor))
    assert status == 302, _
    cookie = headers["cookie"]
    status, _, body = b.get("/desk/", {"Cookie": cookie})
    assert status == 200 and "Hana Hosts" in body

    # a publish through the balancer: files in the shared folder, the same page from nginx and both hosts
    claim = submitted_claim(session, make_user, make_claim, "Published on one host, seen on all")
    status, _, body = balancer.post(f"/desk/review/{claim.id}/publish", {"version": claim.version, "confirmed": "1"},
                                    {"Cookie": cookie})
    assert status == 302, body
    session.expire_all()
    slug = session.scalar(select(Verdict.slug).where(Verdict.claim_id == claim.id))
    assert (shared / "verdicts" / slug / "index.html").is_file()
    for site in (balancer, a, b):
        status, _, body = site.get(f"/verdicts/{slug}")
        assert status == 200 and "Published on one host, seen on all" in body
        assert "Published on one host, seen on all" in site.get("/")[2]
    assert balancer.upstream_of(f"/verdicts/{slug}") == "-"  # nginx sent the shared file
    status, _, body = b.get(f"/verdicts/{slug}?from=b")  # and host B's own render agrees
    assert status == 200 and "Published on one host, seen on all" in body

    # the login limit is one limit for the site, counted in Redis: 4 failures spread over both hosts
    wrong = {"email": "someone@example.org", "password": "guess"}
    statuses = [site.post("/login", wrong, {"X-Forwarded-For": "203.0.113.7"})[0] for site in (a, b, a, b, a, b)]
    assert statuses == [401, 401, 401, 401, 429, 429], statuses
    assert b.post("/login", wrong, {"X-Forwarded-For": "203.0.113.8"})[0] == 401  # another reader is not blocked


def test_when_redis_goes_away_the_site_keeps_serving_with_per_process_limits(hosts, redis_server, make_user):
    (host_a, host_b), balancer = hosts
    a = Direct(host_a.port)
    editor = make_user("editor", name="Rhea Redis")
    assert a.post("/login", login_form(editor))[0] == 302
    redis_server.stop()
    for path in ("/", "/methodology", "/verdicts/"):
        assert balancer.get(path)[0] == 200, path
    wrong = {"email": "someone@example.org", "password": "guess"}
    statuses = [a.post("/login", wrong, {"X-Forwarded-For": "203.0.113.9"})[0] for _ in range(6)]
    assert 500 not in statuses and statuses[0] == 401 and statuses[-1] == 429, statuses  # host A's own count
    status, headers, _ = a.post("/login", login_form(editor), {"X-Forwarded-For": "198.51.100.1"})
    assert status == 302  # logging in still works
    time.sleep(0.2)
    assert "falling back" in host_a.output().lower() or "fallback" in host_a.output().lower(), host_a.output()[-3000:]
