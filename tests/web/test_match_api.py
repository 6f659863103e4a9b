"""GET /api/v1/match: our published verdicts and partners' fact-checks, never a draft or a retraction."""
from datetime import datetime

import pytest
from sqlalchemy import select

from factcheck import matching
from factcheck.models import ExternalFactCheck, RatingLevel, Verdict

BUDGET = "The government cut the health budget by 13 percent in 2021."


@pytest.fixture
def verdict(session, make_claim):
    claim = make_claim("published", text=BUDGET)
    row = Verdict(claim_id=claim.id, headline="No, the health budget was not cut", summary="s", body="b",
                  slug="health-budget", published_at=datetime(2024, 5, 1),
                  rating_id=session.scalar(select(RatingLevel.id).where(RatingLevel.slug == "false")))
    session.add(row)
    session.flush()
    matching.index_claim(session, claim)
    session.commit()
    return row


def test_a_published_verdict_answers_as_already_checked_by_us(client, verdict):
    response = client.get("/api/v1/match", query_string={"text": "In 2021 the government cut the health budget by 13 percent"})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    [found] = response.json["matches"]
    assert found["kind"] == "already_checked" and found["checked_by"] == "us"
    assert found["headline"] == "No, the health budget was not cut" and found["rating"] == "False"
    assert found["url"].endswith("/health-budget") and 0 < found["score"] <= 1


def test_a_changed_number_is_related_with_the_reason(client, verdict):
    found = client.get("/api/v1/match?text=The government cut the health budget by 31 percent in 2021").json["matches"]
    assert found[0]["kind"] == "related" and found[0]["reason"] == "related, differs in: number (31 / 13)"


def test_drafts_unpublished_claims_and_retractions_are_never_answered(client, session, verdict, make_claim):
    draft_claim = make_claim("researching", text="Ferry tickets to the islands doubled in price this summer.")
    session.add(Verdict(claim_id=draft_claim.id, headline="Draft", slug="draft-ferry"))
    session.commit()
    matching.index_claim(session, draft_claim)
    session.commit()
    assert client.get("/api/v1/match?text=ferry tickets to the islands doubled in price").json["matches"] == []
    verdict.retracted_at = datetime(2024, 6, 1)
    matching.index_verdict(session, verdict)
    session.commit()
    assert client.get(f"/api/v1/match?text={BUDGET}").json["matches"] == []


def test_a_partner_fact_check_says_who_checked_it(client, session):
    row = ExternalFactCheck(review_url="https://partner.example.org/c/1", publisher_name="Partner Checks",
                            claim_reviewed="Bridges in the city are closing at night.", rating_text="False", raw={})
    session.add(row)
    session.flush()
    matching.index_external(session, row)
    session.commit()
    [found] = client.get("/api/v1/match?text=bridges in the city are closing at night").json["matches"]
    assert found["checked_by"] == "Partner Checks" and found["url"] == "https://partner.example.org/c/1"


@pytest.mark.parametrize("query, status, message", [
    ("", 400, "Give the text to match"),
    ("text=" + "x" * 3000, 400, "at most 2000 characters"),
    ("text=budget&limit=0", 400, "limit must be a whole number"),
    ("text=budget&limit=abc", 400, "limit must be a whole number"),
])
def test_bad_requests_are_json_errors_naming_the_problem(client, query, status, message):
    response = client.get(f"/api/v1/match?{query}")
    assert response.status_code == status and message in response.json["message"]


@pytest.mark.parametrize("text", ['"NEAR(budget cut)" * ^ : -', "'; DROP TABLE claims; --", "😀🔥", "the of and", "?!"])
def test_hostile_text_gets_an_answer(client, verdict, text):
    assert client.get("/api/v1/match", query_string={"text": text}).status_code == 200


def test_the_match_api_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "text" in [p["name"] for p in spec["paths"]["/match"]["get"]["parameters"]]
