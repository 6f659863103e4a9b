"""The ClaimReview DataFeed in pages: every current verdict exactly once across the pages, each page
a valid DataFeed, the ClaimReview stored at publish/correct/retract and refreshed when it goes stale."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from factcheck.models import Claim, Setting
from factcheck.models.published import ClaimReviewRecord
from factcheck.services import editorial
from factcheck.services.public import datafeed
from tests.support.schemaorg import require_vocabulary, validate

SITE = "https://news.example.org"


@pytest.fixture
def small_pages(monkeypatch, session):
    monkeypatch.setattr(datafeed, "PAGE_SIZE", 2)
    session.merge(Setting(key="org_url", value=SITE))
    session.commit()


def next_link(response) -> str | None:
    found = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("Link", ""))
    return found.group(1).removeprefix(SITE) if found else None


def walk(client) -> list[dict]:
    pages, url = [], "/api/v1/claimreview.json"
    while url:
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Access-Control-Expose-Headers"] == "Link"
        pages.append(response.json)
        url = next_link(response)
    return pages


def test_pages_hold_every_current_claimreview_once_and_each_is_a_datafeed(client, publish, session, small_pages):
    slugs = [publish(f"Checked claim {n}").slug for n in range(5)]
    withdrawn = publish("Withdrawn")
    claim = session.get(Claim, withdrawn.claim_id)
    editorial.retract(session, publish.editor, claim.id, claim.version, "Our source was forged.")
    pages = walk(client)
    assert [len(p["dataFeedElement"]) for p in pages] == [2, 2, 1]
    for feed in pages:
        assert validate(feed, require_vocabulary()) == []
        assert feed["@type"] == "DataFeed" and feed["url"] == f"{SITE}/api/v1/claimreview.json"
    urls = [element["url"] for feed in pages for element in feed["dataFeedElement"]]
    assert urls == [f"{SITE}/verdicts/{slug}" for slug in slugs]  # by verdict, oldest first; the retracted one gone


def test_the_claimreview_is_stored_when_published_and_corrected(client, publish, session, small_pages):
    verdict = publish("Crime did not rise by half")
    stored = session.get(ClaimReviewRecord, verdict.id)
    assert stored.claimreview["headline"] == "Crime did not rise by half"
    claim = session.get(Claim, verdict.claim_id)
    editorial.correct(session, publish.editor, claim.id, claim.version,
                      editorial.Change("Clearer headline.", headline="Crime rose by 3%, not by half"))
    session.expire_all()
    assert session.get(ClaimReviewRecord, verdict.id).claimreview["headline"] == "Crime rose by 3%, not by half"
    [element] = client.get("/api/v1/claimreview.json").json["dataFeedElement"]
    assert element["headline"] == "Crime rose by 3%, not by half"
    editorial.retract(session, publish.editor, claim.id, session.get(Claim, claim.id).version, "Withdrawn.")
    session.expire_all()
    assert session.get(ClaimReviewRecord, verdict.id).claimreview is None
    assert client.get("/api/v1/claimreview.json").json["dataFeedElement"] == []


def test_a_cached_page_changes_at_the_next_publication(app, client, publish, small_pages):
    publish("First")
    assert len(client.get("/api/v1/claimreview.json").json["dataFeedElement"]) == 1
    assert len(client.get("/api/v1/claimreview.json").json["dataFeedElement"]) == 1
    renders = app.extensions["factcheck.page_cache"].renders
    publish("Second")
    assert [e["headline"] for e in client.get("/api/v1/claimreview.json").json["dataFeedElement"]] == ["First", "Second"]
    assert app.extensions["factcheck.page_cache"].renders == renders + 1


def test_records_rendered_against_old_settings_are_rendered_again_and_stored(client, publish, session, small_pages):
    verdict = publish()
    session.merge(Setting(key="org_name", value="Renamed Checks"))
    session.commit()
    [element] = client.get("/api/v1/claimreview.json").json["dataFeedElement"]
    assert element["author"]["name"] == "Renamed Checks"
    session.expire_all()
    assert session.get(ClaimReviewRecord, verdict.id).claimreview["author"]["name"] == "Renamed Checks"


def test_a_verdict_published_without_a_record_is_still_in_the_feed(client, publish, session, small_pages):
    verdict = publish()
    session.delete(session.get(ClaimReviewRecord, verdict.id))  # as after an upgrade, before any publication
    session.commit()
    [element] = client.get("/api/v1/claimreview.json").json["dataFeedElement"]
    assert element["url"] == f"{SITE}/verdicts/{verdict.slug}"
    assert session.scalar(select(ClaimReviewRecord.verdict_id)) == verdict.id


@pytest.mark.parametrize("after", ["abc", "-1", "1e9", "99999999999"])
def test_a_bad_cursor_is_a_json_400(client, after):
    response = client.get(f"/api/v1/claimreview.json?after={after}")
    assert response.status_code == 400 and response.is_json and "after must be" in response.json["message"]
