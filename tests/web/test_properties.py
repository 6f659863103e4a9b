"""Property tests: random and boundary values posted to every form field of every POST route, and put
in every query parameter of every GET route and API endpoint. Whatever comes in, the answer is never a
5xx (under TESTING an unhandled exception propagates and fails the test too).

Routes come from the app's URL map, field names from every FlaskForm the app defines, and query
parameter names from the `request.args` reads in factcheck/web, so pages added later are covered
without editing this file. Runs on SQLite and, in CI's second pass, on PostgreSQL.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from wtforms.fields.core import UnboundField

from factcheck.models import User
from tests.conftest import PASSWORD

WEB = Path(__file__).resolve().parents[2] / "factcheck" / "web"
LOGOUT = {"/logout"}
BOUNDARY = ["", " ", "0", "-1", "1", "2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
            "99999999999999999999", "-99999999999999999999", "1e309", "NaN", "²", "①", "٣", "0x10", "1.5",
            "9999-12-31", "0001-01-01", "2024-02-30", "2024-13-01", "yesterday", "a\x00b", "\x1b[31m", "\ufeff",
            "\u202etxt.exe", "' OR 1=1 --", "%00", "../../etc/passwd", "javascript:alert(1)", "<script>x</script>",
            "x" * 5000, "🙂" * 300, "true", "false", "null", "[]", "{}", "on", "published", "admin", "#ff00ff",
            "#zzzzzz", "http://127.0.0.1:1/", "https://example.org/" + "a" * 3000]
values = st.one_of(st.sampled_from(BOUNDARY), st.text(max_size=60), st.integers().map(str))


def form_fields() -> list[str]:
    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        for klass in form.__mro__:
            names.update(name for name, value in vars(klass).items() if isinstance(value, UnboundField))
    return sorted(names | {"csrf_token", "confirmed", "version", "ids", "action", "submit", "block", "next"})


def query_names() -> list[str]:
    found: set[str] = set()
    for path in WEB.glob("*.py"):
        found.update(re.findall(r"request\.args\.get(?:list)?\(\s*[\"']([a-z_]+)[\"']", path.read_text()))
    return sorted(found | {"page", "per_page", "q", "before", "after", "format"})


def path_for(rule, ids: dict[str, int], draw_int) -> str:
    def piece(match):
        converter, name = match.group(1) or "", match.group(2)
        if converter.startswith("int"):
            return str(draw_int(ids.get(name, 1)))
        if converter.startswith("any("):
            return converter[4:].split(",")[0].strip(" )'\"")
        return "x"
    return re.sub(r"<(?:([^:>]+):)?([^>]+)>", piece, rule.rule)


@pytest.fixture
def world(app, session, publish, make_claim, make_user, make_article):
    """A desk with something in every state, and an admin (who passes every role check) to act as."""
    verdict = publish()
    claims = {status: make_claim(status).id for status in ("new", "queued", "dismissed")}
    admin = make_user("admin")
    return {"claim_id": claims["queued"], "verdict_id": verdict.id, "article_id": make_article().id,
            "user_id": admin.id, "tip_id": 1, "amendment_id": 1, "evidence_id": 1, "note_id": 1, "level_id": 1,
            "job_id": 1, "appearance_id": 1, "other_id": claims["new"], "admin": admin}


def logged_in(app, session, admin):
    """A fresh client logged in as the admin (a random post may have demoted or logged them out)."""
    session.execute(update(User).where(User.id == admin.id).values(role="admin", active=True))
    session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": admin.email, "password": PASSWORD}).status_code == 302
    return client


SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(data=st.data())
def test_no_form_post_is_ever_a_5xx(app, session, world, data):
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods and r.rule not in LOGOUT),
                   key=lambda r: r.rule)
    rule = data.draw(st.sampled_from(rules), label="route")
    ids = {k: v for k, v in world.items() if isinstance(v, int)}
    path = path_for(rule, ids, lambda real: data.draw(st.sampled_from([real] * 4 + [0, 2**31, 2**63, 10**20])))
    form = data.draw(st.dictionaries(st.sampled_from(form_fields()), values, max_size=8), label="form")
    client = logged_in(app, session, world["admin"])
    response = client.post(path, data=form)
    assert response.status_code < 500, (path, form, response.status_code)


@SETTINGS
@given(data=st.data())
def test_no_query_string_on_any_page_or_api_is_ever_a_5xx(app, session, world, data):
    rules = sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"),
                   key=lambda r: r.rule)
    rule = data.draw(st.sampled_from(rules), label="route")
    ids = {k: v for k, v in world.items() if isinstance(v, int)}
    path = path_for(rule, ids, lambda real: data.draw(st.sampled_from([real] * 4 + [0, 2**31, 2**63])))
    query = data.draw(st.dictionaries(st.sampled_from(query_names()), values, max_size=5), label="query")
    client = logged_in(app, session, world["admin"]) if data.draw(st.booleans(), label="logged in") else app.test_client()
    response = client.get(path, query_string=query)
    assert response.status_code < 500, (path, query, response.status_code)


@SETTINGS
@given(body=st.one_of(st.dictionaries(st.sampled_from(["text", "link", "seen_where", "contact", "wants_updates",
                                                          "claim", "url", "lang"]),
                                      st.one_of(values, st.integers(), st.booleans(), st.none(),
                                                st.lists(values, max_size=3)), max_size=6),
                      st.lists(values, max_size=3), values))
def test_no_json_body_sent_to_the_api_is_ever_a_5xx(app, world, body):
    client = app.test_client()
    for rule in (r for r in app.url_map.iter_rules() if r.rule.startswith("/api/") and "POST" in r.methods):
        response = client.post(path_for(rule, {}, lambda real: real), json=body)
        assert response.status_code < 500, (rule.rule, body, response.status_code)
