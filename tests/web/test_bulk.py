"""Bulk triage from the queue: one transaction, one audit event per claim, refusals reported."""
from sqlalchemy import func, select

from factcheck.models import AuditEvent, Claim
from factcheck.services import triage
from tests.conftest import claim_status


def token(claim) -> str:
    return f"{claim.id}:{claim.version}"


def audit_count(session, claim_id=None) -> int:
    session.expire_all()
    query = select(func.count()).select_from(AuditEvent)
    if claim_id is not None:
        query = query.where(AuditEvent.claim_id == claim_id)
    return session.scalar(query)


def test_bulk_accept_changes_each_claim_once_and_reports_it(client, login, session, make_claim):
    claims = [make_claim() for _ in range(3)]
    login("reviewer")
    page = client.post("/desk/bulk", data={"action": "accept", "ids": [token(c) for c in claims]},
                       follow_redirects=True)
    assert "3 claims accepted." in page.text
    assert [claim_status(session, c.id) for c in claims] == ["queued"] * 3
    assert [audit_count(session, c.id) for c in claims] == [1, 1, 1]


def test_a_claim_changed_meanwhile_is_refused_and_the_rest_go_through(client, login, session, make_claim, make_user):
    first, second = make_claim(), make_claim()
    stale = token(second)
    triage.accept(session, make_user("reviewer"), second.id, second.version)  # someone else, meanwhile
    login("reviewer")
    page = client.post("/desk/bulk", data={"action": "dismiss", "reason": "opinion", "ids": [token(first), stale]},
                       follow_redirects=True)
    assert "1 claim dismissed; 1 refused." in page.text
    assert f"Claim #{second.id} was not changed: changed meanwhile by someone else" in page.text
    assert claim_status(session, first.id) == "dismissed" and claim_status(session, second.id) == "queued"


def test_wrong_state_and_forged_ids_are_refused_with_reasons(client, login, session, make_claim):
    new, queued = make_claim(), make_claim("queued")
    login("reviewer")
    page = client.post("/desk/bulk", data={"action": "accept", "ids": [token(new), token(queued), "999999:1"]},
                       follow_redirects=True)
    assert "1 claim accepted; 2 refused." in page.text
    assert "Cannot accept a claim that is queued" in page.text and "there is no claim 999999" in page.text


def test_a_row_button_acts_on_that_row_only(client, login, session, make_claim):
    one, other = make_claim(), make_claim()
    login("reviewer")
    client.post("/desk/bulk", data={"one": f"accept:{token(one)}", "ids": [token(other)], "action": "dismiss"})
    assert claim_status(session, one.id) == "queued" and claim_status(session, other.id) == "new"


def test_dismiss_needs_a_reason_and_other_needs_words_nothing_applied(client, login, session, make_claim):
    claims = [make_claim(), make_claim()]
    login("reviewer")
    page = client.post("/desk/bulk", data={"action": "dismiss", "reason": "other", "ids": [token(c) for c in claims]})
    assert page.status_code == 422 and "reason is &#39;Other&#39;" in page.text
    page = client.post("/desk/bulk", data={"action": "dismiss", "reason": "boring", "ids": [token(claims[0])]})
    assert page.status_code == 422 and "Choose a reason" in page.text
    assert [claim_status(session, c.id) for c in claims] == ["new", "new"] and audit_count(session) == 0


def test_bulk_dismiss_records_the_reason_text(client, login, session, make_claim):
    claim = make_claim()
    login("reviewer")
    client.post("/desk/bulk", data={"action": "dismiss", "reason": "other", "text": "satire", "ids": [token(claim)]})
    session.expire_all()
    assert session.get(Claim, claim.id).dismiss_reason == "Other: satire"


def test_a_selection_over_the_limit_is_refused_whole(client, login, session, make_claim):
    claim = make_claim()
    login("reviewer")
    ids = [token(claim)] + [f"{n}:1" for n in range(100_000, 109_999)]
    page = client.post("/desk/bulk", data={"action": "accept", "ids": ids})
    assert page.status_code == 422 and "10,000 claims were selected" in page.text and "at most 500" in page.text
    assert claim_status(session, claim.id) == "new" and audit_count(session) == 0


def test_duplicates_point_at_a_real_original(client, login, session, make_claim):
    original, copy, earlier_copy = make_claim(), make_claim(), make_claim("duplicate")
    login("reviewer")
    page = client.post("/desk/bulk", data={"action": "mark_duplicate", "duplicate_of": earlier_copy.id,
                                           "ids": [token(copy)]})
    assert page.status_code == 422 and "itself a duplicate" in page.text
    page = client.post("/desk/bulk", data={"action": "mark_duplicate", "duplicate_of": 424242, "ids": [token(copy)]})
    assert page.status_code == 404 and "no claim 424242" in page.text
    page = client.post("/desk/bulk", data={"action": "mark_duplicate", "duplicate_of": copy.id,
                                           "ids": [token(copy), token(original)]}, follow_redirects=True)
    assert "1 claim marked as duplicates; 1 refused." in page.text and "cannot be a duplicate of itself" in page.text
    session.expire_all()
    assert session.get(Claim, original.id).duplicate_of_id == copy.id
    assert claim_status(session, copy.id) == "new"


def test_malformed_selection_and_unknown_action_are_refused(client, login, session, make_claim):
    claim = make_claim()
    login("reviewer")
    assert client.post("/desk/bulk", data={"action": "accept", "ids": ["1;DROP"]}).status_code == 422
    assert client.post("/desk/bulk", data={"action": "publish", "ids": [token(claim)]}).status_code == 422
    assert client.post("/desk/bulk", data={"action": "accept"}).status_code == 422
    assert claim_status(session, claim.id) == "new"


def test_bulk_redirects_back_to_the_filtered_queue_but_never_offsite(client, login, make_claim):
    claim = make_claim()
    login("reviewer")
    back = client.post("/desk/bulk", data={"action": "accept", "ids": [token(claim)], "return_to": "/desk/?sort=oldest"})
    assert back.headers["Location"] == "/desk/?sort=oldest"
    offsite = client.post("/desk/bulk", data={"action": "accept", "ids": ["1:1"], "return_to": "//evil.example/"})
    assert offsite.headers["Location"] == "/desk/"
