"""The banners: "already checked" and "same claim as #N" on the claim page and in the queue, one action
to attach the claim as another appearance, "Not the same" (never suggested again), related claims."""
from __future__ import annotations

from sqlalchemy import select

from factcheck import matching
from factcheck.models import Claim, ClaimMatch
from factcheck.services import matching as match_service

CHECKED = "The government cut the health budget by 13 percent in 2021."
REPEAT = "The government cut the health budget by 13 percent in 2021, the senator said."
CHANGED = "The government cut the health budget by 31 percent in 2021."


def fresh(session, claim_id: int) -> Claim:
    session.expire_all()
    return session.get(Claim, claim_id)


def matched(session, make_claim, text: str, **fields) -> Claim:
    claim = make_claim("new", text=text, **fields)
    match_service.match_new_claims(session, [claim.id])
    return fresh(session, claim.id)


def a_checked_claim(session, publish):
    verdict = publish(headline="No, the health budget was not cut", claim_text=CHECKED, rating="false")
    matching.index_verdict(session, verdict)  # what the publish door does once the index is wired in
    session.commit()
    return verdict


def test_already_checked_banner_and_attach_from_the_claim_page(client, login, session, make_claim, publish):
    verdict = a_checked_claim(session, publish)
    claim = matched(session, make_claim, REPEAT)
    login("reviewer")
    page = client.get(f"/desk/claims/{claim.id}").text
    assert "Already checked:" in page and "No, the health budget was not cut" in page and ", False," in page
    assert f"Attach as an appearance of #{verdict.claim_id}" in page and "Not the same" not in page  # an editor's call
    [match] = session.scalars(select(ClaimMatch).where(ClaimMatch.claim_id == claim.id))
    response = client.post(f"/desk/claims/{claim.id}/matches/{match.id}/attach", data={"version": claim.version})
    assert response.status_code == 302
    assert f"is now an appearance of claim #{verdict.claim_id}" in client.get(response.location).text
    assert fresh(session, claim.id).status == "duplicate" and len(fresh(session, verdict.claim_id).appearances) == 2
    session.expire_all()
    assert session.get(ClaimMatch, match.id).status == "confirmed"
    stale = client.post(f"/desk/claims/{claim.id}/matches/{match.id}/attach", data={"version": claim.version})
    assert stale.status_code == 409 and "Not applied" in stale.text


def test_same_claim_banner_then_not_the_same_is_never_suggested_again(client, login, session, make_claim):
    first = make_claim("queued", text=CHECKED)
    matching.index_claim(session, first)
    session.commit()
    claim = matched(session, make_claim, REPEAT)
    login("editor")
    page = client.get(f"/desk/claims/{claim.id}").text
    assert f"Same claim as <a href=\"/desk/claims/{first.id}\">#{first.id}</a>" in page
    [match] = session.scalars(select(ClaimMatch).where(ClaimMatch.claim_id == claim.id))
    response = client.post(f"/desk/claims/{claim.id}/matches/{match.id}/reject", data={}, follow_redirects=True)
    assert "will not be suggested again" in response.text and "Same claim as" not in response.text
    match_service.match_new_claims(session, [claim.id])
    assert "Same claim as" not in client.get(f"/desk/claims/{claim.id}").text


def test_a_reviewer_cannot_reject_a_match(client, login, session, make_claim):
    first = make_claim("queued", text=CHECKED)
    matching.index_claim(session, first)
    session.commit()
    claim = matched(session, make_claim, REPEAT)
    [match] = session.scalars(select(ClaimMatch).where(ClaimMatch.claim_id == claim.id))
    login("reviewer")
    assert client.post(f"/desk/claims/{claim.id}/matches/{match.id}/reject").status_code == 403


def test_related_claims_are_listed_with_how_they_differ(client, login, session, make_claim):
    first = make_claim("queued", text=CHECKED)
    matching.index_claim(session, first)
    session.commit()
    claim = matched(session, make_claim, CHANGED)
    login("reviewer")
    page = client.get(f"/desk/claims/{claim.id}").text
    assert "Related claims" in page and "differs in: number (31 / 13)" in page
    assert "Same claim as" not in page and "Attach as an appearance" not in page


def test_the_queue_shows_the_banner_and_the_appearance_count_and_attaches(client, login, session, make_claim,
                                                                           publish):
    verdict = a_checked_claim(session, publish)
    claim = matched(session, make_claim, REPEAT)
    login("reviewer")
    page = client.get("/desk/").text
    assert "Already checked:" in page and f"Attach as an appearance of #{verdict.claim_id}" in page
    [match] = session.scalars(select(ClaimMatch).where(ClaimMatch.claim_id == claim.id))
    response = client.post(f"/desk/claims/{claim.id}/matches/{match.id}/attach",
                           data={"version": claim.version, "return_to": "/desk/?status=published", "ids": []})
    assert response.status_code == 302 and response.location.endswith("/desk/?status=published")
    page = client.get(response.location).text
    assert "2 appearances" in page


def test_the_claim_page_lists_every_appearance_with_its_time(client, login, session, make_claim):
    claim = make_claim("new", at_seconds=872)
    login("reviewer")
    page = client.get(f"/desk/claims/{claim.id}").text
    assert "at 00:14:32" in page and "1 appearance;" in page
