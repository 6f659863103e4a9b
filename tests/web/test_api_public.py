"""The public JSON API: lists, records, the ClaimReview DataFeed, OpenAPI, and errors as JSON."""
from __future__ import annotations

import extruct
import pytest

from factcheck.models import Claim, Setting, Verdict
from factcheck.services import editorial
from tests.support.schemaorg import require_vocabulary, validate


def test_list_is_paginated_and_filterable(client, publish):
    for n in range(5):
        publish(f"Verdict {n}", rating="false" if n % 2 else "true")
    page = client.get("/api/v1/verdicts?per_page=2").json
    assert (page["page"], len(page["verdicts"]), page["previous"]) == (1, 2, None)
    assert [v["headline"] for v in page["verdicts"]] == ["Verdict 4", "Verdict 3"]
    assert page["next"].startswith("/api/v1/verdicts?") and "before=" in page["next"]  # a cursor, not an offset
    shown = []
    while page["next"]:
        page = client.get(page["next"]).json
        shown.append([v["headline"] for v in page["verdicts"]])
    assert shown == [["Verdict 2", "Verdict 1"], ["Verdict 0"]] and page["page"] == 3
    back = client.get(page["previous"]).json
    assert [v["headline"] for v in back["verdicts"]] == ["Verdict 2", "Verdict 1"] and back["page"] == 2
    assert client.get("/api/v1/verdicts?per_page=2&page=2").json["verdicts"] == back["verdicts"]  # ?page= still works
    falses = client.get("/api/v1/verdicts?rating=false").json["verdicts"]
    assert {v["rating"]["slug"] for v in falses} == {"false"} and len(falses) == 2
    assert len(client.get("/api/v1/verdicts?q=verdict").json["verdicts"]) == 5
    assert client.get("/api/v1/verdicts").headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("query,status,words", [
    ("page=x", 400, "page number"), ("per_page=1000", 400, "per_page"), ("rating=nope", 400, "no rating"),
    ("q=" + "y" * 300, 400, "at most 200"), ("page=7", 400, "no page 7"),
])
def test_bad_queries_answer_json_errors(client, publish, query, status, words):
    publish()
    response = client.get(f"/api/v1/verdicts?{query}")
    assert response.status_code == status and response.is_json
    assert words in response.json["message"]


def test_record_has_sources_corrections_and_claimreview(client, publish, session):
    verdict = publish()
    claim = session.get(Claim, verdict.claim_id)
    editorial.correct(session, publish.editor, claim.id, claim.version, editorial.Change("Fixed a figure.", summary="A 3.1% rise."))
    record = client.get(f"/api/v1/verdicts/{verdict.slug}").json
    assert record["summary"] == "A 3.1% rise." and record["revisions"] == 2
    assert record["sources"][0]["archive_url"] == "https://archive.example.org/1"
    assert [c["note"] for c in record["corrections"]] == ["Fixed a figure."]
    assert record["claimreview"]["@type"] == "ClaimReview"


def test_unpublished_is_404_and_retracted_is_410_in_json(client, publish, make_claim, session):
    draft = make_claim("in_review")
    session.add(Verdict(claim_id=draft.id, headline="Draft", slug="draft-slug"))
    verdict = publish()
    claim = session.get(Claim, verdict.claim_id)
    editorial.retract(session, publish.editor, claim.id, claim.version, "Our source was forged.")
    missing = client.get("/api/v1/verdicts/draft-slug")
    assert missing.status_code == 404 and missing.is_json and missing.json["message"]
    gone = client.get(f"/api/v1/verdicts/{verdict.slug}")
    assert gone.status_code == 410 and gone.json["verdict"]["retracted"] is True
    assert "Our source was forged." in gone.json["message"]
    listed = client.get("/api/v1/verdicts").json["verdicts"]
    assert listed[0]["retracted"] is True and listed[0]["rating"] is None


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json


def test_datafeed_matches_the_pages(client, publish, session):
    session.merge(Setting(key="org_url", value="https://news.example.org"))
    session.commit()
    slugs = [publish(f"Checked claim {n}", rating=r).slug for n, r in enumerate(("false", "misleading", "true"))]
    retracted = publish("Withdrawn")
    claim = session.get(Claim, retracted.claim_id)
    editorial.retract(session, publish.editor, claim.id, claim.version, "Wrong.")
    feed = client.get("/api/v1/claimreview.json").json
    assert validate(feed, require_vocabulary()) == []
    assert feed["@type"] == "DataFeed" and feed["url"] == "https://news.example.org/api/v1/claimreview.json"
    elements = {element["url"]: element for element in feed["dataFeedElement"]}
    assert set(elements) == {f"https://news.example.org/verdicts/{slug}" for slug in slugs}
    for slug in slugs:
        html = client.get(f"/verdicts/{slug}").text
        [on_page] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
        on_page.pop("@context")
        assert elements[f"https://news.example.org/verdicts/{slug}"] == on_page


def test_openapi_describes_every_route(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/verdicts", "/verdicts/{slug}", "/claimreview.json", "/openapi.json", "/match", "/tips"}
    assert spec["servers"][0]["url"].endswith("/api/v1")


def test_old_slug_redirects_in_the_api_too(client, publish, session):
    verdict = publish("Old headline")
    claim = session.get(Claim, verdict.claim_id)
    editorial.correct(session, publish.editor, claim.id, claim.version, editorial.Change("Clearer headline.", headline="New headline"))
    response = client.get("/api/v1/verdicts/new-headline")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/api/v1/verdicts/{verdict.slug}")


def test_conditional_get_on_records(client, publish, session):
    verdict = publish()
    first = client.get(f"/api/v1/verdicts/{verdict.slug}")
    again = client.get(f"/api/v1/verdicts/{verdict.slug}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_the_api_is_rate_limited_per_client_with_a_json_answer(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get("/api/v1/verdicts").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/claimreview.json")  # the limit covers every API route together
    assert refused.status_code == 429 and refused.is_json and "Too many" in refused.json["message"]
    assert client.get("/").status_code == 200  # reader pages are not limited
