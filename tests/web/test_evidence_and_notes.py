"""Evidence (numbered for good, validated, safely shown, soft-removed) and the internal notes thread."""
import pytest
from sqlalchemy import select

from factcheck.models import AuditEvent, Evidence, Note

SOURCE = {"url": "https://stats.example.org/jobs", "title": "Labour survey", "publisher": "Stats Office",
          "published_date": "2024-01-15", "excerpt": "Unemployment: 4.1%", "stance": "refutes",
          "source_kind": "official_data", "archive_url": "https://web.archive.org/web/2024/https://stats.example.org/jobs",
          "notes": "Table 3"}


def sources(session, claim_id):
    session.expire_all()
    return list(session.scalars(select(Evidence).where(Evidence.claim_id == claim_id).order_by(Evidence.number)))


def test_evidence_is_numbered_once_and_never_renumbered(client, login, session, make_claim):
    claim = make_claim("researching")
    login("reviewer")
    for title in ("One", "Two"):
        page = client.post(f"/desk/claims/{claim.id}/evidence", data={**SOURCE, "title": title}, follow_redirects=True)
    assert "Source [2] added." in page.text
    first = sources(session, claim.id)[0]
    page = client.post(f"/desk/claims/{claim.id}/evidence/{first.id}/remove", data={"version": first.version},
                       follow_redirects=True)
    assert "Source [1] removed" in page.text
    client.post(f"/desk/claims/{claim.id}/evidence", data={**SOURCE, "title": "Three"})
    rows = sources(session, claim.id)
    assert [(e.number, e.title, e.removed_at is not None) for e in rows] == \
        [(1, "One", True), (2, "Two", False), (3, "Three", False)]
    page = client.get(f"/desk/claims/{claim.id}")
    assert 'id="source-3"' in page.text and "Removed sources (1)" in page.text
    assert 'href="https://web.archive.org/web/2024/https://stats.example.org/jobs"' in page.text
    actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim.id))]
    assert actions == ["evidence_add", "evidence_add", "evidence_remove", "evidence_add"]


@pytest.mark.parametrize("field,value,message", [
    ("url", "javascript:alert(1)", "must be a web address"),
    ("url", "data:text/html;base64,PHNjcmlwdD4=", "must be a web address"),
    ("url", "", "This field is required"),
    ("archive_url", "javascript:alert(1)", "archived copy"),
    ("title", "", "This field is required"),
    ("title", "t" * 301, "300 characters"),
    ("stance", "agrees", "Not a valid choice"),
])
def test_bad_evidence_is_refused_and_nothing_is_saved(client, login, session, make_claim, field, value, message):
    claim = make_claim("researching")
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/evidence", data={**SOURCE, field: value})
    assert page.status_code == 422 and message in page.text
    assert sources(session, claim.id) == []
    assert 'value="Stats Office"' in page.text  # the rest of what they typed is kept


def test_evidence_only_while_the_claim_is_being_worked_on(client, login, session, make_claim):
    claim = make_claim("new")
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/evidence", data=SOURCE)
    assert page.status_code == 422 and "while a claim is queued or being researched" in page.text


def test_a_stale_evidence_edit_keeps_the_text_and_shows_the_current_values(client, login, session, make_claim):
    claim = make_claim("researching")
    login("reviewer")
    client.post(f"/desk/claims/{claim.id}/evidence", data=SOURCE)
    row = sources(session, claim.id)[0]
    client.post(f"/desk/claims/{claim.id}/evidence/{row.id}", data={**SOURCE, "title": "Their title", "version": 1})
    page = client.post(f"/desk/claims/{claim.id}/evidence/{row.id}", data={**SOURCE, "title": "My title", "version": 1})
    assert page.status_code == 409
    assert "changed by someone else" in page.text and 'value="My title"' in page.text and "<dd>Their title</dd>" in page.text
    assert sources(session, claim.id)[0].title == "Their title"
    again = client.post(f"/desk/claims/{claim.id}/evidence/{row.id}", data={**SOURCE, "title": "My title", "version": 2})
    assert again.status_code == 302 and sources(session, claim.id)[0].title == "My title"


def test_evidence_of_another_claim_cannot_be_edited_through_this_one(client, login, session, make_claim):
    mine, theirs = make_claim("researching"), make_claim("researching")
    login("reviewer")
    client.post(f"/desk/claims/{theirs.id}/evidence", data=SOURCE)
    row = sources(session, theirs.id)[0]
    page = client.post(f"/desk/claims/{mine.id}/evidence/{row.id}/remove", data={"version": 1})
    assert page.status_code == 422 and sources(session, theirs.id)[0].removed_at is None
    assert client.post(f"/desk/claims/{mine.id}/evidence/99999/remove", data={"version": 1}).status_code == 404


def test_notes_form_an_internal_thread(client, login, session, make_claim):
    claim = make_claim("queued")
    login("reviewer", name="Nadia")
    page = client.post(f"/desk/claims/{claim.id}/notes", data={"body": "Called the ministry <b>twice</b>."},
                       follow_redirects=True)
    assert "Note added." in page.text and "Called the ministry &lt;b&gt;twice&lt;/b&gt;." in page.text
    assert "Nadia" in page.text
    assert client.post(f"/desk/claims/{claim.id}/notes", data={"body": ""}).status_code == 422
    too_long = client.post(f"/desk/claims/{claim.id}/notes", data={"body": "x" * 5001})
    assert too_long.status_code == 422 and "5000 characters" in too_long.text
    assert len(list(session.scalars(select(Note)))) == 1
    assert "Called the ministry" not in client.get("/").text
