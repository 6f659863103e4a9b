"""A copied session cookie stops working when its account's sessions end: at logout, at a password
change, at deactivation, and when an admin logs the account out everywhere."""
from factcheck.services import accounts
from tests.conftest import PASSWORD


def copy_of(app, client):
    """A second browser holding the same (stolen) session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_logout_is_refused_after_it(app, client, login):
    login("reviewer")
    thief = copy_of(app, client)
    assert thief.get("/desk/").status_code == 200
    client.post("/logout")
    assert thief.get("/desk/").status_code == 302  # back to the login page


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, client, login):
    login("editor")
    thief = copy_of(app, client)
    page = client.post("/account/password", data={"current": PASSWORD, "new": "a much newer passphrase",
                                                   "confirm": "a much newer passphrase"}, follow_redirects=True)
    assert "logged out everywhere else" in page.text
    assert client.get("/desk/").status_code == 200
    assert thief.get("/desk/").status_code == 302


def test_deactivation_and_log_out_everywhere_by_an_admin(app, client, login, make_user, session):
    person = login("reviewer")
    thief = copy_of(app, client)
    admin = make_user("admin")
    accounts.end_sessions(session, admin, person.id)
    assert client.get("/desk/").status_code == 302 and thief.get("/desk/").status_code == 302
    login_again = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert login_again.status_code == 302 and client.get("/desk/").status_code == 200
    accounts.set_active(session, admin, person.id, False)
    assert client.get("/desk/").status_code == 302


def test_the_admin_page_button(client, login, make_user):
    login("admin")
    other = make_user("reviewer", name="Rory Reviewer")
    page = client.post(f"/admin/users/{other.id}/end-sessions", follow_redirects=True)
    assert "Rory Reviewer is logged out everywhere" in page.text
