"""Logging in and out, deactivation, safe redirects, CSRF and the failed-login rate limit."""
import re

import pytest

from factcheck import create_app
from tests.conftest import PASSWORD


def test_login_shows_the_queue_and_logout_ends_the_session(client, make_user):
    user = make_user("reviewer", name="Rosa Reviewer")
    page = client.post("/login", data={"email": user.email, "password": PASSWORD}, follow_redirects=True)
    assert "Welcome, Rosa Reviewer." in page.text and "New claims" in page.text
    page = client.post("/logout", follow_redirects=True)
    assert "You are logged out." in page.text
    assert client.get("/desk/").status_code == 302


def test_email_is_case_insensitive(client, make_user):
    make_user("editor", email="mixed.case@example.org")
    assert client.post("/login", data={"email": "MIXED.case@example.ORG", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("email,password", [("nobody@example.org", PASSWORD), (None, "wrong password")])
def test_wrong_credentials_get_401_and_a_message(client, make_user, email, password):
    user = make_user("reviewer")
    page = client.post("/login", data={"email": email or user.email, "password": password})
    assert page.status_code == 401
    assert "Wrong email or password" in page.text


def test_empty_login_form_is_a_400_with_the_form(client):
    page = client.post("/login", data={"email": "", "password": ""})
    assert page.status_code == 400 and "This field is required." in page.text


@pytest.mark.parametrize("target,expected", [
    ("/desk/articles", "/desk/articles"),
    ("https://evil.example/", "/desk/"),
    ("//evil.example/", "/desk/"),
    ("/\\evil.example", "/desk/"),
    ("javascript:alert(1)", "/desk/"),
    ("https:evil.example", "/desk/"),
    ("%2F%2Fevil.example", "/desk/"),
    ("/%2F/evil.example", "/%2F/evil.example"),  # a path on this site (it is a 404 here, not a redirect away)
    ("\t//evil.example", "/desk/"),
    ("/\t/evil.example", "/desk/"),
    ("///evil.example", "/desk/"),
    ("data:text/html,<script>alert(1)</script>", "/desk/"),
])
def test_login_redirects_only_to_local_paths(client, make_user, target, expected):
    user = make_user("reviewer")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": target})
    assert response.headers["Location"] == expected


def test_deactivated_account_is_logged_out_at_its_next_request(client, login, app, session):
    user = login("reviewer")
    assert client.get("/desk/").status_code == 200
    session.get(type(user), user.id).active = False
    session.commit()
    response = client.get("/desk/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_deactivated_account_cannot_log_in(client, make_user):
    user = make_user("reviewer", active=False)
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 401




def csrf_token(page_text: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text).group(1)


def test_post_without_or_with_a_wrong_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    for data in ({"email": "a@b.org", "password": "x"}, {"email": "a@b.org", "password": "x", "csrf_token": "forged"}):
        page = client.post("/login", data=data)
        assert page.status_code == 400 and "did not come from this site" in page.text


def test_login_with_csrf_token_works_and_failures_are_rate_limited(csrf_app):
    from factcheck.services import accounts

    session = csrf_app.extensions["factcheck.sessionmaker"]()
    accounts.create_user(session, None, "ok@example.org", "Okay", "reviewer", PASSWORD)
    client = csrf_app.test_client()
    token = csrf_token(client.get("/login").text)
    statuses = [client.post("/login", data={"email": "ok@example.org", "password": "nope", "csrf_token": token}).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    page = client.post("/login", data={"email": "ok@example.org", "password": PASSWORD, "csrf_token": token})
    assert page.status_code == 429 and "Too many failed login attempts" in page.text
    # a colleague behind the same address is not locked out by someone guessing another account
    accounts.create_user(session, None, "colleague@example.org", "Colleague", "reviewer", PASSWORD)
    other = client.post("/login", data={"email": "colleague@example.org", "password": PASSWORD, "csrf_token": token})
    assert other.status_code == 302


def test_session_cookie_flags(client, make_user):
    user = make_user("reviewer")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_setting(database, tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_SECURE_COOKIES", "1")
    app = create_app({"TESTING": True, "DATABASE_URL": database[0], "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_guesses_sprayed_over_many_accounts_hit_the_address_limit(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token(client.get("/login").text)
    statuses = [client.post("/login", data={"email": f"user{n}@example.org", "password": "nope",
                                            "csrf_token": token}).status_code for n in range(31)]
    assert statuses[:30] == [401] * 30 and statuses[30] == 429  # ten times one account's 3 per minute
