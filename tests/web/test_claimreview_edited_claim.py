"""A verdict on an edited claim: readers and search engines get the desk's statement and speaker,
and the place and day the claim appeared."""
from __future__ import annotations

import datetime as dt

import extruct
import pytest

from factcheck.models import Setting
from factcheck.services.claim_edits import ClaimEdit, edit_claim
from tests.support.schemaorg import require_vocabulary, validate

SITE = "https://news.example.org"
BODY = ("The envoy spoke on Friday. Kabulov claimed, according to the agency Tass, that the US had secretly "
        "sponsored ISIS-K in Afghanistan. Nothing else was said.")
SENTENCE = "Kabulov claimed, according to the agency Tass, that the US had secretly sponsored ISIS-K in Afghanistan."
EDITED = "The US secretly sponsored ISIS-K in Afghanistan"


@pytest.fixture
def make_claim(make_claim, make_article, make_user, session):
    """The desk's factory, but every claim comes from the Tass article and is edited before it is drafted."""
    article = make_article(BODY, title="Envoy accuses US", outlet="Tass", url="https://tass.example/envoy",
                           published_date=dt.date(2023, 1, 20))

    def make(*args, edit: ClaimEdit | None = None, **fields):
        start = BODY.index(SENTENCE)
        claim = make_claim(*args, article=article, span_start=start, span_end=start + len(SENTENCE), **fields)
        return edit_claim(session, make_user("reviewer"), claim.id, claim.version, edit) if edit else claim

    return make


@pytest.fixture
def organisation(session):
    for key, value in {"org_url": SITE, "org_name": "Example Checks"}.items():
        session.merge(Setting(key=key, value=value))
    session.commit()


def claimreview(client, slug: str) -> dict:
    data = extruct.extract(client.get(f"/verdicts/{slug}").text, base_url=SITE, syntaxes=["json-ld"])["json-ld"]
    [review] = [item for item in data if item.get("@type") == "ClaimReview"]
    assert validate(review, require_vocabulary()) == []
    return review


def test_claimreview_carries_the_edited_claim_and_speaker_and_the_appearance(client, publish, organisation):
    verdict = publish(claim_text=SENTENCE, speaker="Tass", edit=ClaimEdit(
        text=EDITED, speaker="Zamir Kabulov", speaker_role="Russia's envoy for Afghanistan", speaker_kind="person",
        claim_date=dt.date(2023, 1, 19)))
    review = claimreview(client, verdict.slug)
    assert review["claimReviewed"] == EDITED
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Zamir Kabulov"}
    assert item["datePublished"] == "2023-01-19"  # the day it was said, as the desk set it
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://tass.example/envoy",
                                   "headline": "Envoy accuses US", "datePublished": "2023-01-20",
                                   "publisher": {"@type": "Organization", "name": "Tass"}}]
    page = client.get(f"/verdicts/{verdict.slug}").text
    assert f"“{EDITED}”" in page and "Zamir Kabulov" in page and "Russia&#39;s envoy for Afghanistan" in page
    assert SENTENCE not in page  # the raw sentence is the desk's record, not the public claim


def test_an_organisation_speaker_and_no_claim_date_fall_back_to_the_appearance(client, publish, organisation):
    verdict = publish(claim_text=SENTENCE, speaker="Tass", edit=ClaimEdit(
        text=EDITED, speaker="Tass", speaker_kind="organisation"))
    item = claimreview(client, verdict.slug)["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Tass"}
    assert item["datePublished"] == "2023-01-20"  # no date set by the desk: the day it appeared
