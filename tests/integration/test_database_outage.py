"""PostgreSQL going away mid-run: pages and the API answer 503 (HTML or JSON) while it is down, and
the site recovers by itself when it is back. A real server of our own, stopped and started."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from factcheck import create_app, migrate
from factcheck.db import make_engine

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_postgres():
    if not (PG_BIN / "initdb").exists() or os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL 15's server binaries and root (to run them as the postgres user)")
    folder = Path(tempfile.mkdtemp(prefix="pg-outage-"))
    shutil.chown(folder, "postgres")
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_postgres, str(PG_BIN / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)

    def pg_ctl(*args):
        subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-w", *args],
                       check=True, capture_output=True)

    start = ("-l", str(folder / "log"), "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
             "start")
    pg_ctl(*start)
    yield f"postgresql://postgres@127.0.0.1:{port}/postgres", lambda: pg_ctl("-m", "fast", "stop"), lambda: pg_ctl(*start)
    subprocess.run([*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
                   capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_a_database_that_goes_away_is_a_503_and_the_site_recovers(own_postgres, tmp_path):
    url, stop, start = own_postgres
    migrate.upgrade(make_engine(url))
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    client = app.test_client()
    assert client.get("/verdicts/").status_code == 200
    stop()
    page, api = client.get("/verdicts/"), client.get("/api/v1/verdicts")
    assert page.status_code == 503 and "cannot be reached" in page.text and page.mimetype == "text/html"
    assert api.status_code == 503 and api.json["status"] == 503 and "cannot be reached" in api.json["message"]
    assert page.headers["Retry-After"] == "2"
    start()
    assert client.get("/verdicts/").status_code == 200  # pool_pre_ping replaced the dead connections
    assert client.get("/api/v1/verdicts").status_code == 200
    app.extensions["factcheck.engine"].dispose()
