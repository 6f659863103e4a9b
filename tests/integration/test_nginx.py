"""Debian's real nginx in front of the app, serving PUBLIC_FOLDER as docs/deploy.md shows: a publish, a
correction and a retraction are visible through nginx at once, served from the files; the desk, a
logged-in editor and query strings always reach the app."""
from __future__ import annotations

import http.client
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from factcheck import create_app
from factcheck.models import Claim
from factcheck.services import editorial
from factcheck.services.editorial import Change
from tests.conftest import PASSWORD, reset

NGINX = "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (apt-get install nginx)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_conf(prefix: Path, port: int, folder: Path, upstreams: list[str], user: str | None = None) -> str:
    """The configuration of docs/deploy.md ("nginx in front"), with pid, logs and temp files in `prefix`."""
    servers = "\n".join(f"        server {u};" for u in upstreams)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user_line = f"user {user};\n" if user else ""  # the tests run as root with 0700 temporary folders
    return user_line + f"""daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    log_format upstream '$request_uri $status $upstream_addr';  # "-": sent from the public folder
    access_log {prefix}/access.log upstream;
{temp}
    upstream factcheck {{
{servers}
        keepalive 16;
    }}
    map $http_cookie $logged_in {{
        default 0;
        "~(^|;\\s*)(session|remember_token)=" 1;
    }}
    server {{
        listen 127.0.0.1:{port};
        root {folder};
        error_page 418 = @app;
        if ($logged_in) {{ return 418; }}  # an editor: the app (their name, their desk)
        if ($args) {{ return 418; }}       # ?page=2, ?after=...: the app

        location / {{
            try_files $uri $uri/index.html @app;
        }}
        location = /api/v1/claimreview.json {{
            add_header Access-Control-Allow-Origin "*";
            try_files $uri @app;
        }}
        location ~ ^/(desk|admin|login|logout|api/|static/|search|submit|healthz|readyz) {{
            proxy_pass http://factcheck;
            include {prefix}/proxy.conf;
        }}
        location @app {{
            proxy_pass http://factcheck;
            include {prefix}/proxy.conf;
        }}
    }}
}}
"""


PROXY_CONF = """proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header X-Request-ID $request_id;
"""


class Nginx:
    def __init__(self, prefix: Path, folder: Path, upstreams: list[str]):
        self.prefix, self.port = prefix, free_port()
        prefix.mkdir(parents=True, exist_ok=True)
        (prefix / "proxy.conf").write_text(PROXY_CONF)
        (prefix / "nginx.conf").write_text(nginx_conf(prefix, self.port, folder, upstreams, user="root"))
        self.process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
                raise RuntimeError("nginx did not start: " + self.process.stdout.read().decode() + log)
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen")

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        """(status, lower-cased headers with "cookie" made from every Set-Cookie, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            found = {k.lower(): v for k, v in response.getheaders()}
            cookies = [c.split(";", 1)[0] for c in response.msg.get_all("Set-Cookie") or []]
            found["cookie"] = "; ".join(cookies)
            return response.status, found, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, form: dict, headers: dict | None = None) -> tuple[int, dict, str]:
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(form), {"Content-Type": "application/x-www-form-urlencoded",
                                                            **(headers or {})})

    def upstream_of(self, path: str) -> str:
        """Who answered the last request for `path`: "-" is nginx from the folder, else the app's address."""
        time.sleep(0.05)  # nginx writes its log line after the response
        lines = [line.split() for line in (self.prefix / "access.log").read_text().splitlines()]
        return [line[2] for line in lines if line[0] == path][-1]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "public"


@pytest.fixture
def app(database, tmp_path, folder):
    url, engine, installed = database
    reset(engine, installed)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "1000 per minute", "SECRET_KEY": "tests",
                      "PUBLIC_FOLDER": str(folder), "PROXY_FIX": 1})
    yield app
    app.extensions["factcheck.engine"].dispose()


@pytest.fixture
def site(app, tmp_path, folder):
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    folder.mkdir(parents=True, exist_ok=True)
    nginx = Nginx(tmp_path / "nginx", folder, [f"127.0.0.1:{server.server_port}"])
    yield nginx
    nginx.stop()
    server.shutdown()
    thread.join(5)


