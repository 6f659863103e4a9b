"""The verdict draft (preview, completeness, sourcing rule, stale saves) and editorial review."""
import pytest
from sqlalchemy import select

from factcheck.models import Claim, Evidence, RatingLevel, Setting, Verdict
from factcheck.services import research
from tests.conftest import claim_status


def rating(session, slug="false") -> int:
    return session.scalar(select(RatingLevel.id).where(RatingLevel.slug == slug))


def version(session, claim_id) -> int:
    session.expire_all()
    return session.get(Claim, claim_id).version


def add_source(session, claim_id, number, publisher="Stats Office", kind="secondary"):
    session.add(Evidence(claim_id=claim_id, number=number, url=f"https://{publisher.lower().replace(' ', '')}.example/{number}",
                         title=f"Source {number}", publisher=publisher, source_kind=kind, stance="refutes"))
    session.commit()


def draft_data(session, claim_id, **changes):
    data = {"version": version(session, claim_id), "rating": rating(session), "headline": "Crime did not rise",
            "summary": "It fell by 3%.", "body": "Police data shows a fall [1]."}
    return {**data, **changes}


@pytest.fixture
def researching(make_claim, login):
    def make(role="reviewer"):
        author = login(role)
        return make_claim("researching", assignee=author), author
    return make


def test_the_assignee_saves_a_draft_and_previews_it_safely(client, session, researching):
    claim, _ = researching()
    add_source(session, claim.id, 1)
    page = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id), follow_redirects=True)
    assert "Draft saved." in page.text and 'value="Crime did not rise"' in page.text
    hostile = "See [1] and [7].\n\n<script>alert(1)</script> [x](javascript:alert(2))"
    fragment = client.post(f"/desk/claims/{claim.id}/draft/preview", data={"body": hostile}).text
    assert 'href="#source-1"' in fragment and "[7]" in fragment and "#source-7" not in fragment
    assert "<script" not in fragment and 'href="javascript' not in fragment and "&lt;script&gt;" in fragment
    no_js = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id, body="**bold** [1]",
                                                                          preview="1"))
    assert no_js.status_code == 200 and "<strong>bold</strong>" in no_js.text
    session.expire_all()
    assert session.scalar(select(Verdict)).body == "Police data shows a fall [1]."  # preview saves nothing


@pytest.mark.parametrize("field,value,message", [
    ("headline", "h" * 75, "74 characters"), ("summary", "s" * 1001, "1000 characters"),
    ("rating", "99999", "no rating 99999"),
])
def test_bad_drafts_are_refused(client, session, researching, field, value, message):
    claim, _ = researching()
    page = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id, **{field: value}))
    assert page.status_code in (404, 422) and message in page.text
    assert session.scalar(select(Verdict)) is None


def test_someone_else_cannot_edit_the_draft(client, login, session, make_claim, make_user):
    claim = make_claim("researching", assignee=make_user("reviewer"))
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id))
    assert page.status_code == 422 and "Only the person researching" in page.text


def test_a_stale_draft_save_keeps_their_text_and_shows_the_saved_draft(client, session, researching):
    claim, author = researching()
    research.save_draft(session, author, claim.id, 1, research.DraftInput(rating_id=None, headline="Saved in another tab",
                        summary="", body=""))
    page = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id, version=1,
                                                                         headline="Typed here"))
    assert page.status_code == 409 and "Not saved." in page.text
    assert 'value="Typed here"' in page.text and "<dd>Saved in another tab</dd>" in page.text
    assert f'type="hidden" name="version" value="{version(session, claim.id)}"' in page.text


def test_submit_says_exactly_what_is_missing(client, session, researching):
    claim, _ = researching()
    page = client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    assert page.status_code == 422 and "a rating, a summary, at least one piece of evidence" in page.text
    add_source(session, claim.id, 1, publisher="Daily One")
    client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id))
    page = client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    assert page.status_code == 422 and "two independent publishers" in page.text and "from 1 publisher" in page.text
    assert claim_status(session, claim.id) == "researching"
    add_source(session, claim.id, 2, publisher="Weekly Two")
    client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    assert claim_status(session, claim.id) == "in_review"


def test_one_primary_source_meets_the_rule_and_the_rule_is_a_setting(client, session, researching):
    claim, _ = researching()
    session.get(Setting, "sourcing_rule").value = "two_publishers"
    session.commit()
    add_source(session, claim.id, 1, kind="primary")
    client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id))
    page = client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    assert page.status_code == 422 and "at least two independent publishers" in page.text
    session.get(Setting, "sourcing_rule").value = "primary_or_two_publishers"
    session.commit()
    client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    assert claim_status(session, claim.id) == "in_review"


