"""What the editorial issue promised a fact-checker, through the web: "Submit for review" sends what is on
the screen, a refused submit keeps every field, the drafting editor cannot amend alone, evidence is frozen
in review, citations are checked, refusals re-show the page the person was on."""
from sqlalchemy import select

from factcheck.models import Amendment, Claim, Correction, Evidence, RatingLevel, Verdict
from factcheck.services import editorial, research


def level(session, slug="false") -> int:
    return session.scalar(select(RatingLevel.id).where(RatingLevel.slug == slug))


def version(session, claim_id) -> int:
    session.expire_all()
    return session.get(Claim, claim_id).version


def add_source(session, claim_id, number=1):
    session.add(Evidence(claim_id=claim_id, number=number, url=f"https://stats.example.org/{number}",
                         title=f"Source {number}", publisher="Stats Office", source_kind="primary", stance="refutes"))
    session.commit()


def typed(session, claim_id, **changes):
    data = {"version": version(session, claim_id), "rating": level(session), "headline": "Crime did not rise",
            "summary": "It fell by 3%.", "body": "Police data shows a fall [1].", "submit": "1"}
    return data | changes


def test_submit_saves_what_is_on_the_screen_and_submits(client, session, login, make_claim):
    author = login("reviewer")
    claim = make_claim("researching", assignee=author)
    add_source(session, claim.id)
    page = client.post(f"/desk/claims/{claim.id}/draft", data=typed(session, claim.id))  # never saved before
    assert page.status_code == 302
    session.expire_all()
    assert session.get(Claim, claim.id).status == "in_review"
    assert session.scalar(select(Verdict.headline).where(Verdict.claim_id == claim.id)) == "Crime did not rise"


def test_a_refused_submit_keeps_every_field_and_links_each_problem(client, session, login, make_claim):
    author = login("reviewer")
    claim = make_claim("researching", assignee=author)  # no evidence yet
    page = client.post(f"/desk/claims/{claim.id}/draft",
                       data=typed(session, claim.id, summary="", body="My long careful text [1] [4]."))
    assert page.status_code == 422
    assert 'value="Crime did not rise"' in page.text and "My long careful text [1] [4]." in page.text
    assert 'class="error-summary"' in page.text and 'href="#summary"' in page.text
    assert "at least one piece of evidence" in page.text and r"cites [1], [4]" in page.text
    assert 'aria-invalid="true"' in page.text
    session.expire_all()
    assert session.get(Claim, claim.id).status == "researching"
    assert session.scalar(select(Verdict).where(Verdict.claim_id == claim.id)) is None  # nothing half-saved


def test_a_returned_draft_is_shown_to_its_author(client, session, login, make_claim, make_user):
    author = login("reviewer")
    claim = make_claim("researching", assignee=author)
    add_source(session, claim.id)
    client.post(f"/desk/claims/{claim.id}/draft", data=typed(session, claim.id))
    editorial.return_draft(session, make_user("editor", name="Edna Editor"), claim.id, version(session, claim.id),
                           "Name the police force.")
    for path in (f"/desk/claims/{claim.id}", f"/desk/claims/{claim.id}/draft"):
        page = client.get(path)
        assert "Returned to you by Edna Editor" in page.text and "Name the police force." in page.text


def test_evidence_is_frozen_while_in_review_and_cited_evidence_cannot_go(client, session, login, make_claim):
    author = login("reviewer")
    claim = make_claim("researching", assignee=author)
    add_source(session, claim.id, 1)
    research.save_draft(session, author, claim.id, version(session, claim.id), research.DraftInput(
        rating_id=level(session), headline="H", summary="S", body="See [1]."))
    row = session.scalar(select(Evidence).where(Evidence.claim_id == claim.id))
    refused = client.post(f"/desk/claims/{claim.id}/evidence/{row.id}/remove", data={"version": row.version})
    assert refused.status_code == 422 and "cited in the draft" in refused.text
    research.submit(session, author, claim.id, version(session, claim.id))
    page = client.get(f"/desk/claims/{claim.id}")
    assert "evidence is frozen" in page.text and "Add source" not in page.text
    frozen = client.post(f"/desk/claims/{claim.id}/evidence", data={"url": "https://x.example/", "title": "Late"})
    assert frozen.status_code == 422
    assert len(session.scalars(select(Evidence).where(Evidence.claim_id == claim.id)).all()) == 1


