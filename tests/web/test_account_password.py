"""People change their own password: the current one confirms it, the audit says so (never the password)."""
import pytest
from sqlalchemy import select

from factcheck.models import AuditEvent
from tests.conftest import PASSWORD

NEW = "a much longer passphrase"


def can_log_in(app, email: str, password: str) -> bool:
    return app.test_client().post("/login", data={"email": email, "password": password}).status_code == 302


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_anyone_changes_their_password_and_logs_in_with_the_new_one(app, client, login, session, role):
    user = login(role)
    assert 'href="/account/password"' in client.get("/desk/articles").text  # linked from the header
    page = client.post("/account/password", data={"current": PASSWORD, "new": NEW, "confirm": NEW},
                       follow_redirects=True)
    assert page.status_code == 200 and "Your password is changed." in page.text
    assert can_log_in(app, user.email, NEW) and not can_log_in(app, user.email, PASSWORD)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "change_password"))
    assert event.actor_id == user.id and event.data == {"user": user.id}
    assert NEW not in repr(event.data) and PASSWORD not in repr(event.data)


@pytest.mark.parametrize("data,message", [
    ({"current": "not my password", "new": NEW, "confirm": NEW}, "Your current password is not right"),
    ({"current": PASSWORD, "new": NEW, "confirm": NEW + "!"}, "The two new passwords are not the same."),
    ({"current": PASSWORD, "new": "short", "confirm": "short"}, "The new password needs 10 to 1000 characters."),
    ({"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD}, "The new password is the same as the current one"),
    ({"current": "", "new": NEW, "confirm": NEW}, "This field is required."),
])
def test_a_refused_change_says_why_and_keeps_the_old_password(app, client, login, session, data, message):
    user = login("reviewer")
    page = client.post("/account/password", data=data)
    assert page.status_code == 422 and message in page.text
    assert "Your password was not changed" in page.text
    assert NEW not in page.text and PASSWORD not in page.text  # passwords are never echoed back
    assert can_log_in(app, user.email, PASSWORD)
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "change_password")) is None


def test_the_page_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_change_is_in_the_audit_log_in_words(client, login, app):
    user = login("admin", name="Ada Admin")
    client.post("/account/password", data={"current": PASSWORD, "new": NEW, "confirm": NEW})
    page = client.get("/admin/audit?action=change_password")
    assert "change own password" in page.text and f"account Ada Admin ({user.email})" in page.text
