"""`factcheck serve` as an operator meets it: a real gunicorn on a loopback port, refusing to start
without the site's public URL; and every long-running command's start-up on a wrong database URL."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck import serving
from factcheck.cli import main
from factcheck.models import Setting

FACTCHECK = str(Path(sys.executable).with_name("factcheck"))
PUBLIC = "https://checks.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def desk(tmp_path):
    """Environment for a desk in tmp_path (its own SQLite file and instance folder), migrated."""
    env = {**os.environ, "FACTCHECK_INSTANCE": str(tmp_path / "instance"),
           "FACTCHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.db'}", "FACTCHECK_TASK_QUEUE": "immediate"}
    env.pop("FACTCHECK_TEST_DATABASE_URL", None)
    run(env, "db", "upgrade")
    return env


def run(env, *args, check=True, timeout=120):
    done = subprocess.run([FACTCHECK, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_refuses_to_start_without_the_public_url(desk):
    done = run(desk, "serve", "--bind", f"127.0.0.1:{free_port()}", check=False, timeout=60)
    assert done.returncode != 0
    assert "Not serving: the site's public URL is http://127.0.0.1:5000, a development address" in done.stderr
    assert "factcheck public-url https://" in done.stderr
    assert "Traceback" not in done.stderr


def test_refuses_a_database_behind_the_code(tmp_path):
    env = {**os.environ, "FACTCHECK_INSTANCE": str(tmp_path / "instance"),
           "FACTCHECK_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    done = run(env, "serve", check=False, timeout=60)
    assert done.returncode != 0
    assert "the database is empty (no migrations applied)" in done.stderr and "factcheck db upgrade" in done.stderr


@pytest.mark.slow
def test_serves_health_readiness_and_pages_with_request_logs(desk):
    shown = run(desk, "public-url", PUBLIC)
    assert shown.stdout.strip() == PUBLIC
    port = free_port()
    server = subprocess.Popen([FACTCHECK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
                              env=desk, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(base + "/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "factcheck serve did not answer within 60 s"
                time.sleep(0.3)
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        status, _, body = get(base + "/readyz")
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok", "migrations": "current"})
        status, headers, body = get(base + "/methodology")
        assert status == 200 and "<h1" in body
        assert re.fullmatch(r"[0-9a-f]{16}", headers["X-Request-ID"])
        assert headers["Server"].startswith("gunicorn")
        status, _, body = get(base + "/sitemaps/pages.xml")
        assert status == 200 and f"<loc>{PUBLIC}/" in body and "127.0.0.1" not in body
        status, _, body = get(base + "/no-such-page")
        assert status == 404 and "Request id: <code>" in body
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    logged = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(line["path"], line["status"]) for line in logged][-5:] == [
        ("/healthz", 200), ("/readyz", 200), ("/methodology", 200), ("/sitemaps/pages.xml", 200), ("/no-such-page", 404)]
    assert logged[-3]["request_id"] == headers["X-Request-ID"] and logged[-3]["remote"] == "127.0.0.1"
    assert f"Serving {PUBLIC} from 127.0.0.1:{port}: 1 workers × 2 threads" in err


# -- a wrong or unreachable database at start-up --------------------------------------------------

def closed_port_url() -> str:
    return f"postgresql://desk:secret@127.0.0.1:{free_port()}/factcheck"


@pytest.mark.parametrize("command", [["serve"], ["db", "upgrade"], ["worker"]])
def test_unreachable_database_is_one_clear_line(tmp_path, command):
    url = closed_port_url()
    result = CliRunner().invoke(main, command, env={"FACTCHECK_DATABASE_URL": url, "FACTCHECK_TASK_QUEUE": "sqlite",
                                                    "FACTCHECK_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    port = url.rsplit(":", 1)[1].split("/")[0]
    assert result.output.strip() == (f"Error: Cannot reach the database at postgresql://desk:***@127.0.0.1:{port}"
                                     "/factcheck: connection refused")
    assert "secret" not in result.output


@pytest.mark.parametrize("command", [["serve"], ["db", "upgrade"], ["worker"]])
@pytest.mark.parametrize("url, said", [
    ("postgres//desk:secret@db/factcheck", "is not one factcheck can use"),
    ("mysql://desk:secret@db/factcheck", "names a database factcheck does not support"),
])
def test_malformed_database_url_is_one_clear_line(tmp_path, command, url, said):
    result = CliRunner().invoke(main, command, env={"FACTCHECK_DATABASE_URL": url, "FACTCHECK_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert said in result.output and "Traceback" not in result.output and "secret" not in result.output


def test_a_sqlite_file_in_a_missing_folder(tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'desk.db'}"
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"FACTCHECK_DATABASE_URL": url,
                                                               "FACTCHECK_INSTANCE": str(tmp_path)})
    assert result.exit_code == 1
    assert f"Cannot reach the database at {url}: cannot open the file" in result.output


# -- the settings behind it -----------------------------------------------------------------------

@pytest.mark.parametrize("url, problem", [
    (None, "not set"), ("", "not set"), ("javascript:alert(1)", "not set"),
    ("http://127.0.0.1:5000", "development address"), ("http://localhost:8000/", "development address"),
    ("http://[::1]/", "development address"), ("http://0.0.0.0", "development address"),
    ("http://desk.localhost", "development address"),
    ("https://checks.example.org", None), ("http://10.1.2.3:8000", None),
])
def test_what_counts_as_a_public_url(url, problem):
    found = serving.public_url_problem(url)
    assert (found is None) if problem is None else (problem in found)


def test_serve_settings_come_from_the_configuration_and_bad_ones_are_named():
    settings = serving.options({"SERVE_BIND": "0.0.0.0:9000", "SERVE_WORKERS": 3, "SERVE_THREADS": "1",
                                "SERVE_TIMEOUT": 60, "SERVE_GRACEFUL_TIMEOUT": 20})
    assert (settings["bind"], settings["workers"], settings["threads"], settings["worker_class"],
            settings["timeout"], settings["graceful_timeout"]) == (["0.0.0.0:9000"], 3, 1, "sync", 60, 20)
    assert settings["secure_scheme_headers"] == {}  # the scheme is ProxyFix's business alone
    good = {"SERVE_BIND": "127.0.0.1:8000", "SERVE_WORKERS": 2, "SERVE_THREADS": 4, "SERVE_TIMEOUT": 30,
            "SERVE_GRACEFUL_TIMEOUT": 30}
    for key, value in (("SERVE_WORKERS", 0), ("SERVE_THREADS", "many"), ("SERVE_TIMEOUT", True), ("SERVE_BIND", "")):
        with pytest.raises(serving.ServeSettingsError, match=key):
            serving.options({**good, key: value})
    assert [serving.proxy_count({"PROXY_FIX": v}) for v in (0, None, False, True, 2, "1")] == [0, 0, 0, 1, 2, 1]
    with pytest.raises(serving.ServeSettingsError, match="PROXY_FIX"):
        serving.proxy_count({"PROXY_FIX": -1})


def test_the_settings_page_shows_the_address_pages_carry(client, login, session):
    login("admin")
    page = client.get("/admin/settings").text
    assert "carry addresses under\n      <code>http://127.0.0.1:5000</code>" in page
    assert "This is a development address" in page
    session.merge(Setting(key="org_url", value=PUBLIC + "/"))
    session.commit()
    page = client.get("/admin/settings").text
    assert f"<code>{PUBLIC}</code>" in page and "This is a development address" not in page


def test_with_the_public_url_set_no_published_address_is_a_development_one(client, session, publish):
    verdict = publish("Crime did not rise by half")
    serving.set_public_url(session, PUBLIC)
    documents = {path: client.get(path).text for path in (f"/verdicts/{verdict.slug}", "/feeds/verdicts.atom",
                                                          "/sitemap.xml", "/sitemaps/pages.xml")}
    page = documents[f"/verdicts/{verdict.slug}"]
    assert f'<link rel="canonical" href="{PUBLIC}/verdicts/{verdict.slug}">' in page
    claimreview = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert claimreview["url"] == f"{PUBLIC}/verdicts/{verdict.slug}"
    assert f"{PUBLIC}/verdicts/{verdict.slug}" in documents["/feeds/verdicts.atom"]
    for path, text in documents.items():
        assert "127.0.0.1" not in text and "localhost" not in text, path


def test_the_demo_sets_the_address_it_serves_but_keeps_a_real_one(app, session):
    session.merge(Setting(key="org_url", value=""))
    session.commit()
    assert CliRunner().invoke(main, ["demo-accounts"], env={"FACTCHECK_INSTANCE": app.instance_path,
                              "FACTCHECK_DATABASE_URL": app.config["DATABASE_URL"]}).exit_code == 0
    assert serving.stored_public_url(session) == serving.DEMO_URL
    serving.set_public_url(session, PUBLIC)
    serving.set_public_url(session, serving.DEMO_URL, only_if_unset=True)
    assert serving.stored_public_url(session) == PUBLIC