def submitted(client, session, researching, role="reviewer"):
    claim, author = researching(role)
    add_source(session, claim.id, 1, kind="official_data")
    client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id))
    client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    assert claim_status(session, claim.id) == "in_review"
    client.post("/logout")
    return claim, author


def test_return_with_a_note_then_the_resubmission_shows_what_changed(client, login, session, researching):
    claim, author = submitted(client, session, researching)
    login("editor", name="Edna")
    queue = client.get("/desk/review/")
    assert f"/desk/review/{claim.id}" in queue.text and "Crime did not rise" in queue.text
    page = client.post(f"/desk/review/{claim.id}/return", data={"version": version(session, claim.id), "note": ""})
    assert page.status_code == 422 and claim_status(session, claim.id) == "in_review"
    client.post(f"/desk/review/{claim.id}/return", data={"version": version(session, claim.id),
                                                        "note": "Say which police data."})
    assert claim_status(session, claim.id) == "researching"
    client.post("/logout")
    client.post("/login", data={"email": author.email, "password": "correct horse battery"})
    draft_page = client.get(f"/desk/claims/{claim.id}/draft")
    assert "Returned to you by Edna" in draft_page.text and "Say which police data." in draft_page.text
    client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id,
                                                                  body="The national police data shows a fall [1]."))
    client.post(f"/desk/claims/{claim.id}/submit", data={"version": version(session, claim.id)})
    client.post("/logout")
    login("editor")
    review = client.get(f"/desk/review/{claim.id}")
    assert "Changed since the last review" in review.text
    assert '<span class="del">-Police data shows a fall [1].</span>' in review.text
    assert '<span class="add">+The national police data shows a fall [1].</span>' in review.text
    assert 'href="#source-1"' in review.text


def test_two_person_rule_then_publication(client, login, session, researching):
    claim, author = submitted(client, session, researching, role="editor")
    client.post("/login", data={"email": author.email, "password": "correct horse battery"})
    page = client.post(f"/desk/review/{claim.id}/publish", data={"version": version(session, claim.id), "confirmed": "1"})
    assert page.status_code == 403 and "Two-person rule" in page.text
    assert claim_status(session, claim.id) == "in_review"
    client.post("/logout")
    login("editor")
    page = client.post(f"/desk/review/{claim.id}/publish", data={"version": version(session, claim.id), "confirmed": "1"},
                       follow_redirects=True)
    assert "Published: “Crime did not rise”." in page.text and claim_status(session, claim.id) == "published"


def test_a_three_editor_panel_decides_the_rating_by_majority(client, login, session, researching):
    session.get(Setting, "rating_panel_size").value = 3
    session.commit()
    claim, _ = submitted(client, session, researching)
    votes = ["mostly-false", "mostly-false", "half-true"]
    for n, slug in enumerate(votes):
        login("editor", name=f"Voter {n}")
        if n == 0:
            early = client.post(f"/desk/review/{claim.id}/publish", data={"version": version(session, claim.id), "confirmed": "1"})
            assert early.status_code == 422 and "needs three editors&#39; votes" in early.text
        client.post(f"/desk/review/{claim.id}/vote", data={"rating": rating(session, slug)})
        client.post("/logout")
    login("editor")
    page = client.get(f"/desk/review/{claim.id}")
    assert "Voter 2</strong>: Half true" in page.text
    client.post(f"/desk/review/{claim.id}/publish", data={"version": version(session, claim.id), "confirmed": "1"})
    session.expire_all()
    assert session.scalar(select(Verdict)).rating_id == rating(session, "mostly-false")
    assert claim_status(session, claim.id) == "published"


def test_review_actions_on_a_claim_not_in_review(client, login, make_claim):
    claim = make_claim("queued")
    login("editor")
    assert client.post(f"/desk/review/{claim.id}/publish", data={"version": 1, "confirmed": "1"}).status_code == 409
    assert client.post(f"/desk/review/{claim.id}/return", data={"version": 1, "note": "no"}).status_code == 409
    assert client.post(f"/desk/review/{claim.id}/vote", data={"rating": 1}).status_code == 422


def test_the_claim_page_publish_button_also_waits_for_the_panel(client, login, session, researching):
    session.get(Setting, "rating_panel_size").value = 3
    session.commit()
    claim, _ = submitted(client, session, researching)
    login("editor")
    page = client.post(f"/desk/claims/{claim.id}/publish", data={"version": version(session, claim.id), "confirmed": "1"})
    assert page.status_code == 422 and "rating panel needs three" in page.text
    assert claim_status(session, claim.id) == "in_review"
