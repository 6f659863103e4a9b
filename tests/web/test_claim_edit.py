"""The claim edit form: the edited claim on the claim page, the sentence kept, refusals on the same page."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from factcheck.db import utcnow
from factcheck.models import AuditEvent, Claim

BODY = "The envoy spoke on Tuesday. Kabulov claimed, according to Tass, that the US sponsored ISIS-K. Nothing else."
SENTENCE = "Kabulov claimed, according to Tass, that the US sponsored ISIS-K."


@pytest.fixture
def claim(make_claim, make_article):
    article = make_article(BODY, title="Envoy speaks", outlet="Tass", url="https://tass.example/envoy",
                           published_date=dt.date(2022, 8, 30))
    start = BODY.index(SENTENCE)
    return make_claim("queued", article=article, text=SENTENCE, speaker="Tass", span_start=start,
                      span_end=start + len(SENTENCE))


def form(**changes) -> dict:
    return {"version": 1, "text": "The US secretly sponsored ISIS-K in Afghanistan", "speaker": "Zamir Kabulov",
            "speaker_role": "Russia's envoy for Afghanistan", "speaker_kind": "person", "claim_date": "2022-08-30",
            **changes}


def typed(text: str) -> str:
    """How a textarea holding `text` is rendered."""
    return f">\r\n{text}</textarea>"


def stored(session, claim_id: int) -> Claim:
    session.expire_all()
    return session.get(Claim, claim_id)


def test_the_claim_page_links_to_the_form_which_shows_the_claim_and_its_sentence(client, login, claim):
    login("reviewer")
    page = client.get(f"/desk/claims/{claim.id}")
    assert f'href="/desk/claims/{claim.id}/edit">Edit claim</a>' in page.text
    assert "As it appeared" in page.text and "Envoy speaks" in page.text
    edit = client.get(f"/desk/claims/{claim.id}/edit")
    assert edit.status_code == 200
    assert typed(SENTENCE) in edit.text and 'value="Tass"' in edit.text
    assert f'<blockquote class="verbatim" dir="auto" cite="https://tass.example/envoy">{SENTENCE}</blockquote>' in edit.text


def test_an_edit_shows_on_the_claim_page_with_the_original_sentence_kept(client, login, session, claim):
    login("reviewer")
    response = client.post(f"/desk/claims/{claim.id}/edit", data=form())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/desk/claims/{claim.id}")
    page = client.get(f"/desk/claims/{claim.id}")
    assert f"Claim #{claim.id} saved." in page.text
    assert '<blockquote class="claim-text" dir="auto">The US secretly sponsored ISIS-K in Afghanistan</blockquote>' in page.text
    assert "Zamir Kabulov" in page.text and "Russia&#39;s envoy for Afghanistan" in page.text
    assert "2022-08-30" in page.text and "Version</dt><dd>2" in page.text
    assert SENTENCE in page.text and "speaker as written: <span dir=\"auto\">Tass</span>" in page.text
    assert f"<mark>{SENTENCE}</mark>" in page.text  # the sentence in its article's text
    assert "edit claim" in page.text  # the history names the event


def test_a_stale_form_is_refused_with_the_persons_text_kept_and_the_current_claim_shown(client, login, session,
                                                                                       claim):
    login("reviewer")
    client.post(f"/desk/claims/{claim.id}/edit", data=form(text="The US funded ISIS-K"))
    page = client.post(f"/desk/claims/{claim.id}/edit", data=form(text="My careful rewording of the claim"))
    assert page.status_code == 409
    assert "Not saved." in page.text and "you saw version 1, it is now at version 2" in page.text
    assert typed("My careful rewording of the claim") in page.text
    assert "The claim as it is now (version 2)" in page.text and "The US funded ISIS-K" in page.text
    assert stored(session, claim.id).text == "The US funded ISIS-K"
    again = client.post(f"/desk/claims/{claim.id}/edit", data=form(text="My careful rewording of the claim",
                                                                    version=2))
    assert again.status_code == 302 and stored(session, claim.id).text == "My careful rewording of the claim"


TOMORROW = (utcnow().date() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("changes,message", [
    ({"text": ""}, "Type the claim&#39;s text."),
    ({"text": "x" * 50_000}, "Keep the claim to 1,000 characters."),
    ({"speaker": "   "}, "The speaker&#39;s name is only spaces"),
    ({"speaker": "<b>x</b>"}, "cannot contain &lt; or &gt;"),
    ({"claim_date": "2024-02-31"}, "&#39;2024-02-31&#39; is not a date on the calendar; give it as YYYY-MM-DD."),
    ({"claim_date": TOMORROW}, f"The claim date {TOMORROW} is in the future"),
    ({"claim_date": "1899-12-31"}, "before 1900"),
    ({"speaker_kind": "robot"}, "Not a valid choice"),
], ids=["empty", "50KB", "spaces", "markup", "31 February", "future", "1899", "kind"])
def test_bad_input_is_refused_on_the_same_page_and_nothing_is_saved(client, login, session, claim, changes, message):
    login("reviewer")
    page = client.post(f"/desk/claims/{claim.id}/edit", data=form(**changes))
    assert page.status_code == 422
    assert message in page.text and "Not saved" in page.text
    if changes.get("text") != "x" * 50_000:
        assert typed(form(**changes)["text"]) in page.text  # what they typed is still there
    saved = stored(session, claim.id)
    assert (saved.text, saved.speaker, saved.version) == (SENTENCE, "Tass", 1)
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "edit_claim")) == 0


def test_a_published_claim_has_no_edit_link_and_its_form_points_to_corrections(client, login, session, make_claim):
    published = make_claim("published", text="Crime rose by half.")
    login("editor")
    assert "Edit claim</a>" not in client.get(f"/desk/claims/{published.id}").text
    page = client.get(f"/desk/claims/{published.id}/edit")
    assert "readers see it as it is" in page.text and "<textarea" not in page.text
    assert 'href="/desk/published/"' in page.text
    refused = client.post(f"/desk/claims/{published.id}/edit", data=form())
    assert refused.status_code == 409 and "Change it through a correction of its verdict." in refused.text
    assert stored(session, published.id).text == "Crime rose by half."


def test_an_unknown_claim_is_404(client, login):
    login("reviewer")
    assert client.get("/desk/claims/987654/edit").status_code == 404
    assert client.post("/desk/claims/987654/edit", data=form()).status_code == 404


def test_the_draft_page_shows_the_claim_as_readers_will_see_it_and_warns_when_it_is_long(client, login, session,
                                                                                        make_claim):
    me = login("reviewer")
    long = make_claim("researching", text=SENTENCE + " And a good deal more besides.", assignee=me)
    page = client.get(f"/desk/claims/{long.id}/draft")
    assert page.status_code == 200
    assert "The claim as readers will see it" in page.text and f'href="/desk/claims/{long.id}/edit"' in page.text
    assert f"The claim is {len(long.text)} characters long: search engines advise under 75" in page.text
    client.post(f"/desk/claims/{long.id}/edit", data=form(text="The US sponsored ISIS-K"))
    page = client.get(f"/desk/claims/{long.id}/draft")
    assert "The US sponsored ISIS-K</blockquote>" in page.text and "characters long" not in page.text
