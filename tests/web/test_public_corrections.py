"""Editors correct and retract published verdicts; readers see every change, dated, at the same URL."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from factcheck.models import Claim, RatingLevel


def form_for(client, verdict_id):
    page = client.get(f"/desk/published/{verdict_id}/correct")
    assert page.status_code == 200
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.text) or \
        re.search(r'type="hidden" name="version" value="(\d+)"', page.text) or \
        re.search(r'name="version"[^>]*value="(\d+)"', page.text)
    return page.text, int(version.group(1))


def jsonld(text):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))


def test_editor_corrects_rating_and_headline_and_readers_see_it(app, client, login, publish, session):
    verdict = publish("Crime rose by half", rating="false")
    before = client.get(f"/verdicts/{verdict.slug}")
    login("editor")
    text, version = form_for(client, verdict.id)
    assert "Crime rose by half" in text
    mostly_false = session.scalar(select(RatingLevel.id).where(RatingLevel.slug == "mostly-false"))
    data = {"version": version, "kind": "correction", "rating": mostly_false, "headline": "Crime rose, but not by half",
            "summary": "A 3% rise in recorded crime.", "body": "See [1].", "note": "We used the wrong year's table."}
    asked = client.post(f"/desk/published/{verdict.id}/correct", data=data)  # a rating change asks first
    assert asked.status_code == 200 and "Are you sure?" in asked.text and "Change the published rating?" in asked.text
    assert 'name="headline" value="Crime rose, but not by half"' in asked.text  # nothing typed is lost
    assert "Crime rose by half" in client.get(f"/verdicts/{verdict.slug}").text  # nothing applied yet
    response = client.post(f"/desk/published/{verdict.id}/correct", data=data | {"confirmed": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verdicts/{verdict.slug}")
    client.post("/logout")
    page = client.get(f"/verdicts/{verdict.slug}")
    assert "Crime rose, but not by half</h1>" in page.text and ">Mostly false</a>" in page.text
    assert "Correction:</strong> We used the wrong year&#39;s table." in page.text
    assert jsonld(page.text)["dateModified"] >= jsonld(before.text)["dateModified"]
    assert jsonld(page.text)["reviewRating"]["ratingValue"] == 2
    assert app.extensions["factcheck.page_cache"].renders == 2  # re-rendered once, because it changed
    old = client.get(f"/verdicts/{verdict.slug}/revisions/1")
    assert old.status_code == 200 and "Crime rose by half</h1>" in old.text and "version 1 of 2" in old.text
    assert f'href="/verdicts/{verdict.slug}/revisions/1"' in page.text
    moved = client.get("/verdicts/crime-rose-but-not-by-half")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/verdicts/{verdict.slug}")


def test_a_correction_that_changes_nothing_is_refused(client, login, publish):
    verdict = publish()
    login("editor")
    text, version = form_for(client, verdict.id)
    page = client.post(f"/desk/published/{verdict.id}/correct", data={
        "version": version, "kind": "update", "headline": "Crime did not rise by half",
        "summary": "Police figures show a 3% rise, not 50%.", "body": "The police statistics [1] show a rise of 3%.",
        "note": "nothing"})
    assert page.status_code == 422 and "Nothing was changed" in page.text


def test_the_public_note_is_required(client, login, publish):
    verdict = publish()
    login("editor")
    _text, version = form_for(client, verdict.id)
    page = client.post(f"/desk/published/{verdict.id}/correct", data={
        "version": version, "kind": "correction", "headline": "New", "summary": "New", "note": ""})
    assert page.status_code == 422 and "This field is required." in page.text


def test_a_stale_form_is_refused(client, login, publish, session):
    verdict = publish()
    login("editor")
    _text, version = form_for(client, verdict.id)
    page = client.post(f"/desk/published/{verdict.id}/correct", data={
        "version": version - 1, "kind": "correction", "headline": "New", "summary": "New", "note": "fix"})
    assert page.status_code == 409
    assert session.get(Claim, verdict.claim_id).version == version


def test_retraction_from_the_desk_shows_on_the_corrections_page(client, login, publish, session):
    verdict = publish("Doomed verdict")
    login("editor")
    version = session.get(Claim, verdict.claim_id).version
    assert client.get(f"/desk/published/{verdict.id}/retract").status_code == 200
    client.post(f"/desk/published/{verdict.id}/retract", data={"version": version, "note": "The study was withdrawn.", "confirmed": "1"})
    assert "Retracted" in client.get("/desk/published/").text
    text = client.get("/corrections").text
    assert "Retraction</strong> to" in text and "The study was withdrawn." in text
    assert client.get(f"/desk/published/{verdict.id}/correct").status_code == 409