def test_a_refused_action_reshows_the_claim_page_not_a_bare_error(client, session, login, make_claim):
    login("reviewer")
    claim = make_claim("new")
    page = client.post(f"/desk/claims/{claim.id}/dismiss", data={"version": claim.version, "reason": "other"})
    assert page.status_code == 422 and f"Claim #{claim.id}" in page.text and "Not applied." in page.text


def test_the_drafting_editor_cannot_rerate_alone_and_a_second_editor_signs_off(client, session, login, make_claim,
                                                                               make_user):
    author = login("editor")
    claim = make_claim("researching", assignee=author)
    add_source(session, claim.id)
    client.post(f"/desk/claims/{claim.id}/draft", data=typed(session, claim.id))
    verdict = editorial.publish(session, make_user("editor"), claim.id, version(session, claim.id))
    mostly = level(session, "mostly-false")
    data = {"version": version(session, claim.id), "kind": "correction", "rating": mostly, "headline": verdict.headline,
            "summary": verdict.summary, "body": verdict.body, "note": "Re-rated.", "confirmed": "1"}
    page = client.post(f"/desk/published/{verdict.id}/correct", data=data, follow_redirects=True)
    assert "waits for another editor" in page.text
    assert ">False</a>" in client.get(f"/verdicts/{verdict.slug}").text  # readers still see the old rating
    [amendment] = session.scalars(select(Amendment))
    queue = client.get("/desk/review/")
    assert f"/desk/published/amendments/{amendment.id}" in queue.text
    refused = client.post(f"/desk/published/amendments/{amendment.id}/approve",
                          data={"version": version(session, claim.id), "confirmed": "1"})
    assert refused.status_code == 403 and "Two-person rule" in refused.text
    client.post("/logout")
    login("editor")
    asked = client.post(f"/desk/published/amendments/{amendment.id}/approve", data={"version": version(session, claim.id)})
    assert "Are you sure?" in asked.text  # a rating change asks first
    client.post(f"/desk/published/amendments/{amendment.id}/approve",
                data={"version": version(session, claim.id), "confirmed": "1"})
    client.post("/logout")
    assert ">Mostly false</a>" in client.get(f"/verdicts/{verdict.slug}").text
    assert session.scalar(select(Correction.note).where(Correction.verdict_id == verdict.id)) == "Re-rated."


def test_a_correction_over_a_drafts_limits_keeps_the_text(client, session, login, publish):
    verdict = publish()
    login("editor")
    claim_version = version(session, verdict.claim_id)
    page = client.post(f"/desk/published/{verdict.id}/correct", data={
        "version": claim_version, "kind": "correction", "headline": "x" * 80, "summary": "New summary typed.",
        "note": "Fix."})
    assert page.status_code == 422 and "New summary typed." in page.text
    page = client.post(f"/desk/published/{verdict.id}/correct", data={
        "version": claim_version, "kind": "correction", "headline": verdict.headline, "summary": "S.",
        "body": "See [1] and [9].", "note": "Fix."})
    assert page.status_code == 422 and "cites [9]" in page.text and "See [1] and [9]." in page.text
    stale = client.post(f"/desk/published/{verdict.id}/correct", data={
        "version": claim_version - 1, "kind": "correction", "headline": verdict.headline, "summary": "Typed.",
        "note": "Fix."})
    assert stale.status_code == 409 and "Typed." in stale.text
