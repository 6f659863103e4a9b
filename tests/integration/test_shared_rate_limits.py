"""Rate limits hold across worker processes (a shared SQLite file by default, Redis for several hosts),
and an unreachable limit store never takes the site down."""
from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.ratelimit_store import SqliteFileStorage

ROOT = Path(__file__).resolve().parents[2]


def count_in_another_process(uri: str, n: int) -> None:
    storage = SqliteFileStorage(uri)
    for _ in range(n):
        storage.incr("login|a@example.org", 60)


def test_counters_in_the_file_are_shared_by_processes(tmp_path):
    uri = f"factcheck-sqlite:///{tmp_path / 'limits.db'}"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=count_in_another_process, args=(uri, 25)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert SqliteFileStorage(uri).get("login|a@example.org") == 100


def test_a_window_that_has_ended_starts_again(tmp_path):
    storage = SqliteFileStorage(f"factcheck-sqlite:///{tmp_path / 'limits.db'}")
    assert [storage.incr("k", 1) for _ in range(3)] == [1, 2, 3]
    time.sleep(1.1)
    assert storage.get("k") == 0 and storage.incr("k", 1) == 1
    storage.clear("k")
    assert storage.get("k") == 0


def test_the_default_outside_tests_is_the_shared_file(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "INSTANCE_PATH": str(tmp_path),
                      "CHECK_MIGRATIONS": False, "SECRET_KEY": "x"})
    assert app.config["RATELIMIT_STORAGE_URI"] == f"factcheck-sqlite:///{tmp_path / 'ratelimits.db'}"


def free_port() -> int:  # nothing listens there until something binds it
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_redis_falls_back_to_per_process_limits(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    migrate.upgrade(make_engine(url))
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0",
                      "LOGIN_RATE_LIMIT": "2 per minute"})
    client = app.test_client()
    statuses = [client.post("/login", data={"email": "a@example.org", "password": "wrong"}).status_code
                for _ in range(4)]
    assert 500 not in statuses and statuses[:2] == [401, 401] and statuses[-1] == 429
    assert client.get("/").status_code == 200


@pytest.mark.slow
def test_four_gunicorn_workers_share_one_login_limit(tmp_path):
    pytest.importorskip("gunicorn")
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    migrate.upgrade(make_engine(url))
    port = free_port()
    env = {**os.environ, "FACTCHECK_DATABASE_URL": url, "FACTCHECK_INSTANCE": str(tmp_path),
           "FACTCHECK_LOGIN_RATE_LIMIT": "5 per minute", "FACTCHECK_WTF_CSRF_ENABLED": "false"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "factcheck:create_app()"], env=env, cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=1)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        form = urllib.parse.urlencode({"email": "someone@example.org", "password": "guess"}).encode()
        statuses = []
        for _ in range(12):  # new connections: the requests spread over the workers
            try:
                statuses.append(urllib.request.urlopen(base + "/login", data=form, timeout=10).status)
            except urllib.error.HTTPError as answer:
                statuses.append(answer.code)
        assert statuses.count(401) == 5, statuses  # one limit for the machine, not one per worker
        assert set(statuses[5:]) == {429}
    finally:
        server.terminate()
        server.wait(30)
