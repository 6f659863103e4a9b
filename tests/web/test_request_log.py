"""The request log: one JSON line per request with who and how long, a request id that follows the
request (header, error page), and the client's address believed only behind a configured proxy."""
from __future__ import annotations

import json
import logging
import re

import pytest

from factcheck import create_app

FIELDS = {"method", "path", "status", "ms", "user", "request_id", "remote"}


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="factcheck.requests")

    def read() -> list[dict]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "factcheck.requests"]

    return read


def test_one_line_per_request_with_its_fields(client, lines):
    client.get("/")
    client.get("/no-such-page")
    client.post("/login", data={"email": "nobody@example.org", "password": "x"})
    logged = lines()
    assert [(line["method"], line["path"], line["status"]) for line in logged] == [
        ("GET", "/", 200), ("GET", "/no-such-page", 404), ("POST", "/login", 401)]
    for line in logged:
        assert set(line) == FIELDS
        assert line["user"] is None and line["remote"] == "127.0.0.1"
        assert isinstance(line["ms"], float) and 0 <= line["ms"] < 10_000


def test_the_logged_in_account_is_named(client, login, lines):
    user = login("editor")
    client.get("/desk/")
    assert lines()[-1]["user"] == user.id
    assert lines()[-1]["path"] == "/desk/"


def test_request_id_header_matches_the_log_and_a_safe_incoming_id_is_kept(client, lines):
    fresh = client.get("/")
    assert re.fullmatch(r"[0-9a-f]{16}", fresh.headers["X-Request-ID"])
    kept = client.get("/", headers={"X-Request-ID": "nginx-7f3a.42:1"})
    assert kept.headers["X-Request-ID"] == "nginx-7f3a.42:1"
    assert [line["request_id"] for line in lines()] == [fresh.headers["X-Request-ID"], "nginx-7f3a.42:1"]


@pytest.mark.parametrize("unsafe", ["a" * 65, "two words", "<script>", "id\"quote", "-leading-dash", "é"])
def test_an_unsafe_incoming_id_is_replaced(client, unsafe):
    response = client.get("/", headers={"X-Request-ID": unsafe})
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-ID"])


@pytest.mark.parametrize("role", [None, "reviewer", "editor"])
def test_error_pages_show_the_request_id(client, login, role):
    if role:
        login(role)
    response = client.get("/admin/settings" if role else "/verdicts/no-such-verdict",
                          headers={"X-Request-ID": "quote-me-123"})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:  # anonymous is sent to log in; the missing page is the error
        response = client.get("/verdicts/no-such-verdict", headers={"X-Request-ID": "quote-me-123"})
    assert "Request id: <code>quote-me-123</code>" in response.text


def app_with(database, tmp_path, **config):
    url, _, _ = database
    return create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SECRET_KEY": "tests", **config})


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "checks.example"}


def test_forwarded_headers_are_ignored_without_proxy_fix(app, client, lines):
    client.get("/healthz", headers=FORWARDED)
    assert lines()[-1]["remote"] == "127.0.0.1"


def test_proxy_fix_believes_the_configured_proxy(database, tmp_path, lines):
    app = app_with(database, tmp_path, PROXY_FIX=1)
    seen = {}
    app.add_url_rule("/_seen", "seen", lambda: seen.update(scheme=__import__("flask").request.scheme,
                                                            host=__import__("flask").request.host) or "ok")
    app.test_client().get("/_seen", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert lines()[-1]["remote"] == "203.0.113.9"
    assert seen == {"scheme": "https", "host": "checks.example"}
    # one proxy trusted: a client's own forged X-Forwarded-For in front of the proxy's is not believed
    app.test_client().get("/healthz", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"},
                          environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert lines()[-1]["remote"] == "203.0.113.9"


def test_page_files_served_before_the_app_are_logged_with_the_client_behind_the_proxy(database, tmp_path, lines):
    folder = tmp_path / "public"
    (folder / "methodology").mkdir(parents=True)
    (folder / "methodology" / "index.html").write_text("<!doctype html><title>How we check</title>", encoding="utf-8")
    app = app_with(database, tmp_path, PROXY_FIX=1, PUBLIC_FOLDER=str(folder))
    response = app.test_client().get("/methodology", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert "How we check" in response.text  # the file, not the app's page
    line = lines()[-1]
    assert (line["path"], line["remote"], line["request_id"]) == ("/methodology", "203.0.113.9",
                                                                  response.headers["X-Request-ID"])


def test_switched_off_there_is_no_line_and_no_id(database, tmp_path, lines):
    response = app_with(database, tmp_path, REQUEST_LOG=False).test_client().get("/healthz")
    assert response.status_code == 200 and "X-Request-ID" not in response.headers
    assert lines() == []
