"""The tip line on the web: the /submit form, its honeypot and rate limit, the JSON API, the editors'
tips list, the email to a tipster when a verdict is published, and a contact that never leaks."""
import pytest
from sqlalchemy import select

from factcheck.models import AuditEvent, Claim, Tip, TipContact

HEADLINE = "No, the health budget was not cut"
BUDGET = "The government cut the health budget by 13 percent in 2021."
REPEAT = "In 2021 the government cut the health budget by 13 percent"
MARKER = "marker-4417@example.org"


@pytest.fixture
def checked(publish):
    return publish(HEADLINE, claim_text=BUDGET, speaker=None)


def test_the_form_says_how_contacts_are_kept(client):
    page = client.get("/submit")
    assert page.status_code == 200
    assert 'name="text"' in page.text and 'name="contact"' in page.text and 'class="honeypot"' in page.text
    assert "stored apart from the claim, never published" in page.text and "deleted after 90 days" in page.text


def test_a_tip_matching_a_verdict_is_answered_on_the_same_page(client, checked):
    page = client.post("/submit", data={"text": REPEAT})
    assert page.status_code == 200 and "We checked this" in page.text
    assert HEADLINE in page.text and f"/verdicts/{checked.slug}" in page.text and "False" in page.text


def test_a_new_tip_is_thanked_and_reaches_the_queue(client, session, login):
    page = client.post("/submit", data={"text": "Wind farms kill more birds than cats in Britain every year.",
                                        "link": "https://social.example.org/p/9"})
    assert "Thank you: our desk will look at it." in page.text
    login("reviewer")
    queue = client.get("/desk/?sort=demand")
    assert queue.status_code == 200 and "Wind farms kill more birds" in queue.text


def test_the_honeypot_thanks_a_bot_and_keeps_nothing(client, session):
    page = client.post("/submit", data={"text": "Buy cheap pills online at the best prices.", "website": "http://spam"})
    assert "Thank you" in page.text and session.scalar(select(Tip)) is None


def test_a_bad_tip_re_shows_the_form_with_the_field_marked(client, session):
    page = client.post("/submit", data={"text": "A claim about rents.", "link": "javascript:alert(1)"})
    assert page.status_code == 422 and "must be a web address" in page.text and 'aria-invalid="true"' in page.text
    assert "A claim about rents." in page.text  # what the reader typed is kept


@pytest.mark.parametrize("text", ["", "x" * 100_000, "🙂🙂🙂🙂", '" * NEAR : - ^', "' OR 1=1; --",
                                  '"budget" * NEAR(cut health) : -13 ^2021', "'; DROP TABLE tips; -- the budget"])
def test_hostile_tips_never_fail_with_a_500(client, checked, text):
    form = client.post("/submit", data={"text": text})
    api = client.post("/api/v1/tips", json={"text": text})
    assert form.status_code in (200, 422) and api.status_code in (201, 422)
    assert "Something went wrong" not in form.text


def test_the_form_and_the_api_share_a_rate_limit(client, app):
    app.config["TIP_RATE_LIMIT"] = "3 per minute"
    answers = [client.post("/submit", data={"text": f"Claim number {n} about the city budget."}).status_code
               for n in range(2)]
    answers.append(client.post("/api/v1/tips", json={"text": "Claim three about the city budget."}).status_code)
    assert answers == [200, 200, 201]
    assert client.post("/submit", data={"text": "One claim too many about budgets."}).status_code == 429
    refused = client.post("/api/v1/tips", json={"text": "One claim too many about budgets."})
    assert refused.status_code == 429 and refused.json["status"] == 429
    assert client.get("/submit").status_code == 200  # reading the form is not limited


def test_the_api_answers_json(client, checked):
    response = client.post("/api/v1/tips", json={"text": REPEAT, "contact": "r@example.org", "wants_updates": True})
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "answered" and body["checked"]["checked_by"] == "us"
    assert body["checked"]["url"].endswith(f"/verdicts/{checked.slug}") and body["message"].startswith("We checked this")
    assert "r@example.org" not in response.text


@pytest.mark.parametrize("payload,field", [({"text": "A claim", "extra": 1}, "extra"), ({"text": 5}, "text"),
                                           ({"link": "https://e.org"}, "text"),
                                           ({"text": "A claim about rents.", "wants_updates": "yes"}, "wants_updates"),
                                           ({"text": "A claim about rents.", "contact": "nobody"}, "contact")])
def test_the_api_refuses_a_bad_body_naming_the_field(client, payload, field):
    response = client.post("/api/v1/tips", json=payload)
    assert response.status_code == 422 and field in [p["field"] for p in response.json["problems"]]
    assert field in response.json["message"] or response.json["problems"][0]["field"] == field


def test_the_api_takes_only_json(client):
    assert client.post("/api/v1/tips", data={"text": "A claim about rents."}).status_code == 415
    assert client.post("/api/v1/tips", data="[1, 2]", content_type="application/json").status_code == 422
    assert client.post("/api/v1/tips", data="{not json", content_type="application/json").status_code == 422


def test_the_api_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "post" in spec["paths"]["/tips"]


def test_editors_mark_spam_and_block_and_see_a_contact_only_on_request(client, session, login):
    client.post("/submit", data={"text": "Free money for everyone who clicks this link now.", "contact": MARKER})
    tip = session.scalar(select(Tip))
    login("editor")
    listing = client.get("/desk/tips/")
    assert "Free money for everyone" in listing.text and MARKER not in listing.text and "Show contact" in listing.text
    shown = client.post(f"/desk/tips/{tip.id}/contact")
    assert MARKER in shown.text
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "reveal_contact")) is not None
    assert client.post(f"/desk/tips/{tip.id}/spam", data={"block": "1"}).status_code == 302
    session.expire_all()
    assert session.get(Claim, tip.claim_id).status == "dismissed"
    client.post("/logout")
    again = client.post("/submit", data={"text": "More free money for everyone who clicks."})
    assert again.status_code == 403 and "not accepted" in again.text


def test_a_contact_never_appears_on_a_public_page_feed_api_or_desk_page(client, session, checked, login):
    client.post("/submit", data={"text": REPEAT, "contact": MARKER, "wants_updates": "y"})
    client.post("/submit", data={"text": "Bus fares rose by 80 percent in Leeds since 2019.", "contact": MARKER})
    tip = session.scalar(select(Tip).where(Tip.text.like("Bus fares%")))
    public = ["/", "/verdicts/", f"/verdicts/{checked.slug}", "/search?q=bus", "/feeds/verdicts.atom", "/sitemap.xml",
              "/api/v1/verdicts", f"/api/v1/verdicts/{checked.slug}", "/api/v1/claimreview.json",
              "/api/v1/match?text=bus fares rose", "/submit"]
    for url in public:
        assert MARKER not in client.get(url).text, url
    login("editor")
    desk = ["/desk/", "/desk/?status=new&sort=demand", f"/desk/claims/{tip.claim_id}", f"/desk/claims/{checked.claim_id}",
            "/desk/board", "/desk/tips/", "/desk/review/"]
    for url in desk:
        page = client.get(url)
        assert page.status_code == 200 and MARKER not in page.text, url
    assert MARKER in client.post(f"/desk/tips/{tip.id}/contact").text  # only after the audited reveal
    assert session.scalar(select(TipContact.contact).where(TipContact.tip_id == tip.id)) == MARKER
