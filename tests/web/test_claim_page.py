"""The claim page: what it shows, the buttons each person gets, and refusals of stale submits."""
import datetime as dt

from factcheck.services import triage
from tests.conftest import claim_status

BODY = ("The council met on Monday. Unemployment fell to 3 percent last year, the mayor said. "
        "Critics disagreed. Bus fares doubled in 2023, according to the union.")


def article_claims(make_article, make_claim):
    article = make_article(BODY, title="Council notes", outlet="City Post", published_date=dt.date(2024, 2, 2))
    first_start = BODY.index("Unemployment")
    second_start = BODY.index("Bus fares")
    first = make_claim(article=article, text="Unemployment fell to 3 percent last year",
                       span_start=first_start, span_end=first_start + 40, speaker="Mayor Lee",
                       speaker_role="mayor of the city", attribution="said", claim_types=["quantity"],
                       claim_date=dt.date(2023, 1, 1), claim_date_precision="year", claim_date_text="last year",
                       date_warning="relative date resolved against the article's date")
    second = make_claim(article=article, text="Bus fares doubled in 2023", span_start=second_start,
                        span_end=second_start + 25)
    return first, second


def test_claim_page_shows_the_claim_in_its_article_and_its_history(client, login, session, make_claim, make_article,
                                                                   make_user):
    claim, _ = article_claims(make_article, make_claim)
    triage.accept(session, make_user("reviewer", name="Rui"), claim.id, 1)
    login("reviewer")
    page = client.get(f"/desk/claims/{claim.id}")
    assert page.status_code == 200
    for shown in ("Mayor Lee", "mayor of the city", "said", "quantity/statistic", "2023-01-01 (year, from “last year”)",
                  "relative date resolved", "<mark>Unemployment fell to 3 percent last year</mark>",
                  "Council notes", "Version</dt><dd>2", "Rui:", "accept (new → queued)"):
        assert shown in page.text, shown


def test_the_article_page_highlights_every_claim(client, login, make_claim, make_article):
    first, second = article_claims(make_article, make_claim)
    login("reviewer")
    page = client.get(f"/desk/articles/{first.article_id}?claim={first.id}")
    assert page.text.count("<mark>") == 2
    assert f'id="claim-{first.id}"' in page.text and f'id="claim-{second.id}"' in page.text
    assert 'class="claim-mark current"' in page.text


def action_buttons(page) -> set[str]:
    import re
    return set(re.findall(r'class="action action-([a-z_]+)"', page.text))


def test_only_the_actions_the_workflow_allows_this_person(client, login, make_claim, make_user):
    new, queued, dismissed = make_claim(), make_claim("queued"), make_claim("dismissed")
    login("reviewer")
    assert action_buttons(client.get(f"/desk/claims/{new.id}")) == {"accept", "dismiss", "mark_duplicate"}
    assert action_buttons(client.get(f"/desk/claims/{queued.id}")) == {"mark_duplicate", "take"}
    assert action_buttons(client.get(f"/desk/claims/{dismissed.id}")) == set()
    client.post("/logout")
    login("editor")
    assert action_buttons(client.get(f"/desk/claims/{queued.id}")) == {"mark_duplicate", "take", "assign"}
    assert action_buttons(client.get(f"/desk/claims/{dismissed.id}")) == {"reopen"}


def test_take_assign_and_release(client, login, session, make_claim, make_user):
    claim, other = make_claim("queued"), make_claim("queued")
    helper = make_user("reviewer", name="Helper")
    login("editor")
    client.post(f"/desk/claims/{claim.id}/take", data={"version": 1})
    assert claim_status(session, claim.id) == "researching"
    client.post(f"/desk/claims/{other.id}/assign", data={"version": 1, "assignee": helper.id})
    session.expire_all()
    assert session.get(type(claim), other.id).assignee_id == helper.id
    page = client.get(f"/desk/people/{helper.id}")
    assert f'/desk/claims/{other.id}"' in page.text and f'/desk/claims/{claim.id}"' not in page.text
    assert f'/desk/claims/{claim.id}"' in client.get("/desk/mine", follow_redirects=True).text
    client.post(f"/desk/claims/{claim.id}/release", data={"version": 2})
    assert claim_status(session, claim.id) == "queued"


def test_a_stale_action_is_refused_and_the_page_shows_the_claim_as_it_is_now(client, login, session, make_claim,
                                                                            make_user):
    claim = make_claim()
    triage.dismiss(session, make_user("reviewer", name="Quick Quinn"), claim.id, 1, "opinion")
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/accept", data={"version": 1})
    assert page.status_code == 409
    assert "Not applied." in page.text and "you saw version 1, it is now at version 2, dismissed" in page.text
    assert "Quick Quinn" in page.text and "Opinion" in page.text
    assert claim_status(session, claim.id) == "dismissed"


def test_actions_in_the_wrong_state_and_forged_ids(client, login, session, make_claim):
    published = make_claim("published")
    login("editor")
    page = client.post(f"/desk/claims/{published.id}/accept", data={"version": 1})
    assert page.status_code == 409 and "Cannot accept a claim that is published" in page.text
    assert client.post("/desk/claims/987654/accept", data={"version": 1}).status_code == 404
    assert client.post(f"/desk/claims/{published.id}/explode", data={"version": 1}).status_code == 404
    assert client.get("/desk/people/987654").status_code == 404


def test_board_counts_states_oldest_waiting_and_today(client, login, session, make_claim, make_user):
    make_claim(text="The oldest claim."), make_claim(), make_claim("queued")
    triage.dismiss(session, make_user("reviewer", name="Mo"), make_claim().id, 1, "opinion")
    login("reviewer")
    page = client.get("/desk/board")
    assert page.status_code == 200
    assert "The oldest claim." in page.text and "dismiss: 1" in page.text and "Mo:" in page.text
    assert '<td class="number">2</td>' in page.text  # two new claims
