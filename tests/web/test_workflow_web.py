"""Workflow actions through the web: stale versions, wrong states, forged ids — 4xx, nothing changed."""
from sqlalchemy import func, select

from factcheck.models import AuditEvent
from tests.conftest import claim_status


def audit_count(session):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AuditEvent))


def test_reviewer_accepts_a_new_claim(client, login, make_claim, session):
    claim = make_claim("new")
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/accept", data={"version": claim.version}, follow_redirects=True)
    assert page.status_code == 200 and claim_status(session, claim.id) == "queued"


def test_stale_version_is_refused_with_409_and_nothing_changes(client, login, make_claim, session):
    claim = make_claim("new", version=3)
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/accept", data={"version": 2})
    assert page.status_code == 409 and "changed since you opened it" in page.text
    assert claim_status(session, claim.id) == "new" and audit_count(session) == 0


def test_action_on_a_claim_in_the_wrong_state_is_a_409(client, login, make_claim, session):
    claim = make_claim("published")
    login("editor")
    page = client.post(f"/desk/claims/{claim.id}/accept", data={"version": claim.version})
    assert page.status_code == 409 and "Cannot accept a claim that is published" in page.text
    assert claim_status(session, claim.id) == "published"


def test_forged_claim_id_is_a_404(client, login):
    login("reviewer")
    assert client.post("/desk/claims/987654/accept", data={"version": 1}).status_code == 404


def test_missing_version_is_a_4xx_not_a_500(client, login, make_claim, session):
    claim = make_claim("new")
    login("reviewer")
    response = client.post(f"/desk/claims/{claim.id}/accept", data={})
    assert 400 <= response.status_code < 500 and claim_status(session, claim.id) == "new"