def version_of(session, verdict):
    session.expire_all()
    return session.get(Claim, verdict.claim_id).version


def test_nginx_shows_a_publish_a_correction_and_a_retraction_at_once(site, session, publish, folder):
    verdict = publish("Crime did not rise by half", speaker="Jane Minister")
    status, headers, body = site.get(f"/verdicts/{verdict.slug}")
    assert status == 200 and "Crime did not rise by half" in body
    assert site.upstream_of(f"/verdicts/{verdict.slug}") == "-"  # nginx sent the file; the app never saw it
    for path in ("/", "/verdicts/", "/feeds/verdicts.atom", "/speakers/jane-minister", "/sitemaps/verdicts-1.xml"):
        status, headers, body = site.get(path)
        assert status == 200 and site.upstream_of(path) == "-", path
        assert "Crime did not rise by half" in body or f"/verdicts/{verdict.slug}" in body, path
    status, headers, body = site.get("/api/v1/claimreview.json")
    assert status == 200 and headers["content-type"].startswith("application/json") and verdict.slug in body
    assert headers["access-control-allow-origin"] == "*" and site.upstream_of("/api/v1/claimreview.json") == "-"
    assert site.get("/feeds/verdicts.atom")[1]["content-type"].startswith("application/atom+xml")

    editorial.correct(session, publish.editor, verdict.claim_id, version_of(session, verdict),
                      Change(note="The headline overstated it.", headline="Crime rose by three per cent"))
    status, _headers, body = site.get(f"/verdicts/{verdict.slug}")
    assert "Crime rose by three per cent" in body and "The headline overstated it." in body
    assert "Crime rose by three per cent" in site.get("/")[2]
    assert "The headline overstated it." in site.get("/corrections")[2]

    editorial.retract(session, publish.editor, verdict.claim_id, version_of(session, verdict), "The data was wrong.")
    status, _headers, body = site.get(f"/verdicts/{verdict.slug}")
    assert status == 200 and "Retracted" in body and "The data was wrong." in body
    assert "The data was wrong." in site.get("/corrections")[2]


def test_the_desk_editors_and_query_strings_reach_the_app_through_nginx(site, publish, make_user, folder):
    verdict = publish("Seen by the desk")
    (folder / "verdicts" / verdict.slug / "index.html").write_text("the file on disk")
    status, headers, body = site.get("/desk/")
    assert status == 302 and site.upstream_of("/desk/") != "-"  # the app: log in first
    status, headers, body = site.get(f"/verdicts/{verdict.slug}?utm_source=x")
    assert status == 200 and "Seen by the desk" in body and site.upstream_of(f"/verdicts/{verdict.slug}?utm_source=x") != "-"
    editor = make_user("editor", name="Nina Nginx")
    status, headers, _ = site.post("/login", {"email": editor.email, "password": PASSWORD})
    assert status == 302, _
    cookie = headers["cookie"]
    status, headers, body = site.get(f"/verdicts/{verdict.slug}", {"Cookie": cookie})
    assert status == 200 and "Seen by the desk" in body and "the file on disk" not in body
    assert site.get(f"/verdicts/{verdict.slug}")[2] == "the file on disk"  # readers: the file
    status, _, body = site.get("/desk/", {"Cookie": cookie})
    assert status == 200 and "Nina Nginx" in body


def test_the_sample_in_the_deploy_guide_is_the_tested_one():
    path = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
    if not path.exists():
        pytest.skip("docs/deploy.md is not in this checkout yet")
    guide = path.read_text()
    sample = nginx_conf(Path("/var/lib/factcheck/nginx"), 80, Path("/srv/factcheck/public"), ["127.0.0.1:8000"])
    for line in ("try_files $uri $uri/index.html @app;", "if ($logged_in) { return 418; }", "if ($args) { return 418; }",
                 "location = /api/v1/claimreview.json {",
                 "location ~ ^/(desk|admin|login|logout|api/|static/|search|submit|healthz|readyz) {"):
        assert line in sample and line in guide, line
