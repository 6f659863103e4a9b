"""The admin's accounts page: create, role changes, deactivation, and bad input."""
import pytest
from sqlalchemy import func, select

from factcheck.models import AuditEvent, User
from factcheck.workflow import Role
from tests.conftest import PASSWORD


def accounts(session):
    session.expire_all()
    return {user.email: user for user in session.scalars(select(User))}


def test_admin_creates_an_account_with_a_generated_password_shown_once(client, login, session):
    login("admin")
    page = client.post("/admin/users", data={"email": "New@Example.org", "name": "New Person", "role": "editor"})
    assert page.status_code == 201 and "Account created for new@example.org (editor)." in page.text
    assert 'class="password"' in page.text
    assert accounts(session)["new@example.org"].role is Role.EDITOR
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "create_account")) == 1


@pytest.mark.parametrize("data,message", [
    ({"email": "dup@example.org", "name": "Again", "role": "reviewer"}, "already exists"),
    ({"email": "x@example.org", "name": "X", "role": "owner"}, "Unknown role &#39;owner&#39;"),
    ({"email": "not-an-email", "name": "X", "role": "reviewer"}, "is not an email address"),
    ({"email": "y@example.org", "name": "", "role": "reviewer"}, "This field is required."),
    ({"email": "z@example.org", "name": "Z", "role": "reviewer", "password": "short"}, "between 10 and 1000 characters"),
])
def test_bad_account_input_is_refused(client, login, make_user, session, data, message):
    make_user("reviewer", email="dup@example.org")
    login("admin")
    before = len(accounts(session))
    page = client.post("/admin/users", data=data)
    assert page.status_code == 422 and message in page.text
    assert len(accounts(session)) == before


def test_deactivating_logs_the_person_out_and_reactivating_lets_them_back(app, client, login, make_user, session):
    victim = make_user("reviewer")
    other = app.test_client()
    assert other.post("/login", data={"email": victim.email, "password": PASSWORD}).status_code == 302
    login("admin")
    page = client.post(f"/admin/users/{victim.id}/deactivate", follow_redirects=True)
    assert "deactivated and logged out" in page.text
    assert other.get("/desk/").status_code == 302
    client.post(f"/admin/users/{victim.id}/activate")
    assert other.post("/login", data={"email": victim.email, "password": PASSWORD}).status_code == 302


def test_role_change_takes_effect_at_the_next_request(app, client, login, make_user, session):
    person = make_user("reviewer")
    other = app.test_client()
    other.post("/login", data={"email": person.email, "password": PASSWORD})
    assert other.get("/admin/users").status_code == 403
    login("admin")
    client.post(f"/admin/users/{person.id}/role", data={"role": "admin"})
    assert other.get("/admin/users").status_code == 200


def test_an_admin_cannot_lock_themselves_out(client, login, session):
    admin = login("admin")
    assert client.post(f"/admin/users/{admin.id}/deactivate").status_code == 422
    assert client.post(f"/admin/users/{admin.id}/role", data={"role": "reviewer"}).status_code == 422
    assert accounts(session)[admin.email].active and accounts(session)[admin.email].role is Role.ADMIN


def test_unknown_account_is_a_404(client, login):
    login("admin")
    assert client.post("/admin/users/999999/deactivate").status_code == 404
